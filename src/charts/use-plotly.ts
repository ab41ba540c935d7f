import { useEffect, useState } from 'react';
import { loadPlotly, type Plotly } from './plotly-loader';

export type PlotlyState =
  | { status: 'loading' }
  | { status: 'ready'; plotly: Plotly }
  | { status: 'failed'; message: string };

/** The lazily loaded Plotly API, or why it could not be loaded. */
export function usePlotly(): PlotlyState {
  const [state, setState] = useState<PlotlyState>({ status: 'loading' });
  useEffect(() => {
    let live = true;
    loadPlotly().then(
      (plotly) => {
        if (live) setState({ status: 'ready', plotly });
      },
      (error: unknown) => {
        const message = error instanceof Error ? error.message : String(error);
        if (live) setState({ status: 'failed', message: `Charts could not load: ${message}` });
      },
    );
    return () => {
      live = false;
    };
  }, []);
  return state;
}
