import { useStore, type ReactFlowState } from '@xyflow/react';
import { useEffect, type RefObject } from 'react';

/** Below this zoom a node's 11–14 px text is under 5 px on screen: unreadable, yet the costliest thing to paint. */
export const LowDetailZoom = 0.35;
const isZoomedOut = (s: ReactFlowState) => s.transform[2] < LowDetailZoom;

/**
 * Marks the canvas `zoomed-out` while the zoom is below {@link LowDetailZoom}, so styles.css hides node text and port labels
 * (keeping boxes, colours and handles). Rendered inside ReactFlow; it re-renders only when the threshold is crossed, and sets
 * the class on the DOM directly so the page holding 500 nodes does not re-render when the user zooms.
 */
export function ZoomDetail({ canvas }: { canvas: RefObject<HTMLElement | null> }) {
  const zoomedOut = useStore(isZoomedOut);
  useEffect(() => {
    const element = canvas.current;
    element?.classList.toggle('zoomed-out', zoomedOut);
    return () => element?.classList.remove('zoomed-out');
  }, [canvas, zoomedOut]);
  return null;
}
