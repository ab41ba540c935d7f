import type * as tf from '@tensorflow/tfjs';
import type { PlotlyFigure, TableCell, TableView } from '@/protocol';
import { displayBundle, tableBundle } from '../display';
import { tensorToPng } from './image';

/** Shows a Plotly figure: `plot([{ x, y, type: 'scatter' }], { title: 'Loss' })`. */
export function plot(data: PlotlyFigure['data'], layout: PlotlyFigure['layout'] = {}): void {
  const figure: PlotlyFigure = {
    data: JSON.parse(JSON.stringify(data)),
    layout: JSON.parse(JSON.stringify(layout)),
  };
  displayBundle({
    'application/vnd.plotly.v1+json': figure,
    'text/plain': `Plotly figure (${data.length} traces)`,
  });
}

const TABLE_HEAD = 1000;

function cell(value: unknown): TableCell {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number' || typeof value === 'string' || typeof value === 'boolean')
    return value;
  return String(value);
}

/** Shows rows (objects or arrays) as a table; at most the first 1,000 rows travel to the page. */
export function table(
  rows: readonly (Record<string, unknown> | readonly unknown[])[],
  options: { columns?: string[]; caption?: string } = {},
): void {
  const first = rows[0];
  const columns =
    options.columns ??
    (first === undefined
      ? []
      : Array.isArray(first)
        ? first.map((_, i) => String(i))
        : Object.keys(first));
  const head = rows
    .slice(0, TABLE_HEAD)
    .map((row) =>
      Array.isArray(row)
        ? row.map(cell)
        : columns.map((c) => cell((row as Record<string, unknown>)[c])),
    );
  const view: TableView = { columns, rows: head, totalRows: rows.length };
  if (options.caption) view.caption = options.caption;
  displayBundle(tableBundle(view));
}

/** Shows an image tensor ([h, w], [h, w, c] or [1, h, w, c]) as a picture. */
export async function image(tensor: tf.Tensor): Promise<void> {
  const png = await tensorToPng(tensor);
  displayBundle({ 'image/png': png, 'text/plain': `Image [${tensor.shape.join(', ')}]` });
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
