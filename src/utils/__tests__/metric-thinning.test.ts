import { describe, expect, it } from 'vitest';
import type { MetricPoint } from '@/protocol';
import { appendThinned, UNTHINNED, unthinnedState } from '../metric-thinning';

const batch = (n: number): MetricPoint => ({ step: n, epoch: 0, kind: 'batch', logs: { loss: n } });
const epoch = (n: number): MetricPoint => ({ step: n, epoch: n, kind: 'epoch', logs: { loss: n } });

/** A run of `epochs` epochs of `perEpoch` batches, fed in chunks as the kernel would send them. */
function run(epochs: number, perEpoch: number, chunk: number, max: number) {
  const points: MetricPoint[] = [];
  let thinning = UNTHINNED;
  let pending: MetricPoint[] = [];
  let n = 0;
  for (let e = 0; e < epochs; e++) {
    for (let b = 0; b < perEpoch; b++) {
      pending.push(batch(n++));
      if (pending.length === chunk) {
        thinning = appendThinned(points, pending, thinning, max);
        pending = [];
      }
    }
    pending.push(epoch(e + 1));
  }
  thinning = appendThinned(points, pending, thinning, max);
  return { points, thinning, total: n };
}

describe('appendThinned', () => {
  it('keeps every point of a run shorter than the limit', () => {
    const { points, thinning } = run(3, 10, 7, 100);
    expect(points).toHaveLength(33);
    expect(thinning).toEqual({ stride: 1, seen: 30 });
  });

  it("keeps a long run's batch points under the limit, evenly spaced over the whole run, and every epoch point", () => {
    const { points, thinning, total } = run(400, 220, 13, 1000);
    const batches = points.filter((p) => p.kind === 'batch').map((p) => p.step);
    expect(total).toBe(88_000);
    expect(batches.length).toBeLessThanOrEqual(1000);
    expect(batches.length).toBeGreaterThan(500);
    // Exactly the multiples of the stride: the same points whatever the chunking.
    expect(batches).toEqual(Array.from({ length: batches.length }, (_, i) => i * thinning.stride));
    expect(Math.ceil(total / thinning.stride)).toBe(batches.length);
    expect(points.filter((p) => p.kind === 'epoch').map((p) => p.step)).toEqual(
      Array.from({ length: 400 }, (_, i) => i + 1),
    );
    // Points stay in run order: each epoch point follows its epoch's batches.
    const steps = points.map((p) => (p.kind === 'epoch' ? p.step * 220 - 0.5 : p.step));
    expect(steps).toEqual([...steps].sort((a, b) => a - b));
  });

  it('gives the same points however the run is split into messages', () => {
    expect(run(50, 37, 1, 300).points).toEqual(run(50, 37, 500, 300).points);
  });

  it('continues a view saved before thinning existed', () => {
    const old = Array.from({ length: 120 }, (_, i) => batch(i));
    const points = [...old];
    const thinning = appendThinned(points, [batch(120)], unthinnedState(old), 100);
    expect(thinning).toEqual({ stride: 2, seen: 121 });
    expect(points.map((p) => p.step)).toEqual(Array.from({ length: 61 }, (_, i) => i * 2));
  });
});
