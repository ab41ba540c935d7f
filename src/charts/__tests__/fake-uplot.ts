import type uPlot from 'uplot';
import { vi } from 'vitest';
import type { UPlotConstructor } from '../live-training-plot';

/** One plot the chart made: its options, and every table it was handed. */
export interface FakePlot {
  readonly options: uPlot.Options;
  readonly tables: uPlot.AlignedData[];
  readonly setData: ReturnType<typeof vi.fn>;
  readonly setScale: ReturnType<typeof vi.fn>;
  readonly destroy: ReturnType<typeof vi.fn>;
  /** The series now, x first: the options' own, then as addSeries/delSeries changed them. */
  readonly series: uPlot.Series[];
  /** What uPlot does when the user drags over `min`..`max`: sets `select`, calls the hook. */
  select(min: number, max: number): void;
}

/** Records what the chart asks of uPlot; stands in for it, whose drawing is not tested here. */
export function fakeUPlot() {
  const plots: FakePlot[] = [];
  class FakeUPlot {
    readonly ctx = { canvas: { width: 10, height: 10 } };
    readonly height: number;
    select = { left: 0, top: 0, width: 0, height: 0 };
    readonly setData = vi.fn((data: uPlot.AlignedData) => {
      this.record.tables.push(data);
    });
    readonly setScale = vi.fn();
    readonly setSize = vi.fn();
    readonly destroy = vi.fn();
    readonly series: uPlot.Series[];
    readonly record: FakePlot;

    constructor(options: uPlot.Options, data: uPlot.AlignedData, _target: HTMLElement) {
      this.height = options.height;
      this.series = [...options.series];
      const record: FakePlot = {
        series: this.series,
        options,
        tables: [data],
        setData: this.setData,
        setScale: this.setScale,
        destroy: this.destroy,
        // One pixel per x unit: posToVal is the identity.
        select: (min, max) => {
          this.select = { left: min, top: 0, width: max - min, height: 10 };
          for (const hook of options.hooks?.setSelect ?? []) hook?.(this as unknown as uPlot);
        },
      };
      this.record = record;
      plots.push(record);
    }

    addSeries(series: uPlot.Series, index = this.series.length): void {
      this.series.splice(index, 0, series);
    }

    delSeries(index: number): void {
      this.series.splice(index, 1);
    }

    posToVal(position: number): number {
      return position;
    }
  }
  // Only the members the chart uses exist; the cast is confined to tests.
  return { plots, ctor: FakeUPlot as unknown as UPlotConstructor };
}

/** A manual requestAnimationFrame: frames run only when the test says so. */
export function manualFrames() {
  let queue: FrameRequestCallback[] = [];
  vi.stubGlobal('requestAnimationFrame', (cb: FrameRequestCallback) => {
    queue.push(cb);
    return queue.length;
  });
  vi.stubGlobal('cancelAnimationFrame', () => {
    queue = [];
  });
  // The plot builds in tasks of their own (setTimeout), apart from the frames.
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
  const frames = {
    pending: () => queue.length,
    pendingTasks: () => vi.getTimerCount(),
    run() {
      const run = queue;
      queue = [];
      for (const cb of run) cb(0);
    },
    runTasks() {
      vi.runOnlyPendingTimers();
    },
    /** Frames and tasks until neither is left: what a page does over the next moments. */
    settle() {
      for (let i = 0; i < 20 && (frames.pending() > 0 || frames.pendingTasks() > 0); i++) {
        frames.run();
        frames.runTasks();
      }
    },
  };
  return frames;
}
