import type { CheckpointSummary } from '@/protocol';
import { formatSavedAt } from './format';

interface Props {
  checkpoint: CheckpointSummary;
  /**
   * The cell that saved it, named as the page shows it (its `[n]` and first line), so the user can
   * find it; null when it was deleted.
   */
  cellName: string | null;
  onResume(): void;
  onDismiss(): void;
}

/** After a reload: the run that was cut off can go on from its last checkpoint. */
export function ResumeBanner({ checkpoint, cellName, onResume, onDismiss }: Props) {
  return (
    // The cell and epoch as attributes too: the headless runner resumes by them, not by the prose.
    <div
      className="banner banner-info resume-banner"
      data-testid="resume-banner"
      data-cell-id={checkpoint.cellId}
      data-epoch={checkpoint.epoch}
    >
      <span>
        <strong>Training was cut off.</strong>{' '}
        {cellName === null ? 'A cell' : `The cell ${cellName}`} saved checkpoint "{checkpoint.name}"
        at epoch {checkpoint.epoch} of {checkpoint.targetEpochs} (
        {formatSavedAt(checkpoint.savedAt)}).{' '}
        {cellName === null
          ? 'That cell is gone from the notebook, so it cannot be re-run; load the checkpoint from the Checkpoints panel instead.'
          : 'Resuming re-runs the cells up to it; its training (fit or trainLoop) continues from the checkpoint.'}
      </span>{' '}
      {cellName !== null && (
        <button type="button" onClick={onResume}>
          Resume from epoch {checkpoint.epoch}
        </button>
      )}
      <button type="button" onClick={onDismiss}>
        Dismiss
      </button>
    </div>
  );
}
