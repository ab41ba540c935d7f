import type { KernelView } from './useNotebookSession';

/** What the user must know about the kernel right now, and the button that fixes it. */
export function KernelBanner({ kernel, onRestart }: { kernel: KernelView; onRestart(): void }) {
  const notes = kernel.backend?.notes ?? [];
  return (
    <>
      {kernel.lost && (
        <div className="banner banner-error" role="alert" data-testid="kernel-lost">
          <strong>The kernel stopped.</strong> {kernel.lost.message} {kernel.lost.hint}{' '}
          <button type="button" onClick={onRestart}>
            Restart kernel
          </button>
        </div>
      )}
      {!kernel.lost && kernel.unresponsive && (
        <div className="banner banner-warn" role="alert" data-testid="kernel-unresponsive">
          <strong>The cell did not stop.</strong> It is in a loop that never calls the library, so
          Interrupt cannot reach it. Restart the kernel to stop it; your notebook and outputs are
          kept, variables are not.{' '}
          <button type="button" onClick={onRestart}>
            Restart kernel
          </button>
        </div>
      )}
      {notes.length > 0 && (
        <div className="banner banner-info" data-testid="backend-notes">
          {notes.map((note) => (
            <div key={note}>{note}</div>
          ))}
        </div>
      )}
    </>
  );
}
