import { memo, useState } from 'react';
import type { CellRun } from '@/notebook/model';
import type { NotebookCell } from '@/notebook/nbformat';
import { OutputArea } from '@/ui/outputs/OutputArea';
import { CodeEditor } from './CodeEditor';
import { Markdown } from './Markdown';

export interface CellActions {
  select(id: string): void;
  edit(id: string, source: string): void;
  run(id: string, advance: boolean): void;
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
  focusEditor: boolean;
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

function CellViewImpl({ cell, index, run, selected, focusEditor, canRun, actions }: Props) {
  const [editingMarkdown, setEditingMarkdown] = useState(cell.source === '');
  const state = run?.state ?? 'idle';
  const isCode = cell.cell_type === 'code';
  const showEditor = isCode || editingMarkdown;

  return (
    // Selection follows the pointer; keyboard users select a cell by focusing its editor.
    // biome-ignore lint/a11y/useKeyWithClickEvents: see above
    // biome-ignore lint/a11y/noStaticElementInteractions: see above
    <section
      className={`cell cell-${cell.cell_type} ${selected ? 'selected' : ''} state-${state}`}
      data-testid="cell"
      data-cell-index={index}
      data-cell-type={cell.cell_type}
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
              title="Run (Ctrl+Enter)"
              disabled={!canRun}
              onClick={() => actions.run(cell.id, false)}
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
            <button type="button" onClick={() => setEditingMarkdown(!editingMarkdown)}>
              {editingMarkdown ? 'Done' : 'Edit'}
            </button>
          )}
          <select
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
            title="Move up"
            aria-label="Move cell up"
            onClick={() => actions.move(cell.id, -1)}
          >
            ↑
          </button>
          <button
            type="button"
            title="Move down"
            aria-label="Move cell down"
            onClick={() => actions.move(cell.id, 1)}
          >
            ↓
          </button>
          <button
            type="button"
            title="Add a code cell below"
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
            title="Delete cell"
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
            onRun={() => (isCode ? actions.run(cell.id, false) : setEditingMarkdown(false))}
            onRunAndAdvance={() => {
              if (isCode) actions.run(cell.id, true);
              else setEditingMarkdown(false);
            }}
            onFocus={() => actions.select(cell.id)}
            autoFocus={focusEditor}
            ariaLabel={`${isCode ? 'Code' : 'Markdown'} cell ${index + 1}`}
          />
        ) : (
          // biome-ignore lint/a11y/noStaticElementInteractions: double-click to edit, as in Jupyter; the Edit button is the keyboard path
          <div onDoubleClick={() => setEditingMarkdown(true)}>
            <Markdown source={cell.source} />
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
