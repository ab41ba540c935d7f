import { useEffect, useState } from 'react';

export type LazyModuleState<T> =
  | { status: 'loading' }
  | { status: 'ready'; module: T }
  | { status: 'failed'; message: string };

/** A lazily loaded charting library, or why it could not be loaded. `load` must be stable. */
export function useLazyModule<T>(load: () => Promise<T>): LazyModuleState<T> {
  const [state, setState] = useState<LazyModuleState<T>>({ status: 'loading' });
  useEffect(() => {
    let live = true;
    load().then(
      (module) => {
        if (live) setState({ status: 'ready', module });
      },
      (error: unknown) => {
        const message = error instanceof Error ? error.message : String(error);
        if (live) setState({ status: 'failed', message: `Charts could not load: ${message}` });
      },
    );
    return () => {
      live = false;
    };
  }, [load]);
  return state;
}
