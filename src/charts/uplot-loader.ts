import type uPlot from 'uplot';

export type UPlot = typeof uPlot;

let loading: Promise<UPlot> | undefined;

/**
 * uPlot (~50 kB, 22 kB gzip) draws the live training chart. It is fetched with the first chart,
 * not with the page, so opening a notebook stays as fast as before.
 */
export function loadUPlot(): Promise<UPlot> {
  if (loading === undefined) {
    loading = import('./uplot-module').then((mod) => mod.default);
    // A failed fetch (offline, a deploy in between) may succeed on the next chart.
    loading.catch(() => {
      loading = undefined;
    });
  }
  return loading;
}
