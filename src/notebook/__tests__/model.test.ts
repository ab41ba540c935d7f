import { describe, expect, it } from 'vitest';
import type { CellId, MetricPoint, RunId } from '@/protocol';
import { codeCellsAbove, initialState, type NotebookState, notebookReducer } from '../model';
import type { NotebookDocument } from '../nbformat';

const doc: NotebookDocument = {
  nbformat: 4,
  nbformat_minor: 5,
  metadata: {},
  cells: [
    {
      id: 'a',
      cell_type: 'markdown',
      source: '# A',
      metadata: {},
      outputs: [],
      execution_count: null,
    },
    { id: 'b', cell_type: 'code', source: '1', metadata: {}, outputs: [], execution_count: null },
    { id: 'c', cell_type: 'code', source: '2', metadata: {}, outputs: [], execution_count: null },
  ],
};
const run = 'r1' as RunId;
const cellId = 'b' as CellId;

function started(): NotebookState {
  return notebookReducer(initialState(doc), {
    type: 'start',
    cellId: 'b',
    runId: run,
    executionCount: 1,
    at: 0,
  });
}

/** The started notebook with an empty live chart in cell b, as `fit` first displays it. */
function withChart(chartId: string, xLabel: string): NotebookState {
  const view = { chartId, title: 'T', xLabel, points: [], state: 'running' as const };
  return notebookReducer(started(), {
    type: 'kernel',
    message: {
      type: 'display',
      runId: run,
      cellId,
      data: { 'application/vnd.tfnb.training+json': view },
      displayId: chartId,
    },
  });
}

describe('notebookReducer', () => {
  it('adds, moves, retypes and deletes cells', () => {
    let s = notebookReducer(initialState(doc), { type: 'add', afterId: 'a', cellType: 'code' });
    expect(s.doc.cells.map((c) => c.cell_type)).toEqual(['markdown', 'code', 'code', 'code']);
    const added = s.doc.cells[1]!.id;
    s = notebookReducer(s, { type: 'move', cellId: added, by: 1 });
    expect(s.doc.cells[2]!.id).toBe(added);
    s = notebookReducer(s, { type: 'set-type', cellId: added, cellType: 'markdown' });
    expect(s.doc.cells[2]!.cell_type).toBe('markdown');
    s = notebookReducer(s, { type: 'delete', cellId: added });
    expect(s.doc.cells.map((c) => c.id)).toEqual(['a', 'b', 'c']);
  });

  it('puts a deleted cell back where it was, with its outputs, once', () => {
    const withOutput = {
      ...doc.cells[1]!,
      outputs: [{ output_type: 'stream' as const, name: 'stdout' as const, text: 'x' }],
    };
    let s = notebookReducer(
      initialState({ ...doc, cells: [doc.cells[0]!, withOutput, doc.cells[2]!] }),
      { type: 'delete', cellId: 'b' },
    );
    s = notebookReducer(s, { type: 'restore', cell: withOutput, index: 1 });
    expect(s.doc.cells.map((c) => c.id)).toEqual(['a', 'b', 'c']);
    expect(s.doc.cells[1]!.outputs).toHaveLength(1);
    // A second undo of the same cell does not duplicate it.
    expect(notebookReducer(s, { type: 'restore', cell: withOutput, index: 1 })).toBe(s);
  });

  it('collects streamed text into one output and keeps the result after it', () => {
    let s = started();
    s = notebookReducer(s, {
      type: 'kernel',
      message: { type: 'stream', runId: run, cellId, name: 'stdout', text: 'a\n' },
    });
    s = notebookReducer(s, {
      type: 'kernel',
      message: { type: 'stream', runId: run, cellId, name: 'stdout', text: 'b\n' },
    });
    s = notebookReducer(s, {
      type: 'kernel',
      message: {
        type: 'result',
        runId: run,
        cellId,
        data: { 'text/plain': '1' },
        executionCount: 1,
      },
    });
    s = notebookReducer(s, {
      type: 'kernel',
      message: { type: 'done', runId: run, cellId, durationMs: 12 },
    });
    expect(s.doc.cells[1]!.outputs).toEqual([
      { output_type: 'stream', name: 'stdout', text: 'a\nb\n' },
      {
        output_type: 'execute_result',
        data: { 'text/plain': '1' },
        metadata: {},
        execution_count: 1,
      },
    ]);
    expect(s.runs.b).toEqual({ state: 'done', durationMs: 12, runId: run });
  });

  it('replaces a display with the same id and appends training points to its chart', () => {
    let s = withChart('k', 'iteration');
    const point = { step: 0, epoch: 0, kind: 'batch' as const, logs: { loss: 0.25 } };
    s = notebookReducer(s, {
      type: 'kernel',
      message: {
        type: 'metrics',
        runId: run,
        cellId,
        chartId: 'k',
        points: [point, { ...point, step: 1 }],
      },
    });
    s = notebookReducer(s, {
      type: 'kernel',
      message: { type: 'training-state', runId: run, cellId, chartId: 'k', state: 'done' },
    });
    const out = s.doc.cells[1]!.outputs;
    expect(out).toHaveLength(1);
    const training =
      out[0]!.output_type === 'display_data'
        ? out[0]!.data['application/vnd.tfnb.training+json']
        : undefined;
    expect(training?.points).toHaveLength(2);
    expect(training?.state).toBe('done');
  });

  it("keeps a 4,000-epoch run's chart to a few thousand batch points and every epoch point", () => {
    let s = withChart('long', 'epoch');
    // Activity 3.02: 220 batches an epoch, a message every 50 ms (~10 batches).
    for (let e = 0; e < 4000; e++) {
      for (let m = 0; m < 22; m++) {
        const points: MetricPoint[] = Array.from({ length: 10 }, (_, i) => ({
          step: e + (m * 10 + i + 1) / 220,
          epoch: e,
          kind: 'batch' as const,
          logs: { loss: 0.5 },
        }));
        if (m === 21)
          points.push({
            step: e + 1,
            epoch: e,
            kind: 'epoch' as const,
            logs: { loss: 0.5 },
          } as never);
        s = notebookReducer(s, {
          type: 'kernel',
          message: { type: 'metrics', runId: run, cellId, chartId: 'long', points },
        });
      }
    }
    const out = s.doc.cells[1]!.outputs[0]!;
    const training =
      out.output_type === 'display_data'
        ? out.data['application/vnd.tfnb.training+json']
        : undefined;
    const kinds = (k: string) => training?.points.filter((p) => p.kind === k) ?? [];
    expect(kinds('epoch')).toHaveLength(4000);
    expect(kinds('batch').length).toBeLessThanOrEqual(4000);
    expect(kinds('batch').length).toBeGreaterThan(2000);
    expect(training?.batchThinning?.seen).toBe(880_000);
    expect(kinds('batch').at(-1)?.step).toBeGreaterThan(3990);
  });

  it('drops late events from a run that is no longer current', () => {
    const s = notebookReducer(started(), {
      type: 'kernel',
      message: { type: 'stream', runId: 'old' as RunId, cellId, name: 'stdout', text: 'late' },
    });
    expect(s.doc.cells[1]!.outputs).toEqual([]);
  });

  it('ends a running cell with an error when the kernel is lost, and unqueues the rest', () => {
    let s = notebookReducer(started(), { type: 'queue', cellIds: ['c'] });
    s = notebookReducer(s, {
      type: 'kernel-lost',
      message: 'The kernel died.',
      hint: 'Restart it.',
    });
    expect(s.runs.b?.state).toBe('error');
    expect(s.runs.c?.state).toBe('idle');
    expect(s.doc.cells[1]!.outputs[0]).toMatchObject({
      output_type: 'error',
      evalue: 'The kernel died.',
    });
  });

  it('lists the code cells above a cell for Run above', () => {
    expect(codeCellsAbove(doc, 'c')).toEqual(['b']);
  });
});
