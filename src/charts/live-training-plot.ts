import type uPlot from 'uplot';
import type { MetricPoint } from '@/protocol';
import { alignSeries } from './aligned-data';
import { type DrawnSeries, decimateMinMax, type XWindow } from './decimate';
import { SeriesBuffer } from './series';
import { EmaCache } from './smoothing';
import { planKey, planTraces, subplotMetrics, type TracePlan } from './training-figure';
import { type SubplotFrame, type SubplotSpec, subplotOptions } from './uplot-options';

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
 * canvas redraw of a few thousand points at most, however long the run. Plots are built, in
 * tasks of their own, only when a metric needs a new one or the x label changes.
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
  /** The metrics and x label the plots were built for. */
  #layout = '';
  /** The x range the user zoomed to (drag on a plot); double-click goes back to everything. */
  #zoom: XWindow | undefined;
  #frame = 0;
  #buildTask: ReturnType<typeof setTimeout> | undefined;
  #dirty = false;
  #draws = 0;

  attach(ctor: UPlotConstructor, el: HTMLElement): void {
    this.#uPlot = ctor;
    this.#el = el;
    this.#layout = '';
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
    clearTimeout(this.#buildTask);
    this.#buildTask = undefined;
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
      this.#draw(0);
    });
  }

  /**
   * A plot is built in a task of its own, not in an animation frame: the frame's style, layout,
   * paint and commit of the page then come in another task instead of on top of the build.
   */
  #scheduleBuild(): void {
    if (this.#buildTask !== undefined || this.#uPlot === undefined) return;
    this.#buildTask = setTimeout(() => {
      this.#buildTask = undefined;
      this.#dirty = true;
      this.#draw(1);
    }, 0);
  }

  /**
   * Builds every plot still missing now instead of one per frame: for an export, which draws
   * off screen once and does not compete with the page's responsiveness.
   */
  drawAll(): void {
    this.#dirty = true;
    this.#draw(Number.POSITIVE_INFINITY);
  }

  /**
   * A frame's work (`maxBuilds` 0), a build task's (1) or an export's (all). A new curve (the
   * first epoch's and validation curves) is added to the plot that shows it instead of building
   * every plot anew: a uPlot's canvas, axes and legend, then their layout, were the page's
   * longest task in training (77 ms for two plots in one frame). A plot still missing is built
   * in a build task, one a task.
   */
  #draw(maxBuilds: number): void {
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
    const metrics = subplotMetrics(series);
    // Which plots exist and how tall they are: when that changes, they are built anew.
    const layout = `${metrics.join('\u0000')}#${this.#xLabel}`;
    if (layout !== this.#layout) {
      // The old plots stay on screen until the build task replaces them: destroyed in a frame,
      // the chart would collapse for that frame and the page below it jump.
      if (maxBuilds === 0 && this.#subplots.length > 0) {
        this.#scheduleBuild();
        return;
      }
      this.#destroyPlots();
      this.#layout = layout;
    }
    const specs = metrics.map(
      (metric, index): SubplotSpec => ({
        metric,
        plans: plans.filter((plan) => plan.subplot === index),
        xLabel: this.#xLabel,
        xAxisTitle: index === metrics.length - 1,
      }),
    );
    const zoom = this.#zoom;
    this.#subplots = this.#subplots.map(({ spec: old, plot }, index) => {
      const spec = specs[index]!;
      if (planKey(spec.plans) !== planKey(old.plans)) this.#replaceCurves(plot, spec);
      // The axes follow the data, except x while the user holds a zoom (y then fits the window).
      plot.setData(this.#table(spec.plans, zoom));
      if (zoom !== undefined) plot.setScale('x', zoom);
      return { spec, plot };
    });
    for (let built = 0; built < maxBuilds && this.#subplots.length < specs.length; built++) {
      const spec = specs[this.#subplots.length]!;
      this.#subplots.push(this.#makeSubplot(ctor, el, spec, specs.length));
    }
    // A cheap public counter: `npm run bench` reads it to measure the chart's update rate.
    this.#draws++;
    el.dataset.draws = String(this.#draws);
    if (this.#subplots.length < specs.length) this.#scheduleBuild();
  }

  #frameOf(plots: number): SubplotFrame {
    return {
      width: this.#width,
      height: plots === 1 ? 220 : 170,
      syncKey: this.#syncKey,
      restingValue: (plan) =>
        plan.style === 'batch' && !plan.smoothed
          ? this.buffer.lastEpochMean(plan.seriesId)
          : undefined,
      hooks: {
        setSelect: [(u) => this.#zoomed(u)],
      },
    };
  }

  #makeSubplot(ctor: UPlotConstructor, el: HTMLElement, spec: SubplotSpec, plots: number): Subplot {
    const options = subplotOptions(spec, this.#frameOf(plots));
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
  }

  /**
   * The plot's curves swapped for `spec`'s (names, fading and smoothed twins change with them),
   * keeping its canvas, axes and size; the caller hands it the matching table next.
   */
  #replaceCurves(plot: uPlot, spec: SubplotSpec): void {
    for (let i = plot.series.length - 1; i >= 1; i--) plot.delSeries(i);
    for (const curve of subplotOptions(spec, this.#frameOf(1)).series.slice(1)) {
      plot.addSeries(curve);
    }
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
    this.#layout = '';
  }
}
