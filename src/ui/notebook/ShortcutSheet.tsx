import { useEffect, useRef } from 'react';
import { COMMAND_MODE_KEYS, EDIT_MODE_KEYS } from './command-keys';

function Rows({ rows }: { rows: readonly (readonly [string, string])[] }) {
  return (
    <tbody>
      {rows.map(([keys, what]) => (
        <tr key={keys}>
          <th scope="row">
            <kbd>{keys}</kbd>
          </th>
          <td>{what}</td>
        </tr>
      ))}
    </tbody>
  );
}

/** The keyboard's shortcuts, as a modal dialog (H in command mode, or the toolbar's ⌨). */
export function ShortcutSheet({ onClose }: { onClose(): void }) {
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const el = dialog.current;
    if (el && !el.open) el.showModal();
  }, []);
  return (
    <dialog
      ref={dialog}
      className="shortcut-sheet"
      aria-labelledby="shortcut-sheet-title"
      data-testid="shortcut-sheet"
      // Escape closes a modal dialog by itself; `close` is where every way of closing ends.
      onClose={onClose}
    >
      <h2 id="shortcut-sheet-title">Keyboard shortcuts</h2>
      <p>
        As in Jupyter, a cell is either being edited (<strong>edit mode</strong>, the cursor in its
        editor) or selected (<strong>command mode</strong>, a blue bar on its left). Esc leaves the
        editor, Enter goes back in.
      </p>
      <div className="shortcut-columns">
        <table>
          <caption>Command mode</caption>
          <Rows rows={COMMAND_MODE_KEYS} />
        </table>
        <table>
          <caption>Edit mode</caption>
          <Rows rows={EDIT_MODE_KEYS} />
        </table>
      </div>
      <form method="dialog">
        <button type="submit">Close</button>
      </form>
    </dialog>
  );
}
