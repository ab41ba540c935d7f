import type uPlot from 'uplot';
import type { MetricPoint } from '@/protocol';
import { alignSeries } from './aligned-data';
import { type DrawnSeries, decimateMinMax, type XWindow } from './decimate';
import { SeriesBuffer } from './series';
import { EmaCache } from './smoothing';
import { planKey, planTraces, subplotMetrics, type TracePlan } from './training-figure';
import { type SubplotSpec, subplotOptions } from './uplot-options';

/** What the plot needs of uPlot: its constructor (a fake one in unit tests). */
export type UPlotConstructor = new (
  options: uPlot.Options,
  data: uPlot.AlignedData,
  target: HTMLElement,
) => uPlot;

interface Subplot {
  readonly spec: SubplotSpec;
  readonly plot: uPlot;
}

// Used until the element has a width (hidden, or not laid out yet).
const FALLBACK_WIDTH = 640;
// Room the y-axis takes from the plot's width; decimation needs only a close estimate.
const Y_AXIS_WIDTH = 56;
let nextSync = 0;

/**
 * Drives the live training chart: points go into a SeriesBuffer at any rate, and at most once per
 * animation frame each stacked uPlot plot gets its whole (decimated) table with `setData`, a
 * canvas redraw of a few thousand points at most, however long the run. The plots are built anew
 * only when the set of curves changes: a new metric, or smoothing switched on or off.
 */
export class LiveTrainingPlot {
  readonly buffer = new SeriesBuffer();
  readonly #smoothed = new EmaCache();
  readonly #syncKey = `training-${++nextSync}`;
  #uPlot: UPlotConstructor | undefined;
  #el: HTMLElement | undefined;
  #resizeObserver: ResizeObserver | undefined;
  #width = FALLBACK_WIDTH;
  #xLabel = 'step';
  #chartId: string | undefined;
  #batchStride = 1;
  #smoothing = false;
  #subplots: Subplot[] = [];
  #builtKey = '';
  /** The x range the user zoomed to (drag on a plot); double-click goes back to everything. */
  #zoom: XWindow | undefined;
  #frame = 0;
  #dirty = false;
  #draws = 0;

  attach(ctor: UPlotConstructor, el: HTMLElement): void {
    this.#uPlot = ctor;
    this.#el = el;
    this.#builtKey = '';
    this.#width = el.clientWidth || FALLBACK_WIDTH;
    if (typeof ResizeObserver !== 'undefined') {
      this.#resizeObserver = new ResizeObserver(() => this.#resized());
      this.#resizeObserver.observe(el);
    }
    this.#schedule();
  }

  /**
   * Another `chartId` is another run: its points must not continue the previous curves. Another
   * `batchStride` means a long run's batch points were thinned: the buffer reads them anew.
   */
  update(points: readonly MetricPoint[], xLabel: string, chartId?: string, batchStride = 1): void {
    const otherRun = chartId !== this.#chartId && this.#chartId !== undefined;
    this.#chartId = chartId;
    const thinned = batchStride !== this.#batchStride;
    this.#batchStride = batchStride;
    const restart = otherRun || (!thinned && points.length < this.buffer.pointCount);
    if (restart || thinned) {
      this.buffer.reset();
      this.#smoothed.clear();
    }
    // Thinning keeps the run, so the zoom still frames the same steps.
    if (restart) this.#zoom = undefined;
    const before = this.buffer.pointCount;
    this.buffer.sync(points);
    if (this.buffer.pointCount === before && xLabel === this.#xLabel && !otherRun) return;
    this.#xLabel = xLabel;
    this.#schedule();
  }

  setSmoothing(on: boolean): void {
    if (on === this.#smoothing) return;
    this.#smoothing = on;
    this.#schedule();
  }

  /** The plots as drawn, top to bottom, with their curves: what a PNG export copies. */
  subplots(): readonly { plot: uPlot; plans: readonly TracePlan[] }[] {
    return this.#subplots.map(({ spec, plot }) => ({ plot, plans: spec.plans }));
  }

  dispose(): void {
    if (this.#frame !== 0) cancelAnimationFrame(this.#frame);
    this.#frame = 0;
    this.#resizeObserver?.disconnect();
    this.#resizeObserver = undefined;
    this.#destroyPlots();
    this.#uPlot = undefined;
    this.#el = undefined;
  }

  #resized(): void {
    const width = this.#el?.clientWidth ?? 0;
    if (width === 0 || width === this.#width) return;
    this.#width = width;
    for (const { plot } of this.#subplots) plot.setSize({ width, height: plot.height });
    // More or fewer pixel columns: the decimation changes with them.
    this.#schedule();
  }

  #schedule(): void {
    this.#dirty = true;
    if (this.#frame !== 0 || this.#uPlot === undefined) return;
    this.#frame = requestAnimationFrame(() => {
      this.#frame = 0;
      this.#draw();
    });
  }

  #draw(): void {
    const ctor = this.#uPlot;
    const el = this.#el;
    if (ctor === undefined || el === undefined || !this.#dirty) return;
    this.#dirty = false;
    const series = this.buffer.list();
    if (series.length === 0) {
      this.#destroyPlots();
      return;
    }
    const plans = planTraces(series, this.#smoothing);
    const key = `${planKey(plans)}#${this.#xLabel}`;
    if (key !== this.#builtKey) {
      this.#build(ctor, el, plans, subplotMetrics(series));
      this.#builtKey = key;
    } else {
      const zoom = this.#zoom;
      for (const { spec, plot } of this.#subplots) {
        // The axes follow the data, except x while the user holds a zoom (y then fits the window).
        plot.setData(this.#table(spec.plans, zoom));
        if (zoom !== undefined) plot.setScale('x', zoom);
      }
    }
    // A cheap public counter: `npm run bench` reads it to measure the chart's update rate.
    this.#draws++;
    el.dataset.draws = String(this.#draws);
  }

  #build(ctor: UPlotConstructor, el: HTMLElement, plans: TracePlan[], metrics: string[]): void {
    this.#destroyPlots();
    const height = metrics.length === 1 ? 220 : 170;
    this.#subplots = metrics.map((metric, index) => {
      const spec: SubplotSpec = {
        metric,
        plans: plans.filter((plan) => plan.subplot === index),
        xLabel: this.#xLabel,
        xAxisTitle: index === metrics.length - 1,
      };
      const options = subplotOptions(spec, {
        width: this.#width,
        height,
        syncKey: this.#syncKey,
        restingValue: (plan) =>
          plan.style === 'batch' && !plan.smoothed
            ? this.buffer.lastEpochMean(plan.seriesId)
            : undefined,
        hooks: {
          setSelect: [(u) => this.#zoomed(u)],
        },
      });
      options.cursor = {
        ...options.cursor,
        bind: {
          // uPlot's own double-click resets its x range; the stream must stop holding the zoom too.
          dblclick: (_u, _target, handler) => (event) => {
            this.#zoom = undefined;
            this.#schedule();
            return handler(event);
          },
        },
      };
      const plot = new ctor(options, this.#table(spec.plans, this.#zoom), el);
      if (this.#zoom !== undefined) plot.setScale('x', this.#zoom);
      return { spec, plot };
    });
  }

  #zoomed(u: uPlot): void {
    const { left, width } = u.select;
    if (width <= 0) return;
    this.#zoom = { min: u.posToVal(left, 'x'), max: u.posToVal(left + width, 'x') };
    // The other plots follow on the next frame, and this one gets the window's full detail.
    this.#schedule();
  }

  /** The table one plot draws: each curve decimated to its pixel columns, aligned on x. */
  #table(plans: readonly TracePlan[], zoom: XWindow | undefined): uPlot.AlignedData {
    const buckets = Math.max(50, Math.round(this.#width - Y_AXIS_WIDTH));
    const bySeries = new Map(this.buffer.list().map((s) => [s.id, s]));
    const drawn: DrawnSeries[] = plans.map((plan) => {
      const s = bySeries.get(plan.seriesId);
      if (s === undefined) return { x: [], y: [] };
      const y = plan.smoothed ? this.#smoothed.values(s.id, s.y) : s.y;
      return decimateMinMax(s.x, y, buckets, zoom);
    });
    return alignSeries(drawn);
  }

  #destroyPlots(): void {
    for (const { plot } of this.#subplots) plot.destroy();
    this.#subplots = [];
    this.#builtKey = '';
  }
}
