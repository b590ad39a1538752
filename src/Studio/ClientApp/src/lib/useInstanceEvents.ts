import { useEffect, useRef, useState } from 'react';
import { subscribe } from '../api/events';
import type { EngineEvent } from '../api/types';
import { applyEvent, emptyRun, type RunState } from './runState';

/** Follows an instance's live events into a RunState; `onEvent` sees each new event (e.g. to reload the journal). */
export function useInstanceEvents(instanceId: string | undefined, onEvent?: (event: EngineEvent) => void): RunState {
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
  }, [instanceId]);
  return state;
}
