import { useEffect, useState } from 'react';
import type { TrainingView } from '@/protocol';
import { useOutputActions } from '@/ui/outputs/output-actions';
import './checkpoints.css';

/** How long the button says the request went out; the cell then prints "Saved checkpoint …". */
const ACK_MS = 2000;

/**
 * "Save checkpoint" under a live `fit` chart: the run saves at its next batch end, under its
 * `checkpointName` (or the model's name), and the Checkpoints panel lists it at once.
 */
export function SaveRunButton({ view }: { view: TrainingView }) {
  const { saveRun } = useOutputActions();
  const [requested, setRequested] = useState(false);
  useEffect(() => {
    if (!requested) return;
    const timer = setTimeout(() => setRequested(false), ACK_MS);
    return () => clearTimeout(timer);
  }, [requested]);
  if (!saveRun || !view.saveable || view.state !== 'running') return null;
  return (
    <div className="save-run">
      <button
        type="button"
        className="output-button"
        disabled={requested}
        onClick={() => {
          saveRun(view.chartId);
          setRequested(true);
        }}
        title="Save the model, its optimizer state and the curves so far, without stopping the run"
      >
        {requested ? 'Saving at the next batch…' : 'Save checkpoint'}
      </button>
    </div>
  );
}
