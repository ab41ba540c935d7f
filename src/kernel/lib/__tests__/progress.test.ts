import '../checkpoint/__tests__/worker-globals';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CellId, FromKernel, ProgressView, RunId } from '@/protocol';
import { setCurrentRun } from '../../run-context';
import { posted } from '../checkpoint/__tests__/worker-globals';
import { progress } from '../progress';

const runA = { runId: 'run-a' as RunId, cellId: 'cell-a' as CellId };
const runB = { runId: 'run-b' as RunId, cellId: 'cell-b' as CellId };

/** The bars the kernel showed: which cell, and the count each said. */
function shown(): { cellId: string; done: number; state: string }[] {
  return posted.flatMap((m: FromKernel) => {
    if (m.type !== 'display') return [];
    const view = m.data['application/vnd.tfnb.progress+json'] as ProgressView | undefined;
    return view ? [{ cellId: m.cellId, done: view.done, state: view.state }] : [];
  });
}

describe('progress bars', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    posted.length = 0;
    setCurrentRun(runA);
  });
  afterEach(() => vi.useRealTimers());

  it('show the last count even when it came too soon after the one before and nothing followed', () => {
    const bar = progress(200, { label: 'Reading', unit: 'rows' });
    bar.update(10);
    bar.update(70); // within 100 ms of the first: held back, not lost
    expect(shown().at(-1)?.done).toBe(0);
    vi.advanceTimersByTime(150);
    expect(shown().map((s) => s.done)).toEqual([0, 70]);
  });

  it('send nothing late once finished, nor into a cell run after theirs', () => {
    const finished = progress(10);
    finished.update(5);
    finished.finish();
    vi.advanceTimersByTime(150);
    expect(shown().map((s) => [s.done, s.state])).toEqual([
      [0, 'running'],
      [10, 'done'],
    ]);

    posted.length = 0;
    const left = progress(10);
    left.update(3);
    setCurrentRun(runB); // its cell ended without finish(); another cell runs now
    vi.advanceTimersByTime(150);
    expect(shown()).toEqual([{ cellId: 'cell-a', done: 0, state: 'running' }]);
  });
});
