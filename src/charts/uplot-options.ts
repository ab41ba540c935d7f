import type uPlot from 'uplot';
import { formatMetricValue } from './series';
import type { TracePlan } from './training-figure';

/** The curves of one stacked plot (loss, or accuracy, …) and how it is labelled. */
export interface SubplotSpec {
  /** The base metric: the y-axis title. */
  readonly metric: string;
  /** In the order of the table's y columns. */
  readonly plans: readonly TracePlan[];
  /** What x is ('epoch', 'iteration'): named in the hover readout of every plot. */
  readonly xLabel: string;
  /** Only the bottom plot titles the shared x-axis. */
  readonly xAxisTitle: boolean;
}

export interface SubplotFrame {
  readonly width: number;
  readonly height: number;
  /** Charts with the same key move their hover cursor together. */
  readonly syncKey: string;
  readonly hooks: uPlot.Hooks.Arrays;
  /**
   * What a curve's legend reads while the cursor is off the plot, when not its last point: a
   * per-batch curve gives the mean of the current epoch's batches, since its last point may be a
   * last batch of four rows (an accuracy of 1.0000 that says nothing).
   */
  readonly restingValue?: (plan: TracePlan) => number | undefined;
}

const FONT = '12px system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';
const LABEL_FONT = `600 ${FONT}`;
const AXIS_COLOR = '#57606a';
const GRID_COLOR = '#eceef1';

/** `#1f77b4` at 35 % opacity; canvas strokes take any CSS color. */
export function withAlpha(hex: string, alpha: number): string {
  const value = Number.parseInt(hex.slice(1), 16);
  return `rgba(${(value >> 16) & 255}, ${(value >> 8) & 255}, ${value & 255}, ${alpha})`;
}

/** Steps are fractional epochs (`2.4571`); four decimals tell batches apart. */
export function formatStep(step: number): string {
  return Number.isInteger(step) ? String(step) : String(Number(step.toFixed(4)));
}

/**
 * The legend's value of a curve: under the cursor while hovering, else the latest one, so the
 * legend doubles as a readout of where training is now.
 */
function readout(
  u: uPlot,
  value: number | null,
  seriesIdx: number,
  format: (value: number) => string,
  resting?: () => number | undefined,
): string {
  if (value !== null) return format(value);
  const rest = resting?.();
  if (rest !== undefined) return format(rest);
  const column = u.data[seriesIdx] ?? [];
  for (let i = column.length - 1; i >= 0; i--) {
    const last = column[i];
    if (typeof last === 'number') return format(last);
  }
  return '–';
}

// Room each epoch mark needs: closer than this, marks merge into a thick band.
const MARK_SPACING_PX = 8;

/**
 * Epoch marks tell the epochs apart in a run of tens; over thousands (Activity 3.02's 4,000)
 * they only thicken the line, so they show while they fit: zooming in brings them back.
 */
export function epochMarksFit(u: uPlot, seriesIdx: number, idx0: number, idx1: number): boolean {
  const column = u.data[seriesIdx] ?? [];
  let marks = 0;
  for (let i = idx0; i <= idx1; i++) if (column[i] != null) marks++;
  return marks * MARK_SPACING_PX <= u.width;
}

function curve(plan: TracePlan, frame: SubplotFrame): uPlot.Series {
  const resting = frame.restingValue;
  const common: uPlot.Series = {
    label: plan.name,
    stroke: plan.style === 'batch' ? withAlpha(plan.color, plan.faded ? 0.35 : 0.9) : plan.color,
    width: plan.style === 'batch' ? 1 : 2,
    // Per-batch and per-epoch curves share one table: each has gaps where the other has points.
    spanGaps: true,
    value: (u, value, seriesIdx) =>
      readout(u, value, seriesIdx, formatMetricValue, resting && (() => resting(plan))),
    points: { show: false },
  };
  if (plan.style === 'epoch') {
    return {
      ...common,
      points: { show: epochMarksFit, size: 6, fill: plan.color, stroke: plan.color },
    };
  }
  return common;
}

export function axis(label: string | undefined, side: 'x' | 'y'): uPlot.Axis {
  return {
    stroke: AXIS_COLOR,
    font: FONT,
    labelFont: LABEL_FONT,
    grid: { stroke: GRID_COLOR, width: 1 },
    ticks: { stroke: GRID_COLOR, width: 1, size: 4 },
    ...(label === undefined ? {} : { label }),
    ...(side === 'y' ? { size: 56, labelSize: 18 } : { size: 32, labelSize: 18 }),
  };
}

/** uPlot options of one stacked plot: its curves, axes, hover readout and zoom. */
export function subplotOptions(spec: SubplotSpec, frame: SubplotFrame): uPlot.Options {
  return {
    width: frame.width,
    height: frame.height,
    series: [
      { label: spec.xLabel, value: (u, v, seriesIdx) => readout(u, v, seriesIdx, formatStep) },
      ...spec.plans.map((plan) => curve(plan, frame)),
    ],
    scales: { x: { time: false } },
    axes: [axis(spec.xAxisTitle ? spec.xLabel : undefined, 'x'), axis(spec.metric, 'y')],
    cursor: {
      // A vertical line only: one x, every curve's value there, as the legend reads out.
      y: false,
      sync: { key: frame.syncKey, setSeries: false },
      // A sparse curve (one point per epoch) shows its nearest point, not a dash, under the cursor.
      hover: { skip: [null, undefined] },
      points: { size: 7 },
      drag: { x: true, y: false, setScale: true },
    },
    legend: { live: true },
    padding: [8, 12, 0, 0],
    hooks: frame.hooks,
  };
}
