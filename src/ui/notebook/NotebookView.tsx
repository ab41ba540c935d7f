import { type ReactNode, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { prewarmChart } from '@/charts/chart-prewarm';
import { downloadText } from '@/charts/download';
import { newCellId, parseNotebook, serializeNotebook } from '@/notebook/io';
import type { CheckpointSummary } from '@/protocol';
import { listStoredCheckpoints, resumableCheckpoint } from '@/storage/checkpoints-store';
import { saveStoredNotebook } from '@/storage/notebooks-store';
import { CheckpointsPanel } from '@/ui/checkpoints/CheckpointsPanel';
import { ResumeBanner } from '@/ui/checkpoints/ResumeBanner';
import { exportNotebook } from '@/ui/export/export-notebook';
import { OutputActionsContext } from '@/ui/outputs/output-actions';
import { RunsDashboard } from '@/ui/runs/RunsDashboard';
import { type CellActions, CellView, firstLine } from './CellView';
import { FileDrop } from './FileDrop';
import { KernelBanner } from './KernelBanner';
import { NetworkPrompt } from './NetworkPrompt';
import { ShortcutSheet } from './ShortcutSheet';
import { Toolbar } from './Toolbar';
import { useNotebookKeyboard } from './useNotebookKeyboard';
import { useNotebookSession } from './useNotebookSession';

interface Props {
  path: string;
  title: string;
  shipped: boolean;
  onOpen(path: string): void;
  /** The notebook list's ☰, shown first in the toolbar. */
  navToggle?: ReactNode;
}

function fileNameOf(path: string): string {
  return path.split('/').pop() ?? 'notebook.ipynb';
}

export function NotebookView({ path, title, shipped, onOpen, navToggle }: Props) {
  const session = useNotebookSession(path);
  const { state, kernel, dispatch } = session;
  const rootRef = useRef<HTMLDivElement>(null);
  const [sheetOpen, setSheetOpen] = useState(false);
  const [importError, setImportError] = useState<string | null>(null);
  const [panelOpen, setPanelOpen] = useState(false);
  const [runsOpen, setRunsOpen] = useState(false);
  const runsView = useMemo(() => ({ notebook: path }), [path]);
  // Opened from a toolbar that stays in view, the panel above the cells may be far out of it:
  // it comes to the reader once, when it opens (a stable ref runs only on mount).
  const scrollToRuns = useCallback((el: HTMLDivElement | null) => {
    el?.scrollIntoView({ block: 'start' });
  }, []);
  const [resumeOffer, setResumeOffer] = useState<CheckpointSummary | null>(null);
  const canRun = session.trusted && kernel.status !== 'dead' && kernel.status !== 'starting';
  const kernelReady = kernel.status === 'idle' || kernel.status === 'busy';

  useEffect(prewarmChart, []);
  // A run cut off by a reload left an unfinished checkpoint: offer to go on from it, once.
  useEffect(() => {
    let cancelled = false;
    listStoredCheckpoints()
      .then((all) => {
        if (!cancelled) setResumeOffer(resumableCheckpoint(all, path));
      })
      .catch(() => {});
    return () => {
      cancelled = true;
    };
  }, [path]);
  // Running anything answers the offer: the user went their own way.
  useEffect(() => {
    if (kernel.status === 'busy') setResumeOffer(null);
  }, [kernel.status]);

  // Read through a ref so `actions` stays the same object and typing re-renders one cell only.
  const cellsRef = useRef(state?.doc.cells ?? []);
  cellsRef.current = state?.doc.cells ?? [];
  const { run, runAbove, sendFile, cancelFile, checkpoints } = session;
  const openSheet = useCallback(() => setSheetOpen(true), []);
  const keyboard = useNotebookKeyboard({
    cellsRef,
    dispatch,
    runCells: run,
    rootRef,
    openSheet,
  });
  const { selected, focusCell, runThen, setMarkdownEditing } = keyboard;
  const setSelected = keyboard.select;
  const actions = useMemo<CellActions>(
    () => ({
      select: setSelected,
      edit: (id, source) => dispatch({ type: 'edit', cellId: id, source }),
      run: runThen,
      leaveEditor: (id) => focusCell(id, 'cell'),
      setMarkdownEditing,
      runAbove,
      add: (afterId, type) => dispatch({ type: 'add', afterId, cellType: type }),
      remove: (id) => dispatch({ type: 'delete', cellId: id }),
      move: (id, by) => dispatch({ type: 'move', cellId: id, by }),
      setType: (id, type) => dispatch({ type: 'set-type', cellId: id, cellType: type }),
      uploadFile: sendFile,
      cancelUpload: cancelFile,
    }),
    [dispatch, setSelected, runThen, focusCell, setMarkdownEditing, runAbove, sendFile, cancelFile],
  );

  const { reread, predict, saveRun, classifyDrawing, debuggerAction, controlAction } = session;
  const outputActions = useMemo(
    () => ({ reread, predict, saveRun, classifyDrawing, debuggerAction, controlAction }),
    [reread, predict, saveRun, classifyDrawing, debuggerAction, controlAction],
  );
  const [dropProblem, setDropProblem] = useState<string | null>(null);
  const onFileStored = (name: string) => {
    setDropProblem(null);
    const cells = cellsRef.current;
    const afterId = selected ?? cells.at(-1)?.id ?? null;
    const cellId = newCellId();
    const source = `const ${variableName(name)} = await data.file(${JSON.stringify(name)});`;
    dispatch({ type: 'add', afterId, cellType: 'code', cellId, source });
    setSelected(cellId);
    if (canRun) run([cellId]);
  };
  const onCifarStored = (names: string[]) => {
    setDropProblem(null);
    const cells = cellsRef.current;
    const afterId = selected ?? cells.at(-1)?.id ?? null;
    const cellId = newCellId();
    const source = `// Dropped: ${names.join(', ')}\nconst cifar = await data.load('cifar-10');`;
    dispatch({ type: 'add', afterId, cellType: 'code', cellId, source });
    setSelected(cellId);
    if (canRun) run([cellId]);
  };

  const importNotebook = async (file: File) => {
    setImportError(null);
    try {
      const doc = parseNotebook(await file.text(), file.name);
      const target = `imported/${file.name}`;
      await saveStoredNotebook({
        path: target,
        ipynb: serializeNotebook(doc, { withOutputs: true }),
        updatedAt: Date.now(),
        trusted: false,
      });
      onOpen(target);
    } catch (error) {
      setImportError(error instanceof Error ? error.message : String(error));
    }
  };

  const loadCheckpoint = (name: string) => {
    const cellId = newCellId();
    const source = `// Loaded from the Checkpoints panel: a new model, compiled, with its optimizer state.\nconst loaded = await checkpoint.load(${JSON.stringify(name)});\nloaded.model`;
    dispatch({
      type: 'add',
      afterId: selected ?? cellsRef.current.at(-1)?.id ?? null,
      cellType: 'code',
      cellId,
      source,
    });
    setSelected(cellId);
    run([cellId]);
  };

  if (session.loadError)
    return (
      <div className="banner banner-error" role="alert">
        {session.loadError}
      </div>
    );
  if (!state) return <div className="loading">Opening {title}…</div>;

  return (
    <div className="notebook" ref={rootRef}>
      <Toolbar
        leading={navToggle}
        kernel={kernel}
        canRun={canRun}
        onRunAll={session.runAll}
        onRunAbove={() => selected && session.runAbove(selected)}
        onInterrupt={session.interrupt}
        onRestart={session.restart}
        onClear={() => dispatch({ type: 'clear-outputs' })}
        onBackend={session.setBackend}
        onPreset={session.setPreset}
        onExport={() =>
          // Charts are drawn as PNG for the export, which takes a moment (see ui/export).
          void exportNotebook(state.doc).then((ipynb) =>
            downloadText(fileNameOf(path), ipynb, 'application/x-ipynb+json'),
          )
        }
        onImport={(file) => void importNotebook(file)}
        onRevert={() => void session.revert()}
        canRevert={shipped}
        onCheckpoints={() => setPanelOpen((open) => !open)}
        checkpointsOpen={panelOpen}
        onRuns={() => setRunsOpen((open) => !open)}
        runsOpen={runsOpen}
        onShortcuts={openSheet}
      />
      {sheetOpen && (
        <ShortcutSheet
          onClose={() => {
            setSheetOpen(false);
            // Back to where the keyboard was: the selected cell, in command mode.
            if (selected) focusCell(selected, 'cell');
          }}
        />
      )}
      <KernelBanner kernel={kernel} onRestart={session.restart} />
      <NetworkPrompt
        asks={session.network.asks}
        onAllow={session.network.allow}
        onDeny={session.network.deny}
      />
      {dropProblem && (
        <div className="banner banner-error" role="alert" data-testid="drop-error">
          {dropProblem}
        </div>
      )}
      {resumeOffer && (
        <ResumeBanner
          checkpoint={resumeOffer}
          cellName={(() => {
            const cell = state.doc.cells.find((c) => c.id === resumeOffer.cellId);
            if (!cell) return null;
            const count = cell.execution_count === null ? '' : `[${cell.execution_count}] `;
            return `${count}“${firstLine(cell.source)}”`;
          })()}
          onResume={() => {
            if (checkpoints.resume(resumeOffer.name, resumeOffer.cellId)) setResumeOffer(null);
          }}
          onDismiss={() => setResumeOffer(null)}
        />
      )}
      {panelOpen && (
        <CheckpointsPanel
          version={checkpoints.version}
          kernelReady={kernelReady}
          error={checkpoints.error}
          onDownload={checkpoints.download}
          onLoad={loadCheckpoint}
          onClose={() => setPanelOpen(false)}
        />
      )}
      {runsOpen && (
        <div className="runs-panel" data-testid="runs-panel" ref={scrollToRuns}>
          <RunsDashboard view={runsView} onClose={() => setRunsOpen(false)} />
        </div>
      )}
      {importError && (
        <div className="banner banner-error" role="alert" data-testid="import-error">
          {importError}
        </div>
      )}
      {session.saveError && (
        <div className="banner banner-error" role="alert">
          {session.saveError}
        </div>
      )}
      {!session.trusted && (
        <div className="banner banner-warn" data-testid="trust-banner">
          <strong>This notebook was imported, and none of its code has run.</strong> Read it first:
          when you trust it, its code runs in the kernel worker (never in this page) with access to
          your data in this browser.{' '}
          <button type="button" onClick={session.trust}>
            Trust and allow running
          </button>
        </div>
      )}
      <OutputActionsContext.Provider value={outputActions}>
        <FileDrop
          enabled={session.trusted}
          onStored={onFileStored}
          onCifarStored={onCifarStored}
          onProblem={setDropProblem}
        >
          <div className="cells">
            {state.doc.cells.map((cell, index) => (
              <CellView
                key={cell.id}
                cell={cell}
                index={index}
                run={state.runs[cell.id]}
                selected={selected === cell.id}
                editingMarkdown={
                  cell.cell_type === 'markdown' &&
                  (keyboard.markdownEditing[cell.id] ?? cell.source === '')
                }
                focus={keyboard.focus?.id === cell.id ? keyboard.focus : null}
                canRun={canRun}
                actions={actions}
              />
            ))}
            <div className="add-cell-row">
              <button
                type="button"
                onClick={() =>
                  dispatch({
                    type: 'add',
                    afterId: state.doc.cells.at(-1)?.id ?? null,
                    cellType: 'code',
                  })
                }
              >
                + Code
              </button>
              <button
                type="button"
                onClick={() =>
                  dispatch({
                    type: 'add',
                    afterId: state.doc.cells.at(-1)?.id ?? null,
                    cellType: 'markdown',
                  })
                }
              >
                + Text
              </button>
            </div>
          </div>
        </FileDrop>
      </OutputActionsContext.Provider>
    </div>
  );
}

const RESERVED = new Set(['data', 'tf', 'fit', 'plot', 'table', 'image', 'display', 'progress']);

/** `energydata_complete.csv` → `energydata_complete`: a name a cell can declare. */
export function variableName(fileName: string): string {
  const stem = fileName.replace(/\.(gz)$/i, '').replace(/\.[^.]+$/, '');
  let name = stem.replace(/[^A-Za-z0-9_$]+/g, '_').replace(/^_+|_+$/g, '');
  if (name === '' || /^[0-9]/.test(name)) name = `table_${name}`;
  return RESERVED.has(name) ? `${name}_table` : name;
}
