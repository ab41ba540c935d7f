import type * as PlotlyModule from 'plotly.js-basic-dist-min';

export type Plotly = typeof PlotlyModule;

let loading: Promise<Plotly> | undefined;

/**
 * Plotly is about a megabyte: it is fetched the first time a chart is shown, once, so a notebook
 * without charts never pays for it.
 */
export function loadPlotly(): Promise<Plotly> {
  if (loading === undefined) {
    loading = import('plotly.js-basic-dist-min').then((mod) => {
      // The bundle is UMD; depending on the bundler's interop the API is the namespace itself
      // or its default export.
      const api: unknown = 'default' in mod ? mod.default : mod;
      if (!isPlotly(api)) throw new Error('plotly.js did not load: its bundle has no react()');
      return api;
    });
    // A failed fetch (offline, a deploy in between) may succeed on the next chart.
    loading.catch(() => {
      loading = undefined;
    });
  }
  return loading;
}

function isPlotly(value: unknown): value is Plotly {
  return (
    typeof value === 'object' &&
    value !== null &&
    'react' in value &&
    typeof value.react === 'function' &&
    'extendTraces' in value &&
    typeof value.extendTraces === 'function'
  );
}
