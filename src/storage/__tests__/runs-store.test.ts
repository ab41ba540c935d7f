import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import type { RunPoint, RunSummary } from '@/protocol';
import {
  deleteRun,
  getRunPoints,
  listRuns,
  onRunsChanged,
  pickRuns,
  putRun,
  type RunsChange,
  runSizeBytes,
} from '../runs-store';

function run(id: string, name: string, startedAt: number): RunSummary {
  return {
    id,
    name,
    notebook: 'book/ch1.ipynb',
    cellId: 'c1',
    source: 'fit',
    hparams: { optimizer: 'Adam', lr: 0.001 },
    metrics: ['loss'],
    startedAt,
    durationMs: 1200,
    state: 'done',
    last: { loss: 0.5 },
    pointCount: 1,
    sizeBytes: 0,
  };
}

const points: RunPoint[] = [{ kind: 'epoch', step: 4, epoch: 1, wallMs: 800, logs: { loss: 0.5 } }];

describe('the runs store', () => {
  it('keeps summaries and points, lists newest first, deletes both, and announces changes', async () => {
    const changes: RunsChange[] = [];
    const stop = onRunsChanged((c) => changes.push(c));
    await putRun(run('a', 'first', 1000), { id: 'a', points });
    await putRun(run('b', 'second', 2000), { id: 'b', points: [] });
    expect((await listRuns()).map((r) => r.id)).toEqual(['b', 'a']);
    expect((await getRunPoints('a'))?.points).toEqual(points);
    await deleteRun('a');
    expect((await listRuns()).map((r) => r.id)).toEqual(['b']);
    expect(await getRunPoints('a')).toBeUndefined();
    await new Promise((resolve) => setTimeout(resolve, 50));
    stop();
    expect(changes).toEqual([
      { type: 'saved', id: 'a' },
      { type: 'saved', id: 'b' },
      { type: 'deleted', id: 'a' },
    ]);
    await deleteRun('b');
  });

  it('picks runs by id or by name, the newest of a repeated name, in the order asked', () => {
    const all = [run('x1', 'lstm', 1000), run('x2', 'lstm', 3000), run('y', 'gru', 2000)];
    expect(pickRuns(all, ['gru', 'lstm']).map((r) => r.id)).toEqual(['y', 'x2']);
    expect(pickRuns(all, ['x1', 'nothing']).map((r) => r.id)).toEqual(['x1']);
  });

  it('sizes a run as its summary and points in JSON', () => {
    const { sizeBytes: _, ...summary } = run('a', 'first', 1);
    expect(runSizeBytes(summary, { id: 'a', points })).toBe(
      JSON.stringify(summary).length + JSON.stringify(points).length,
    );
  });
});
