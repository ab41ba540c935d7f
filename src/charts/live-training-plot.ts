import type { Data } from 'plotly.js-basic-dist-min';
import type { MetricPoint } from '@/protocol';
import { PLOTLY_CONFIG } from './plotly-config';
import type { Plotly } from './plotly-loader';
import { SeriesBuffer } from './series';
import { DEFAULT_SMOOTHING, EMA_START, type EmaState, emaExtend } from './smoothing';
import {
  figureLayout,
  planKey,
  planTraces,
  subplotMetrics,
  type TracePlan,
  traceData,
} from './training-figure';

/**
 * Drives one live Plotly chart: points go into a SeriesBuffer at any rate, and at most once per
 * animation frame the chart gets only what is new (`extendTraces`). The whole figure is rebuilt
 * (`react`) only when the set of traces changes: a new metric, or smoothing switched on or off.
 */
export class LiveTrainingPlot {
  readonly buffer = new SeriesBuffer();
  #plotly: Plotly | undefined;
  #el: HTMLElement | undefined;
  #xLabel = 'step';
  #chartId: string | undefined;
  #smoothing = false;
  #plans: TracePlan[] = [];
  #drawnKey = '';
  #ema = new Map<string, EmaState>();
  #frame = 0;
  #busy = false;
  #dirty = false;
  #draws = 0;

  attach(plotly: Plotly, el: HTMLElement): void {
    this.#plotly = plotly;
    this.#el = el;
    this.#drawnKey = '';
    this.#schedule();
  }

  /** Another `chartId` is another run: its points must not continue the previous curves. */
  update(points: readonly MetricPoint[], xLabel: string, chartId?: string): void {
    if (chartId !== this.#chartId) {
      if (this.#chartId !== undefined) this.buffer.reset();
      this.#chartId = chartId;
      this.#drawnKey = '';
    }
    if (points.length < this.buffer.pointCount) this.#drawnKey = '';
    this.buffer.sync(points);
    if (xLabel !== this.#xLabel) {
      this.#xLabel = xLabel;
      this.#drawnKey = '';
    }
    this.#schedule();
  }

  setSmoothing(on: boolean): void {
    if (on === this.#smoothing) return;
    this.#smoothing = on;
    this.#schedule();
  }

  dispose(): void {
    if (this.#frame !== 0) cancelAnimationFrame(this.#frame);
    this.#frame = 0;
    if (this.#plotly !== undefined && this.#el !== undefined) this.#plotly.purge(this.#el);
    this.#plotly = undefined;
    this.#el = undefined;
  }

  #schedule(): void {
    if (this.#frame !== 0 || this.#plotly === undefined) return;
    this.#frame = requestAnimationFrame(() => {
      this.#frame = 0;
      this.#draw();
    });
  }

  #draw(): void {
    const plotly = this.#plotly;
    const el = this.#el;
    if (plotly === undefined || el === undefined) return;
    // Plotly calls on one element must not overlap; whatever arrives meanwhile waits a frame.
    if (this.#busy) {
      this.#dirty = true;
      return;
    }
    const series = this.buffer.list();
    const plans = planTraces(series, this.#smoothing);
    const key = planKey(plans);
    let drawing: Promise<unknown> | undefined;
    if (key !== this.#drawnKey) {
      this.#plans = plans;
      this.#drawnKey = key;
      this.#ema.clear();
      const byId = new Map(series.map((s) => [s.id, s]));
      const data = plans.map((plan) => {
        const s = byId.get(plan.seriesId);
        // Copies: extendTraces appends to the arrays Plotly holds, which must not be ours.
        return traceData(plan, s?.x.slice() ?? [], this.#values(plan, s?.y ?? []));
      });
      this.buffer.markAllDrawn();
      const layout = figureLayout(subplotMetrics(series), this.#xLabel);
      drawing = plotly.react(el, data, layout, PLOTLY_CONFIG);
    } else {
      const deltas = this.buffer.takeNew();
      if (deltas.length === 0) return;
      const xs: number[][] = [];
      const ys: number[][] = [];
      const indices: number[] = [];
      for (const delta of deltas) {
        this.#plans.forEach((plan, index) => {
          if (plan.seriesId !== delta.id) return;
          xs.push(delta.x.slice());
          ys.push(this.#values(plan, delta.y));
          indices.push(index);
        });
      }
      // The typings want a trace object, but extendTraces takes arrays of new values per key.
      const update = { x: xs, y: ys } as Data;
      drawing = plotly.extendTraces(el, update, indices);
    }
    this.#busy = true;
    // A cheap public counter: `npm run bench` reads it to measure the chart's update rate.
    this.#draws++;
    el.dataset.draws = String(this.#draws);
    drawing
      .catch(() => {
        // A failed draw (element detached mid-frame) is recovered by re-plotting next time.
        this.#drawnKey = '';
      })
      .finally(() => {
        this.#busy = false;
        if (this.#dirty) {
          this.#dirty = false;
          this.#schedule();
        }
      });
  }

  /** The y values a trace shows: raw, or smoothed by continuing that trace's running average. */
  #values(plan: TracePlan, y: number[]): number[] {
    if (!plan.smoothed) return y.slice();
    const result = emaExtend(this.#ema.get(plan.seriesId) ?? EMA_START, y, DEFAULT_SMOOTHING);
    this.#ema.set(plan.seriesId, result.state);
    return result.values;
  }
}
