import type { Data, Layout } from 'plotly.js-basic-dist-min';
import type { Series } from './series';

/** One Plotly trace of the training chart: a raw series, or the smoothed copy of one. */
export interface TracePlan {
  readonly seriesId: string;
  readonly smoothed: boolean;
  readonly name: string;
  /** 0-based subplot, top to bottom. */
  readonly subplot: number;
  readonly color: string;
  readonly style: 'batch' | 'epoch' | 'smoothed';
  /** Raw batch noise is dimmed when something steadier (epochs, smoothing) is drawn over it. */
  readonly faded: boolean;
}

// yaxis..yaxis9 are the typed Layout keys; four stacked plots stay readable in a notebook cell.
const AXIS_KEYS = ['yaxis', 'yaxis2', 'yaxis3', 'yaxis4'] as const;
const AXIS_NAMES = ['y', 'y2', 'y3', 'y4'] as const;
const SUBPLOT_GAP = 0.08;
// Train and validation of one metric share a hue family, so the pair reads as one idea.
const PALETTE: readonly (readonly [string, string])[] = [
  ['#1f77b4', '#ff7f0e'],
  ['#2ca02c', '#d62728'],
  ['#9467bd', '#8c564b'],
  ['#17becf', '#e377c2'],
];

/** `val_loss` and `loss` belong in one subplot, named as Keras (and the books) name them. */
export function baseMetric(metric: string): string {
  return metric.startsWith('val_') ? metric.slice(4) : metric;
}

/** Subplot titles: loss first, as the books draw it, then the others in order of appearance. */
export function subplotMetrics(series: readonly Series[]): string[] {
  const bases: string[] = [];
  for (const s of series) {
    const base = baseMetric(s.metric);
    if (!bases.includes(base)) bases.push(base);
  }
  const loss = bases.indexOf('loss');
  if (loss > 0) bases.unshift(...bases.splice(loss, 1));
  return bases.slice(0, AXIS_KEYS.length);
}

export function planTraces(series: readonly Series[], smoothing: boolean): TracePlan[] {
  const bases = subplotMetrics(series);
  const kindsOf = new Map<string, Set<string>>();
  for (const s of series) kindsOf.set(s.metric, (kindsOf.get(s.metric) ?? new Set()).add(s.kind));
  const plans: TracePlan[] = [];
  for (const s of series) {
    const base = baseMetric(s.metric);
    const found = bases.indexOf(base);
    // Metrics beyond the last subplot share it rather than vanish.
    const subplot = found === -1 ? bases.length - 1 : found;
    const pair = PALETTE[subplot % PALETTE.length] ?? PALETTE[0]!;
    const color = s.metric === base ? pair[0] : pair[1];
    const hasEpochs = kindsOf.get(s.metric)?.has('epoch') ?? false;
    const smooth = smoothing && s.kind === 'batch';
    const name = s.kind === 'batch' && hasEpochs ? `${s.metric} (batch)` : s.metric;
    const style = s.kind === 'epoch' ? 'epoch' : 'batch';
    const faded = s.kind === 'batch' && (hasEpochs || smooth);
    plans.push({ seriesId: s.id, smoothed: false, name, subplot, color, style, faded });
    if (smooth) {
      const smoothName = `${s.metric} (smoothed)`;
      plans.push({
        ...plans[plans.length - 1]!,
        smoothed: true,
        name: smoothName,
        style: 'smoothed',
      });
    }
  }
  return plans;
}

/** Changes exactly when the set of traces changes, i.e. when extendTraces is not enough. */
export function planKey(plans: readonly TracePlan[]): string {
  return plans.map((p) => `${p.seriesId}${p.smoothed ? '~' : ''}|${p.name}`).join(',');
}

export function traceData(plan: TracePlan, x: number[], y: number[]): Data {
  const yaxis = AXIS_NAMES[plan.subplot] ?? 'y';
  const common = { type: 'scatter' as const, name: plan.name, x, y, xaxis: 'x', yaxis };
  switch (plan.style) {
    case 'epoch':
      return {
        ...common,
        mode: 'lines+markers',
        line: { color: plan.color, width: 2 },
        marker: { color: plan.color, size: 6 },
      };
    case 'smoothed':
      return { ...common, mode: 'lines', line: { color: plan.color, width: 2 } };
    case 'batch':
      return {
        ...common,
        mode: 'lines',
        line: { color: plan.color, width: 1 },
        opacity: plan.faded ? 0.35 : 0.9,
      };
  }
}

export function figureLayout(bases: readonly string[], xLabel: string): Partial<Layout> {
  const n = Math.max(1, bases.length);
  const height = (1 - SUBPLOT_GAP * (n - 1)) / n;
  const layout: Partial<Layout> = {
    height: 260 + 170 * (n - 1),
    margin: { l: 56, r: 16, t: 8, b: 44 },
    // The shared x-axis sits under the bottom subplot.
    xaxis: { title: { text: xLabel }, anchor: AXIS_NAMES[n - 1] ?? 'y' },
    // Above the plot: below it, the legend collides with the x-axis title.
    legend: { orientation: 'h', x: 0, y: 1.02, yanchor: 'bottom' },
    hovermode: 'x',
    font: { family: 'system-ui, sans-serif', size: 12 },
    paper_bgcolor: 'rgba(0,0,0,0)',
    plot_bgcolor: '#fff',
    // Keeps the user's zoom while new points stream in.
    uirevision: 'training',
  };
  AXIS_KEYS.slice(0, n).forEach((key, i) => {
    const top = 1 - i * (height + SUBPLOT_GAP);
    layout[key] = {
      domain: [Math.max(0, top - height), top],
      title: { text: bases[i] ?? '' },
      anchor: 'x',
      zeroline: false,
    };
  });
  return layout;
}
