import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { FromKernel, MetricPoint } from '@/protocol';

const posted: FromKernel[] = [];
vi.mock('../post', () => ({ post: (message: FromKernel) => posted.push(message) }));
vi.mock('../display', () => ({ displayBundle: () => undefined }));
vi.mock('../run-context', () => ({ currentRun: () => ({ runId: 'r1', cellId: 'c1' }) }));

const { MetricsStream } = await import('../lib/metrics-stream');

const point = (step: number): MetricPoint => ({ step, epoch: 0, kind: 'batch', logs: { loss: 1 } });
let now = 0;

beforeEach(() => {
  posted.length = 0;
  now = 1_000;
  vi.spyOn(performance, 'now').mockImplementation(() => now);
});

afterEach(() => {
  vi.restoreAllMocks();
});

describe('MetricsStream', () => {
  it('batches a fast loop into one message per 50 ms: 20 a second, not one per step', () => {
    const stream = new MetricsStream('t', 'epoch');
    // 1000 steps a second for one second: a message per 50 ms, not per step.
    for (let step = 1; step <= 1_000; step++) {
      now += 1;
      stream.push(point(step));
    }
    stream.end('done');
    const batches = posted.filter((m) => m.type === 'metrics');
    expect(batches.length).toBeGreaterThanOrEqual(19);
    expect(batches.length).toBeLessThanOrEqual(21);
    expect(batches.flatMap((m) => m.points.map((p) => p.step))).toEqual(
      Array.from({ length: 1_000 }, (_, i) => i + 1),
    );
    expect(posted.at(-1)).toMatchObject({ type: 'training-state', state: 'done' });
  });

  it('sends every point of a slow loop at once', () => {
    const stream = new MetricsStream('t', 'epoch');
    for (let step = 1; step <= 3; step++) {
      now += 200;
      stream.push(point(step));
    }
    expect(posted.filter((m) => m.type === 'metrics')).toHaveLength(3);
  });
});
