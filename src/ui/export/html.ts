import type { DataPreviewView, ModelSummaryView, TableCell, TableView } from '@/protocol';
import { formatCell, formatCount } from '@/ui/outputs/format';

/**
 * `text/html` for the app's table-like outputs, so Jupyter, nbconvert, GitHub and nbviewer show
 * a table where they would otherwise show the plain-text fallback. Every value is escaped: a
 * cell's text is data, never markup, in whatever page the notebook is shown.
 */

/** Rows an export writes as HTML; the app's own MIME type still holds every row it had. */
export const HTML_ROW_LIMIT = 200;

export function escapeHtml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

function cell(tag: 'td' | 'th', value: TableCell | string): string {
  const text = typeof value === 'string' ? value : formatCell(value);
  const align = typeof value === 'number' ? ' style="text-align: right"' : '';
  return `<${tag}${align}>${escapeHtml(text)}</${tag}>`;
}

function htmlTable(
  columns: readonly string[],
  rows: readonly (readonly (TableCell | string)[])[],
  caption?: string,
): string {
  const head = `<thead><tr>${columns.map((c) => cell('th', c)).join('')}</tr></thead>`;
  const body = rows.map((row) => `<tr>${row.map((v) => cell('td', v)).join('')}</tr>`).join('\n');
  const title = caption === undefined ? '' : `<caption>${escapeHtml(caption)}</caption>`;
  return `<table class="dataframe">${title}${head}<tbody>\n${body}\n</tbody></table>`;
}

/** A table output (`head()`, `display(table)`), pandas' way: one `<table>` and its row count. */
export function tableHtml(view: TableView): string {
  const rows = view.rows.slice(0, HTML_ROW_LIMIT);
  const note =
    rows.length < view.totalRows
      ? `<p>${formatCount(rows.length)} of ${formatCount(view.totalRows)} rows shown.</p>`
      : '';
  return `<div>${htmlTable(view.columns, rows, view.caption)}${note}</div>`;
}

/** Laid out like Keras's `model.summary()`, as the app shows it. */
export function modelSummaryHtml(view: ModelSummaryView): string {
  const rows = view.layers.map((l) => [
    `${l.name} (${l.type})`,
    l.outputShape,
    formatCount(l.params),
  ]);
  const totals = [
    `Total params: ${formatCount(view.totalParams)}`,
    `Trainable params: ${formatCount(view.trainableParams)}`,
    `Non-trainable params: ${formatCount(view.totalParams - view.trainableParams)}`,
  ];
  return [
    `<div><p>Model: "${escapeHtml(view.name)}"</p>`,
    htmlTable(['Layer (type)', 'Output shape', 'Param #'], rows),
    `<p>${totals.map(escapeHtml).join('<br>')}</p></div>`,
  ].join('');
}

/** A loaded table's preview: its shape, one row of statistics per column, then its first rows. */
export function dataPreviewHtml(view: DataPreviewView): string {
  const stats = view.columns.map((c) => [
    c.name,
    c.kind,
    c.missing,
    c.unique,
    c.min,
    c.max,
    c.mean,
    c.std,
  ]);
  const head = view.head.slice(0, 20);
  return [
    `<div><p>${escapeHtml(view.name)}: ${formatCount(view.rowCount)} rows × ${formatCount(view.columns.length)} columns (${escapeHtml(view.source)})</p>`,
    htmlTable(['column', 'type', 'missing', 'unique', 'min', 'max', 'mean', 'std'], stats),
    htmlTable(
      view.columns.map((c) => c.name),
      head,
      `First ${head.length} rows`,
    ),
    ...view.warnings.map((w) => `<p>${escapeHtml(w)}</p>`),
    '</div>',
  ].join('');
}
