import type { Series } from './series';

/** One curve of the training chart: a raw series, or the smoothed copy of one. */
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

// Four stacked plots stay readable in a notebook cell; further metrics share the last one.
const MAX_SUBPLOTS = 4;
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
  return bases.slice(0, MAX_SUBPLOTS);
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

/** Changes exactly when the set of curves changes, i.e. when the plots must be built anew. */
export function planKey(plans: readonly TracePlan[]): string {
  return plans
    .map((p) => `${p.seriesId}${p.smoothed ? '~' : ''}|${p.name}|${p.subplot}|${p.faded}`)
    .join(',');
}
