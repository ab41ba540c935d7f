/**
 * A `plot()` layout as the notebooks write it, made into one the installed Plotly draws fully.
 * Plotly 3 dropped string titles (`title: 'Loss'`, `xaxis: { title: 'epoch' }`): it draws nothing
 * for them, so every book figure lost its title and axis names. They become `{ text }`. A figure
 * that sets no margins gets ones that fit its title, instead of Plotly's 80–100 px on every side,
 * which leave a phone's figure a thin band; axes get `automargin`, so long or rotated tick labels
 * widen the margin instead of being cut off.
 */
export type PlotlyLayoutSpec = Record<string, unknown>;

const AXIS_KEY = /^[xyz]axis\d*$/;

function titleObject(title: unknown): unknown {
  return typeof title === 'string' || typeof title === 'number' ? { text: String(title) } : title;
}

function hasTitle(layout: PlotlyLayoutSpec): boolean {
  const title = layout.title;
  if (typeof title === 'string') return title !== '';
  return typeof title === 'object' && title !== null && 'text' in title && Boolean(title.text);
}

export function normalizeLayout(layout: PlotlyLayoutSpec | undefined): PlotlyLayoutSpec {
  const out: PlotlyLayoutSpec = { ...(layout ?? {}) };
  if ('title' in out) out.title = titleObject(out.title);
  // Margins grow to fit long or rotated tick labels (Plotly's automargin) unless an axis says no.
  for (const key of ['xaxis', 'yaxis']) if (out[key] === undefined) out[key] = {};
  for (const [key, value] of Object.entries(out)) {
    if (!AXIS_KEY.test(key) || typeof value !== 'object' || value === null) continue;
    const axis: Record<string, unknown> = { automargin: true, ...value };
    if ('title' in axis) axis.title = titleObject(axis.title);
    out[key] = axis;
  }
  if (out.margin === undefined) {
    out.margin = { t: hasTitle(layout ?? {}) ? 56 : 24, r: 16, b: 56, l: 64, pad: 4 };
  }
  return out;
}
