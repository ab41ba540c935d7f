import type { MetricPoint, RunHparam, RunPoint, RunSummary, TrainingView } from '@/protocol';
import { putRun, runSizeBytes } from '@/storage/runs-store';
import { appendThinned, UNTHINNED } from '@/utils/metric-thinning';
import { writeStream } from '../../streams';

/** What `fit` / `trainLoop` know of a run when it starts. */
export interface RunStart {
  source: RunSummary['source'];
  name: string;
  notebook: string;
  cellId: string;
  hparams: Record<string, RunHparam>;
  /** Batches (iterations) per epoch: turns the chart's x into a global step and an epoch. */
  stepsPerEpoch: number;
  /** How the live chart's `step` reads: a fractional epoch ('epoch'), or an iteration index. */
  chartX: 'epoch' | 'iteration';
}

// A write per second at most: a live Runs view follows closely, and a long run still costs
// one small transaction a second, not one per batch.
const WRITE_EVERY_MS = 1000;
const writes = new Set<Promise<void>>();
let nextRun = 0;

/** Resolves once every run written so far is in IndexedDB (what `runs.list()` waits for). */
export async function runsSettled(): Promise<void> {
  while (writes.size > 0) await Promise.allSettled([...writes]);
}

/** The chart's point as a run point: global step, fractional epoch and wall time. */
export function toRunPoint(point: MetricPoint, start: RunStart, wallMs: number): RunPoint {
  const perEpoch = Math.max(1, start.stepsPerEpoch);
  const epoch = start.chartX === 'epoch' ? point.step : (point.step + 1) / perEpoch;
  const step = start.chartX === 'epoch' ? Math.round(point.step * perEpoch) : point.step + 1;
  return { kind: point.kind, step, epoch, wallMs, logs: { ...point.logs } };
}

/**
 * Records one training run from its metrics stream into the runs database: every point the
 * chart gets (batch points thinned alike, past a few thousand), with its wall time, plus the
 * run's name and hyperparameters. Storing never stops training: a failure is said once, on
 * stderr, and the run goes on unsaved.
 */
export class RunRecorder {
  readonly id = `run-${Date.now().toString(36)}-${++nextRun}`;
  readonly #start: RunStart;
  readonly #startedAt = Date.now();
  readonly #t0 = performance.now();
  readonly #points: RunPoint[] = [];
  #thinning = UNTHINNED;
  #metrics: string[] = [];
  #last: Record<string, number> = {};
  #lastEpoch: Record<string, number> = {};
  #state: RunSummary['state'] = 'running';
  #timer: ReturnType<typeof setTimeout> | null = null;
  #writing: Promise<void> = Promise.resolve();
  #failed = false;
  readonly #enabled = typeof indexedDB !== 'undefined';

  constructor(start: RunStart) {
    this.#start = start;
    this.#write();
  }

  add(point: MetricPoint): void {
    const runPoint = toRunPoint(point, this.#start, performance.now() - this.#t0);
    this.#thinning = appendThinned(this.#points, [runPoint], this.#thinning);
    for (const [key, value] of Object.entries(point.logs)) {
      if (!this.#metrics.includes(key)) this.#metrics = [...this.#metrics, key];
      if (point.kind === 'epoch') this.#lastEpoch[key] = value;
      else this.#last[key] = value;
    }
    this.#timer ??= setTimeout(() => {
      this.#timer = null;
      this.#write();
    }, WRITE_EVERY_MS);
  }

  end(state: TrainingView['state']): void {
    this.#state = state;
    if (this.#timer !== null) clearTimeout(this.#timer);
    this.#timer = null;
    this.#write();
  }

  summary(): RunSummary {
    const base: Omit<RunSummary, 'sizeBytes'> = {
      id: this.id,
      name: this.#start.name,
      notebook: this.#start.notebook,
      cellId: this.#start.cellId,
      source: this.#start.source,
      hparams: this.#start.hparams,
      metrics: this.#metrics,
      startedAt: this.#startedAt,
      durationMs: Math.round(performance.now() - this.#t0),
      state: this.#state,
      last: { ...this.#last, ...this.#lastEpoch },
      pointCount: this.#points.length,
    };
    // Exact once the run ended; meanwhile from the newest point, since serialising thousands of
    // points every second would cost the training loop more than the write itself.
    if (this.#state !== 'running' || this.#points.length < 64)
      return { ...base, sizeBytes: runSizeBytes(base, { id: this.id, points: this.#points }) };
    const last = this.#points.at(-1);
    const perPoint = last ? JSON.stringify(last).length + 1 : 0;
    return { ...base, sizeBytes: JSON.stringify(base).length + perPoint * this.#points.length };
  }

  /** Writes are chained: the last one always holds the newest points and the final state. */
  #write(): void {
    if (!this.#enabled || this.#failed) return;
    const summary = this.summary();
    const record = { id: this.id, points: this.#points.slice() };
    const write = this.#writing
      .then(() => putRun(summary, record))
      .catch((error: unknown) => {
        if (this.#failed) return;
        this.#failed = true;
        const reason = error instanceof Error ? error.message : String(error);
        writeStream('stderr', `Run "${summary.name}" is not saved in this browser: ${reason}\n`);
      });
    this.#writing = write;
    writes.add(write);
    void write.finally(() => writes.delete(write));
  }
}
