import type { PlotlyFigure } from '@/protocol';
import { displayBundle } from '../../display';
import type { Params } from './space';

/** The names whose values vary across the rows, in order. */
function varying(names: string[], rows: { params: Params }[]): string[] {
  return names.filter((n) => new Set(rows.map((r) => JSON.stringify(r.params[n]))).size > 1);
}

/**
 * For a grid over exactly two parameters: a heatmap of the value of each combination (rows:
 * the first name's values, columns: the second's), drawn once the grid is done.
 */
export function showGridHeatmap(
  names: string[],
  rows: { params: Params; value: number }[],
  title: string,
): PlotlyFigure | null {
  const [yName, xName, ...rest] = varying(names, rows);
  if (yName === undefined || xName === undefined || rest.length > 0) return null;
  const keys = (name: string) => [...new Set(rows.map((r) => JSON.stringify(r.params[name])))];
  const ys = keys(yName);
  const xs = keys(xName);
  const z = ys.map((y) =>
    xs.map((x) => {
      const row = rows.find(
        (r) => JSON.stringify(r.params[yName]) === y && JSON.stringify(r.params[xName]) === x,
      );
      return row && Number.isFinite(row.value) ? row.value : null;
    }),
  );
  const label = (k: string) => {
    const v = JSON.parse(k) as unknown;
    return typeof v === 'string' ? v : k;
  };
  const figure: PlotlyFigure = {
    data: [
      {
        type: 'heatmap',
        x: xs.map(label),
        y: ys.map(label),
        z,
        colorscale: 'Viridis',
        text: z.map((r) => r.map((v) => (v === null ? '' : v.toPrecision(4)))),
        texttemplate: '%{text}',
        hovertemplate: `${xName}=%{x}<br>${yName}=%{y}<br>%{z}<extra></extra>`,
      },
    ],
    layout: {
      height: 360,
      title: { text: title },
      xaxis: { title: { text: xName }, type: 'category' },
      yaxis: { title: { text: yName }, type: 'category' },
    },
  };
  displayBundle({
    'application/vnd.plotly.v1+json': figure,
    'text/plain': `${title}: ${ys.length} × ${xs.length} heatmap`,
  });
  return figure;
}
