import { memo, useEffect, useRef } from 'react';
import type { CellRun } from '@/notebook/model';
import type { NotebookCell } from '@/notebook/nbformat';
import { OutputArea } from '@/ui/outputs/OutputArea';
import { CodeEditor } from './CodeEditor';
import { Markdown } from './Markdown';

/** Where the keyboard focus should go: the cell itself (command mode) or its editor (edit mode). */
export interface FocusRequest {
  id: string;
  target: 'cell' | 'editor';
  /** A new request each time, so asking twice for the same place still moves the focus. */
  token: number;
}

/** What running a cell does next: stay, select the next cell, or insert a code cell below. */
export type RunThen = 'stay' | 'advance' | 'insert';

export interface CellActions {
  select(id: string): void;
  edit(id: string, source: string): void;
  /** Runs a code cell, renders a text cell; then `then`. */
  run(id: string, then: RunThen): void;
  /** Escape in the editor: command mode on this cell. */
  leaveEditor(id: string): void;
  setMarkdownEditing(id: string, editing: boolean): void;
  runAbove(id: string): void;
  add(afterId: string, type: 'code' | 'markdown'): void;
  remove(id: string): void;
  move(id: string, by: -1 | 1): void;
  setType(id: string, type: 'code' | 'markdown'): void;
  /** `others`: the rest of a multiple-file pick (a model.json with its weight files). */
  uploadFile(requestId: string, file: File, others?: File[]): void;
  cancelUpload(requestId: string): void;
}

interface Props {
  cell: NotebookCell;
  index: number;
  run: CellRun | undefined;
  selected: boolean;
  /** A text cell shows its source in an editor (else it is rendered). */
  editingMarkdown: boolean;
  focus: FocusRequest | null;
  canRun: boolean;
  actions: CellActions;
}

function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  return `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;
}

const STATE_LABEL = {
  idle: '',
  queued: 'queued',
  running: 'running',
  done: 'done',
  error: 'error',
} as const;

/** The cell's first non-empty line, cut short: how a message names a cell the reader can find. */
export function firstLine(source: string, max = 48): string {
  const line = source.split('\n').find((l) => l.trim() !== '') ?? '';
  const trimmed = line.trim();
  return trimmed.length > max ? `${trimmed.slice(0, max - 1)}…` : trimmed;
}

function CellViewImpl({
  cell,
  index,
  run,
  selected,
  editingMarkdown,
  focus,
  canRun,
  actions,
}: Props) {
  const state = run?.state ?? 'idle';
  const isCode = cell.cell_type === 'code';
  const showEditor = isCode || editingMarkdown;
  const sectionRef = useRef<HTMLElement>(null);
  const editorFocusToken = focus?.target === 'editor' && showEditor ? focus.token : 0;

  // Command mode: the cell itself holds the focus, so the notebook's keys reach it.
  useEffect(() => {
    if (focus?.target === 'cell') sectionRef.current?.focus();
  }, [focus]);

  return (
    // Selection follows the pointer; the keyboard selects with J/K/arrows in command mode
    // (NotebookView's key handler), so the section needs no key handler of its own.
    // biome-ignore lint/a11y/useKeyWithClickEvents: see above
    <section
      ref={sectionRef}
      // Focusable by script (command mode) and by a click; Tab goes through the editors instead.
      tabIndex={-1}
      aria-label={`${isCode ? 'Code' : 'Text'} cell ${index + 1}${selected ? ', selected' : ''}`}
      className={`cell cell-${cell.cell_type} ${selected ? 'selected' : ''} state-${state}`}
      data-testid="cell"
      data-cell-id={cell.id}
      data-cell-index={index}
      data-cell-type={cell.cell_type}
      data-selected={selected ? 'true' : undefined}
      data-state={state}
      // Read by the headless runner to time each cell as the kernel measured it.
      data-duration-ms={run?.durationMs}
      onClick={() => actions.select(cell.id)}
    >
      <div className="cell-gutter">
        {isCode && (
          <span className="exec-count" data-testid="exec-count">
            [{state === 'running' ? '*' : state === 'queued' ? ' ' : (cell.execution_count ?? ' ')}]
          </span>
        )}
      </div>
      <div className="cell-main">
        <div className="cell-toolbar">
          {isCode && (
            <button
              type="button"
              title="Run this cell (Ctrl/Cmd+Enter; Shift+Enter runs and moves on)"
              disabled={!canRun}
              onClick={() => actions.run(cell.id, 'stay')}
            >
              ▶ Run
            </button>
          )}
          {isCode && (
            <button
              type="button"
              title="Run all cells above this one"
              disabled={!canRun}
              onClick={() => actions.runAbove(cell.id)}
            >
              Run above
            </button>
          )}
          {!isCode && (
            <button
              type="button"
              title={
                editingMarkdown
                  ? 'Show the text rendered (Shift+Enter)'
                  : 'Edit this text (Enter, or double-click it)'
              }
              onClick={() => actions.setMarkdownEditing(cell.id, !editingMarkdown)}
            >
              {editingMarkdown ? 'Done' : 'Edit'}
            </button>
          )}
          <select
            title="Code or text (M / Y in command mode)"
            aria-label="Cell type"
            value={cell.cell_type}
            onChange={(e) =>
              actions.setType(cell.id, e.target.value === 'code' ? 'code' : 'markdown')
            }
          >
            <option value="code">Code</option>
            <option value="markdown">Markdown</option>
          </select>
          <button
            type="button"
            title="Move cell up"
            aria-label="Move cell up"
            onClick={() => actions.move(cell.id, -1)}
          >
            ↑
          </button>
          <button
            type="button"
            title="Move cell down"
            aria-label="Move cell down"
            onClick={() => actions.move(cell.id, 1)}
          >
            ↓
          </button>
          <button
            type="button"
            title="Add a code cell below (B in command mode)"
            onClick={() => actions.add(cell.id, 'code')}
          >
            + Code
          </button>
          <button
            type="button"
            title="Add a text cell below"
            onClick={() => actions.add(cell.id, 'markdown')}
          >
            + Text
          </button>
          <button
            type="button"
            title="Delete cell (D, D in command mode; Z brings it back)"
            aria-label="Delete cell"
            onClick={() => actions.remove(cell.id)}
          >
            ✕
          </button>
          <span className="cell-status" data-testid="cell-status">
            {STATE_LABEL[state]}
            {run?.durationMs !== undefined && state !== 'running'
              ? ` · ${formatDuration(run.durationMs)}`
              : ''}
          </span>
        </div>
        {showEditor ? (
          <CodeEditor
            value={cell.source}
            onChange={(source) => actions.edit(cell.id, source)}
            onRun={() => actions.run(cell.id, 'stay')}
            onRunAndAdvance={() => actions.run(cell.id, 'advance')}
            onRunAndInsert={() => actions.run(cell.id, 'insert')}
            onEscape={() => actions.leaveEditor(cell.id)}
            onFocus={() => actions.select(cell.id)}
            focusToken={editorFocusToken}
            ariaLabel={`${isCode ? 'Code' : 'Markdown'} cell ${index + 1}`}
          />
        ) : (
          // biome-ignore lint/a11y/noStaticElementInteractions: double-click to edit, as in Jupyter; the Edit button is the keyboard path
          <div onDoubleClick={() => actions.setMarkdownEditing(cell.id, true)}>
            {cell.source.trim() === '' ? (
              <p className="markdown-empty">Empty text cell: double-click, or Enter, to write.</p>
            ) : (
              <Markdown source={cell.source} />
            )}
          </div>
        )}
        {isCode && cell.outputs.length > 0 && (
          <div className="cell-outputs" data-testid="cell-outputs">
            <OutputArea
              outputs={cell.outputs}
              onUploadFile={actions.uploadFile}
              onUploadCancel={actions.cancelUpload}
            />
          </div>
        )}
      </div>
    </section>
  );
}

/** Re-renders only when this cell changes, so a streaming chart does not redraw the notebook. */
export const CellView = memo(CellViewImpl);
