import type { BatchThinning, MetricPoint, TrainingView } from '@/protocol';
import { UNTHINNED } from '@/utils/metric-thinning';
import { displayBundle } from '../display';
import { post } from '../post';
import { currentRun } from '../run-context';
import { RunRecorder, type RunStart } from './runs/recorder';

/**
 * 20 messages a second at most: the chart can show ≥ 10 updates a second (at 100 ms, 10/s was the
 * ceiling, and any jitter fell below it), while a loop of thousands of steps a second still sends
 * a few dozen points per message rather than a message per step.
 */
const FLUSH_MS = 50;
let nextChart = 0;

/**
 * Sends training points to one live chart, batched: a message per ~50 ms, never per sample,
 * so a fast loop does not flood the page.
 */
export class MetricsStream {
  readonly chartId = `chart-${Date.now().toString(36)}-${++nextChart}`;
  private buffer: MetricPoint[] = [];
  private lastFlush = 0;
  private readonly run = currentRun();
  /** The run this chart is, kept in the runs database (the Runs view); null when not recorded. */
  readonly recorder: RunRecorder | null;

  /**
   * `initial`: the points of an earlier run this one continues (a resumed checkpoint), already
   * thinned, with their thinning state, so the page goes on thinning them alike.
   */
  constructor(
    title: string,
    xLabel: string,
    options: {
      saveable?: boolean;
      initial?: { points: readonly MetricPoint[]; thinning: BatchThinning };
      run?: RunStart | null;
    } = {},
  ) {
    this.recorder = options.run ? new RunRecorder(options.run) : null;
    const points = [...(options.initial?.points ?? [])];
    const batchThinning = options.initial?.thinning ?? UNTHINNED;
    const view: TrainingView = {
      chartId: this.chartId,
      title,
      xLabel,
      points,
      batchThinning,
      state: 'running',
      ...(options.saveable ? { saveable: true } : {}),
    };
    displayBundle(
      { 'application/vnd.tfnb.training+json': view, 'text/plain': title },
      this.chartId,
    );
  }

  push(point: MetricPoint): void {
    this.recorder?.add(point);
    this.buffer.push(point);
    if (performance.now() - this.lastFlush >= FLUSH_MS) this.flush();
  }

  flush(): void {
    this.lastFlush = performance.now();
    if (!this.run || this.buffer.length === 0) return;
    const points = this.buffer;
    this.buffer = [];
    post({
      type: 'metrics',
      runId: this.run.runId,
      cellId: this.run.cellId,
      chartId: this.chartId,
      points,
    });
  }

  end(state: TrainingView['state'], message?: string): void {
    this.recorder?.end(state);
    this.flush();
    if (!this.run) return;
    post({
      type: 'training-state',
      runId: this.run.runId,
      cellId: this.run.cellId,
      chartId: this.chartId,
      state,
      ...(message ? { message } : {}),
    });
  }
}

/** The first metric in `logs` that is NaN or infinite, if any. */
export function divergedMetric(logs: Record<string, number>): string | null {
  for (const [name, value] of Object.entries(logs)) {
    if (!Number.isFinite(value)) return name;
  }
  return null;
}
