import { useEffect, useRef, useState } from 'react';
import { subscribe } from '../api/events';
import type { EngineEvent } from '../api/types';
import { applyEvent, emptyRun, type RunState } from './runState';

/**
 * Follows an instance's live events into a RunState; `onEvent` sees each new event (e.g. to reload the journal). The
 * server closes the stream of an instance that ended; a new `generation` opens it again (after a retry revived it).
 */
export function useInstanceEvents(instanceId: string | undefined, onEvent?: (event: EngineEvent) => void, generation = 0): RunState {
  const [state, setState] = useState<RunState>(emptyRun);
  const callback = useRef(onEvent);
  callback.current = onEvent;
  useEffect(() => {
    setState(emptyRun);
    if (!instanceId) return;
    return subscribe(instanceId, event => {
      setState(s => applyEvent(s, event));
      callback.current?.(event);
    });
  }, [instanceId, generation]);
  return state;
}
