import type { FromKernel, MimeBundle, RunId, TrainingView } from '@/protocol';
import { appendThinned, unthinnedState } from '@/utils/metric-thinning';
import { newCellId } from './io';
import type { CellOutput, CellType, NotebookCell, NotebookDocument } from './nbformat';

export type RunState = 'idle' | 'queued' | 'running' | 'done' | 'error';

export interface CellRun {
  state: RunState;
  runId?: RunId;
  startedAt?: number;
  durationMs?: number;
}

export interface NotebookState {
  doc: NotebookDocument;
  runs: Record<string, CellRun>;
}

export type NotebookAction =
  | { type: 'load'; doc: NotebookDocument }
  | { type: 'edit'; cellId: string; source: string }
  | { type: 'add'; afterId: string | null; cellType: CellType; cellId?: string; source?: string }
  | { type: 'delete'; cellId: string }
  /** Undo of a delete: the cell as it was (outputs too), back at its index. */
  | { type: 'restore'; cell: NotebookCell; index: number }
  | { type: 'move'; cellId: string; by: -1 | 1 }
  | { type: 'set-type'; cellId: string; cellType: CellType }
  | { type: 'clear-outputs' }
  | { type: 'queue'; cellIds: string[] }
  | { type: 'start'; cellId: string; runId: RunId; executionCount: number; at: number }
  /** Queued cells will not run: after Interrupt or an error in Run all. */
  | { type: 'cancel-queued' }
  /** The kernel died or was restarted: running cells end with `message` as their error. */
  | { type: 'kernel-lost'; message: string; hint: string }
  | { type: 'kernel'; message: FromKernel };

export function initialState(doc: NotebookDocument): NotebookState {
  return { doc, runs: {} };
}

function updateCell(
  state: NotebookState,
  cellId: string,
  update: (cell: NotebookCell) => NotebookCell,
): NotebookState {
  const cells = state.doc.cells.map((c) => (c.id === cellId ? update(c) : c));
  return { ...state, doc: { ...state.doc, cells } };
}

function setRun(state: NotebookState, cellId: string, run: CellRun): NotebookState {
  return { ...state, runs: { ...state.runs, [cellId]: run } };
}

function isCurrentRun(state: NotebookState, cellId: string, runId: RunId): boolean {
  return state.runs[cellId]?.runId === runId;
}

/** Adds an output, or replaces the one with the same display id (progress bars, live charts). */
function putOutput(outputs: CellOutput[], data: MimeBundle, displayId?: string): CellOutput[] {
  const output: CellOutput = {
    output_type: 'display_data',
    data,
    metadata: {},
    ...(displayId ? { display_id: displayId } : {}),
  };
  if (displayId) {
    const index = outputs.findIndex(
      (o) => o.output_type === 'display_data' && o.display_id === displayId,
    );
    if (index >= 0) return outputs.map((o, i) => (i === index ? output : o));
  }
  return [...outputs, output];
}

function appendStream(
  outputs: CellOutput[],
  name: 'stdout' | 'stderr',
  text: string,
): CellOutput[] {
  const last = outputs[outputs.length - 1];
  if (last?.output_type === 'stream' && last.name === name) {
    return [...outputs.slice(0, -1), { ...last, text: last.text + text }];
  }
  return [...outputs, { output_type: 'stream', name, text }];
}

function updateTraining(
  outputs: CellOutput[],
  chartId: string,
  change: (view: TrainingView) => TrainingView,
): CellOutput[] {
  return outputs.map((o) => {
    const view =
      o.output_type === 'display_data' ? o.data['application/vnd.tfnb.training+json'] : undefined;
    if (!view || view.chartId !== chartId || o.output_type !== 'display_data') return o;
    const next = change(view);
    const last = next.points[next.points.length - 1];
    const summary = last
      ? `${next.title}: ${Object.entries(last.logs)
          .map(([k, v]) => `${k} ${v.toPrecision(4)}`)
          .join(', ')} (${next.points.length} points)`
      : next.title;
    return {
      ...o,
      data: { ...o.data, 'application/vnd.tfnb.training+json': next, 'text/plain': summary },
    };
  });
}

function applyKernelMessage(state: NotebookState, message: FromKernel): NotebookState {
  switch (message.type) {
    case 'ready':
    case 'backend':
    case 'status':
    case 'fatal':
    case 'download':
    case 'checkpoint-saved':
    case 'checkpoint-failed':
    case 'api-routes':
    case 'predict-result':
    case 'drawing-result':
    case 'network-blocked':
      return state;
    default:
      break;
  }
  const { cellId, runId } = message;
  // Events of a run the user already cancelled or re-ran are dropped.
  if (!isCurrentRun(state, cellId, runId)) return state;
  switch (message.type) {
    case 'stream':
      return updateCell(state, cellId, (c) => ({
        ...c,
        outputs: appendStream(c.outputs, message.name, message.text),
      }));
    case 'display':
      return updateCell(state, cellId, (c) => ({
        ...c,
        outputs: putOutput(c.outputs, message.data, message.displayId),
      }));
    case 'result':
      return updateCell(state, cellId, (c) => ({
        ...c,
        outputs: [
          ...c.outputs,
          {
            output_type: 'execute_result',
            data: message.data,
            metadata: {},
            execution_count: message.executionCount,
          },
        ],
      }));
    case 'metrics':
      return updateCell(state, cellId, (c) => ({
        ...c,
        outputs: updateTraining(c.outputs, message.chartId, (v) => {
          const points = [...v.points];
          const thinning = v.batchThinning ?? unthinnedState(v.points);
          const batchThinning = appendThinned(points, message.points, thinning);
          return { ...v, points, batchThinning };
        }),
      }));
    case 'training-state':
      return updateCell(state, cellId, (c) => ({
        ...c,
        outputs: updateTraining(c.outputs, message.chartId, (v) => ({
          ...v,
          state: message.state,
          ...(message.message ? { message: message.message } : {}),
        })),
      }));
    case 'done':
      return setRun(state, cellId, { state: 'done', durationMs: message.durationMs, runId });
    case 'error': {
      const { error } = message;
      const withError = updateCell(state, cellId, (c) => ({
        ...c,
        outputs: [
          ...c.outputs,
          {
            output_type: 'error',
            ename: error.name,
            evalue: error.message,
            traceback: error.stack ? error.stack.split('\n') : [],
            ...(error.line !== undefined ? { line: error.line } : {}),
            ...(error.hint ? { hint: error.hint } : {}),
          },
        ],
      }));
      return setRun(withError, cellId, { state: 'error', durationMs: message.durationMs, runId });
    }
  }
}

/** The notebook's state transitions; pure, so every one is unit-tested without React. */
export function notebookReducer(state: NotebookState, action: NotebookAction): NotebookState {
  switch (action.type) {
    case 'load':
      return initialState(action.doc);
    case 'edit':
      return updateCell(state, action.cellId, (c) => ({ ...c, source: action.source }));
    case 'add': {
      const cell: NotebookCell = {
        id: action.cellId ?? newCellId(),
        cell_type: action.cellType,
        source: action.source ?? '',
        metadata: {},
        outputs: [],
        execution_count: null,
      };
      const cells = [...state.doc.cells];
      const index = action.afterId === null ? -1 : cells.findIndex((c) => c.id === action.afterId);
      cells.splice(index + 1, 0, cell);
      return { ...state, doc: { ...state.doc, cells } };
    }
    case 'delete':
      return {
        ...state,
        doc: { ...state.doc, cells: state.doc.cells.filter((c) => c.id !== action.cellId) },
      };
    case 'restore': {
      if (state.doc.cells.some((c) => c.id === action.cell.id)) return state;
      const cells = [...state.doc.cells];
      cells.splice(Math.max(0, Math.min(action.index, cells.length)), 0, action.cell);
      return { ...state, doc: { ...state.doc, cells } };
    }
    case 'move': {
      const cells = [...state.doc.cells];
      const from = cells.findIndex((c) => c.id === action.cellId);
      const to = from + action.by;
      if (from < 0 || to < 0 || to >= cells.length) return state;
      const [cell] = cells.splice(from, 1);
      if (cell) cells.splice(to, 0, cell);
      return { ...state, doc: { ...state.doc, cells } };
    }
    case 'set-type':
      return updateCell(state, action.cellId, (c) => ({
        ...c,
        cell_type: action.cellType,
        outputs: action.cellType === 'markdown' ? [] : c.outputs,
        execution_count: action.cellType === 'markdown' ? null : c.execution_count,
      }));
    case 'clear-outputs':
      return {
        runs: {},
        doc: {
          ...state.doc,
          cells: state.doc.cells.map((c) => ({ ...c, outputs: [], execution_count: null })),
        },
      };
    case 'queue': {
      const runs = { ...state.runs };
      for (const id of action.cellIds) runs[id] = { state: 'queued' };
      return { ...state, runs };
    }
    case 'start': {
      const started = updateCell(state, action.cellId, (c) => ({
        ...c,
        outputs: [],
        execution_count: action.executionCount,
      }));
      return setRun(started, action.cellId, {
        state: 'running',
        runId: action.runId,
        startedAt: action.at,
      });
    }
    case 'cancel-queued': {
      const runs: Record<string, CellRun> = {};
      for (const [id, run] of Object.entries(state.runs))
        runs[id] = run.state === 'queued' ? { state: 'idle' } : run;
      return { ...state, runs };
    }
    case 'kernel-lost': {
      let next: NotebookState = notebookReducer(state, { type: 'cancel-queued' });
      for (const [id, run] of Object.entries(next.runs)) {
        if (run.state !== 'running') continue;
        next = updateCell(next, id, (c) => ({
          ...c,
          outputs: [
            ...c.outputs,
            {
              output_type: 'error',
              ename: 'KernelLost',
              evalue: action.message,
              traceback: [],
              hint: action.hint,
            },
          ],
        }));
        const durationMs = run.startedAt === undefined ? undefined : Date.now() - run.startedAt;
        next = setRun(next, id, {
          state: 'error',
          ...(durationMs === undefined ? {} : { durationMs }),
        });
      }
      return next;
    }
    case 'kernel':
      return applyKernelMessage(state, action.message);
  }
}

/** The ids of the code cells from the start up to (not including) `cellId`. */
export function codeCellsAbove(doc: NotebookDocument, cellId: string): string[] {
  const index = doc.cells.findIndex((c) => c.id === cellId);
  return doc.cells
    .slice(0, Math.max(0, index))
    .filter((c) => c.cell_type === 'code')
    .map((c) => c.id);
}
