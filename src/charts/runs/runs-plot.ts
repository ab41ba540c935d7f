import type uPlot from 'uplot';
import { type AlignedTable, alignSeries } from '../aligned-data';
import { type DrawnSeries, decimateMinMax } from '../decimate';
import { formatMetricValue } from '../series';
import { ema } from '../smoothing';
import { axis, formatStep, withAlpha } from '../uplot-options';
import { forLogAxis, type RunCurve } from './run-series';

/** One drawn line: a curve's raw values, or their smoothed copy. */
export interface RunsTrace {
  readonly curve: RunCurve;
  readonly smoothed: boolean;
  /** Raw values behind a smoothed copy are drawn faint and left out of the readout. */
  readonly faint: boolean;
}

export interface RunsPlotSettings {
  /** EMA weight (TensorBoard's slider); 0 draws the raw curves only. */
  readonly smoothing: number;
  readonly logY: boolean;
  readonly xLabel: string;
  /** Pixel columns the curves are decimated to. */
  readonly buckets: number;
}

/** Raw curves first, then, when smoothing, each smoothed copy, so smoothed lines draw on top. */
export function tracesOf(curves: readonly RunCurve[], smoothing: number): RunsTrace[] {
  if (smoothing <= 0) return curves.map((curve) => ({ curve, smoothed: false, faint: false }));
  return [
    ...curves.map((curve) => ({ curve, smoothed: false, faint: true })),
    ...curves.map((curve) => ({ curve, smoothed: true, faint: false })),
  ];
}

/**
 * The table of one chart. Smoothing runs over every raw value (TensorBoard's debiased EMA),
 * before decimation, so the smoothed line is the same at any chart width.
 */
export function runsTable(traces: readonly RunsTrace[], settings: RunsPlotSettings): AlignedTable {
  const drawn: DrawnSeries[] = traces.map(({ curve, smoothed }) => {
    const y = smoothed ? ema(curve.y, settings.smoothing) : curve.y;
    return decimateMinMax(curve.x, y, settings.buckets);
  });
  const [x, ...columns] = alignSeries(drawn);
  return [x, ...(settings.logY ? columns.map(forLogAxis) : columns)];
}

export function traceLabel(trace: RunsTrace): string {
  return `${trace.curve.runName} · ${trace.curve.metric}${trace.faint ? ' (raw)' : ''}`;
}

function value(u: uPlot, v: number | null, seriesIdx: number): string {
  if (v !== null) return formatMetricValue(v);
  // Off the plot: the curve's last value, so the legend reads where each run ended.
  const column = u.data[seriesIdx] ?? [];
  for (let i = column.length - 1; i >= 0; i--) {
    const last = column[i];
    if (typeof last === 'number') return formatMetricValue(last);
  }
  return '–';
}

/** uPlot options of one chart: a colour per run, validation dashed, hover readout in the legend. */
export function runsPlotOptions(
  metric: string,
  traces: readonly RunsTrace[],
  settings: RunsPlotSettings,
  size: { width: number; height: number; syncKey: string },
): uPlot.Options {
  return {
    width: size.width,
    height: size.height,
    series: [
      { label: settings.xLabel, value: (_u, v) => (v === null ? '–' : formatStep(v)) },
      ...traces.map(
        (trace): uPlot.Series => ({
          label: traceLabel(trace),
          stroke: trace.faint ? withAlpha(trace.curve.color, 0.25) : trace.curve.color,
          width: trace.faint ? 1 : 1.75,
          ...(trace.curve.validation ? { dash: [6, 4] } : {}),
          spanGaps: true,
          points: { show: false },
          value,
        }),
      ),
    ],
    scales: { x: { time: false }, y: settings.logY ? { distr: 3 } : {} },
    axes: [axis(settings.xLabel, 'x'), axis(settings.logY ? `${metric} (log)` : metric, 'y')],
    cursor: {
      y: false,
      sync: { key: size.syncKey, setSeries: false },
      hover: { skip: [null, undefined] },
      points: { size: 6 },
      drag: { x: true, y: false, setScale: true },
    },
    legend: { live: true },
    padding: [8, 12, 0, 0],
  };
}
