/**
 * The Jupyter keyboard of command mode (a cell selected, no editor focused), as a pure mapping from
 * a key press to a command, so it is tested without a page. Edit mode's keys (Esc, Shift/Ctrl/Alt
 * +Enter) are bound in the editor itself (CodeEditor).
 */
export type NotebookCommand =
  | 'edit'
  | 'run-advance'
  | 'run'
  | 'run-insert'
  | 'insert-above'
  | 'insert-below'
  | 'delete'
  | 'undo-delete'
  | 'to-markdown'
  | 'to-code'
  | 'select-previous'
  | 'select-next'
  | 'shortcuts';

export interface KeyPress {
  key: string;
  shiftKey: boolean;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
}

/** What a press does, and whether it starts a two-key command (the first D of D,D). */
export interface CommandResult {
  command: NotebookCommand | null;
  /** The press was the first half of D,D: the next D deletes. */
  pending: 'd' | null;
}

export function commandFor(press: KeyPress, pending: 'd' | null): CommandResult {
  const { key, shiftKey, altKey } = press;
  const mod = press.ctrlKey || press.metaKey;
  const none = { command: null, pending: null } as const;
  if (key === 'Enter') {
    if (shiftKey && !mod && !altKey) return { command: 'run-advance', pending: null };
    if (mod && !shiftKey && !altKey) return { command: 'run', pending: null };
    if (altKey && !shiftKey && !mod) return { command: 'run-insert', pending: null };
    if (!shiftKey && !mod && !altKey) return { command: 'edit', pending: null };
    return none;
  }
  if (key === 'ArrowUp' && !mod && !altKey && !shiftKey)
    return { command: 'select-previous', pending: null };
  if (key === 'ArrowDown' && !mod && !altKey && !shiftKey)
    return { command: 'select-next', pending: null };
  // Letters: only bare presses (Ctrl+C, Cmd+A… stay the browser's).
  if (mod || altKey || key.length !== 1) return none;
  switch (key.toLowerCase()) {
    case 'a':
      return shiftKey ? none : { command: 'insert-above', pending: null };
    case 'b':
      return shiftKey ? none : { command: 'insert-below', pending: null };
    case 'd':
      if (shiftKey) return none;
      return pending === 'd'
        ? { command: 'delete', pending: null }
        : { command: null, pending: 'd' };
    case 'z':
      return shiftKey ? none : { command: 'undo-delete', pending: null };
    case 'm':
      return shiftKey ? none : { command: 'to-markdown', pending: null };
    case 'y':
      return shiftKey ? none : { command: 'to-code', pending: null };
    case 'k':
      return shiftKey ? none : { command: 'select-previous', pending: null };
    case 'j':
      return shiftKey ? none : { command: 'select-next', pending: null };
    case 'h':
      return shiftKey ? none : { command: 'shortcuts', pending: null };
    default:
      return none;
  }
}

/** The shortcut sheet's rows: [keys, what they do], in the order of the sheet. */
export const COMMAND_MODE_KEYS: readonly (readonly [string, string])[] = [
  ['Enter', 'edit the selected cell'],
  ['Shift+Enter', 'run the cell (render a text cell) and select the next one'],
  ['Ctrl/Cmd+Enter', 'run the cell in place'],
  ['Alt+Enter', 'run the cell and insert a code cell below'],
  ['↑ / K, ↓ / J', 'select the cell above / below'],
  ['A / B', 'insert a code cell above / below'],
  ['D, D', 'delete the selected cell'],
  ['Z', 'undo the last delete'],
  ['M / Y', 'make the cell text (Markdown) / code'],
  ['H', 'show this sheet'],
];

export const EDIT_MODE_KEYS: readonly (readonly [string, string])[] = [
  ['Esc', 'leave the editor (command mode)'],
  ['Shift+Enter', 'run the cell and select the next one'],
  ['Ctrl/Cmd+Enter', 'run the cell in place'],
  ['Alt+Enter', 'run the cell and insert a code cell below'],
  ['Tab / Shift+Tab', 'indent / outdent'],
  ['Ctrl/Cmd+Z', 'undo typing'],
];
