import { type Dispatch, type RefObject, useCallback, useEffect, useRef, useState } from 'react';
import { newCellId } from '@/notebook/io';
import type { NotebookAction } from '@/notebook/model';
import type { NotebookCell } from '@/notebook/nbformat';
import type { FocusRequest, RunThen } from './CellView';
import { commandFor, type NotebookCommand } from './command-keys';

interface Options {
  /** The notebook's cells as they are now (read at the time of a key press, not of a render). */
  cellsRef: RefObject<readonly NotebookCell[]>;
  dispatch: Dispatch<NotebookAction>;
  /** Queues code cells on the kernel; ignores them while the notebook is not trusted. */
  runCells(ids: string[]): void;
  /** The notebook's root: command keys count only when the focus is in it (or nowhere). */
  rootRef: RefObject<HTMLElement | null>;
  openSheet(): void;
}

export interface NotebookKeyboard {
  selected: string | null;
  focus: FocusRequest | null;
  /** Text cells shown as source, by id; a cell absent here is edited while empty. */
  markdownEditing: Readonly<Record<string, boolean>>;
  select(id: string): void;
  /** Selects a cell and moves the keyboard focus to it (command mode) or its editor. */
  focusCell(id: string, target: 'cell' | 'editor'): void;
  runThen(id: string, then: RunThen): void;
  setMarkdownEditing(id: string, editing: boolean): void;
}

/**
 * Jupyter's two modes. Edit mode: an editor has the focus and takes the keys (CodeEditor binds
 * Esc and the Enter family). Command mode: the selected cell itself has the focus, and single
 * keys act on cells (command-keys.ts). A document listener rather than one per cell, so the keys
 * also work before any cell was clicked (focus on the page) and after a toolbar click.
 */
export function useNotebookKeyboard(options: Options): NotebookKeyboard {
  const { cellsRef, dispatch, runCells, rootRef, openSheet } = options;
  const [selected, setSelected] = useState<string | null>(null);
  const [focus, setFocus] = useState<FocusRequest | null>(null);
  const [markdownEditing, setEditing] = useState<Record<string, boolean>>({});
  const token = useRef(0);
  const selectedRef = useRef(selected);
  selectedRef.current = selected;
  const pending = useRef<'d' | null>(null);
  /** Deleted cells, newest last, for Z. */
  const deleted = useRef<{ cell: NotebookCell; index: number }[]>([]);

  const focusCell = useCallback(
    (id: string, target: 'cell' | 'editor') => {
      setSelected(id);
      token.current += 1;
      setFocus({ id, target, token: token.current });
      // Move the focus now when the cell is already on the page, so a key pressed before React
      // renders lands on the new place, not in the editor just left (the cell's effect does it
      // for a cell that is still to be drawn).
      const section = rootRef.current?.querySelector<HTMLElement>(
        `[data-cell-id="${CSS.escape(id)}"]`,
      );
      if (target === 'cell') section?.focus();
      else section?.querySelector<HTMLElement>('.cm-content')?.focus();
    },
    [rootRef],
  );

  const setMarkdownEditing = useCallback((id: string, editing: boolean) => {
    setEditing((all) => (all[id] === editing ? all : { ...all, [id]: editing }));
  }, []);

  const addCell = useCallback(
    (afterId: string | null, target: 'cell' | 'editor') => {
      const cellId = newCellId();
      dispatch({ type: 'add', afterId, cellType: 'code', cellId });
      focusCell(cellId, target);
    },
    [dispatch, focusCell],
  );

  const runThen = useCallback(
    (id: string, then: RunThen) => {
      const cells = cellsRef.current ?? [];
      const index = cells.findIndex((c) => c.id === id);
      const cell = cells[index];
      if (!cell) return;
      // A text cell "runs" by being rendered; Shift+Enter then moves on like after a code cell.
      if (cell.cell_type === 'code') runCells([id]);
      else setMarkdownEditing(id, false);
      if (then === 'insert') return addCell(id, 'editor');
      if (then === 'stay') return focusCell(id, 'cell');
      const next = cells[index + 1];
      // At the end a new cell opens for typing, as in Jupyter; otherwise the next cell is
      // selected in command mode, whatever its type, so the next Shift+Enter runs it.
      if (next) focusCell(next.id, 'cell');
      else addCell(id, 'editor');
    },
    [cellsRef, runCells, setMarkdownEditing, addCell, focusCell],
  );

  const apply = useCallback(
    (command: NotebookCommand) => {
      const cells = cellsRef.current ?? [];
      const id = selectedRef.current;
      const index = cells.findIndex((c) => c.id === id);
      const cell = cells[index];
      if (command === 'shortcuts') return openSheet();
      if (command === 'undo-delete') {
        const last = deleted.current.pop();
        if (!last) return;
        dispatch({ type: 'restore', cell: last.cell, index: last.index });
        return focusCell(last.cell.id, 'cell');
      }
      if (command === 'select-next' || command === 'select-previous') {
        const to =
          cell === undefined
            ? cells[command === 'select-next' ? 0 : cells.length - 1]
            : cells[index + (command === 'select-next' ? 1 : -1)];
        if (to) focusCell(to.id, 'cell');
        else if (cell) focusCell(cell.id, 'cell');
        return;
      }
      if (cell === undefined) return;
      switch (command) {
        case 'edit':
          if (cell.cell_type === 'markdown') setMarkdownEditing(cell.id, true);
          return focusCell(cell.id, 'editor');
        case 'run-advance':
          return runThen(cell.id, 'advance');
        case 'run':
          return runThen(cell.id, 'stay');
        case 'run-insert':
          return runThen(cell.id, 'insert');
        case 'insert-above':
          return addCell(cells[index - 1]?.id ?? null, 'cell');
        case 'insert-below':
          return addCell(cell.id, 'cell');
        case 'delete': {
          deleted.current.push({ cell, index });
          dispatch({ type: 'delete', cellId: cell.id });
          const then = cells[index + 1] ?? cells[index - 1];
          if (then) focusCell(then.id, 'cell');
          else setSelected(null);
          return;
        }
        case 'to-markdown':
          if (cell.cell_type === 'markdown') return;
          dispatch({ type: 'set-type', cellId: cell.id, cellType: 'markdown' });
          // Its text shows as source until it is run (rendered), as in Jupyter.
          setMarkdownEditing(cell.id, true);
          return focusCell(cell.id, 'cell');
        case 'to-code':
          if (cell.cell_type === 'code') return;
          dispatch({ type: 'set-type', cellId: cell.id, cellType: 'code' });
          return focusCell(cell.id, 'cell');
      }
    },
    [cellsRef, dispatch, focusCell, runThen, addCell, setMarkdownEditing, openSheet],
  );

  const applyRef = useRef(apply);
  applyRef.current = apply;

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.isComposing) return;
      // A modal dialog (the shortcut sheet) has the keyboard while it is open. Asked of the page
      // rather than of React's state: Esc closes the dialog at once, but its `close` event (and so
      // the state) follows a task later, and a key pressed in between belongs to the notebook.
      if (document.querySelector(':modal')) return;
      const target = event.target instanceof HTMLElement ? event.target : null;
      const inPage = target === null || target === document.body;
      if (!inPage && !rootRef.current?.contains(target)) return;
      // Typing somewhere (an editor, a form in an output, a menu) is not a command.
      if (
        target?.closest(
          '.cm-editor, input, textarea, select, [contenteditable], dialog, [role="alertdialog"], .toolbar-menu',
        )
      )
        return;
      if ((event.key === 'Enter' || event.key === ' ') && target?.closest('button, a, summary'))
        return;
      const result = commandFor(event, pending.current);
      pending.current = result.pending;
      if (result.pending) {
        event.preventDefault();
        return;
      }
      if (result.command === null) return;
      // Arrows scroll the page unless a cell is selected to move from.
      if (
        (event.key === 'ArrowUp' || event.key === 'ArrowDown') &&
        selectedRef.current === null &&
        inPage
      )
        return;
      event.preventDefault();
      applyRef.current(result.command);
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [rootRef]);

  return {
    selected,
    focus,
    markdownEditing,
    select: setSelected,
    focusCell,
    runThen,
    setMarkdownEditing,
  };
}
