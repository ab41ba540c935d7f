import { useEffect, useState } from 'react';
import type { CheckpointDownloadFormat, CheckpointSummary } from '@/protocol';
import { deleteStoredCheckpoint, listStoredCheckpoints } from '@/storage/checkpoints-store';
import { formatBest, formatBytes, formatEpoch, formatSavedAt, notebookLabel } from './format';
import './checkpoints.css';

/** The three ways to take a checkpoint away, each a button on its row. */
const DOWNLOADS: readonly { format: CheckpointDownloadFormat; label: string; title: string }[] = [
  {
    format: 'zip',
    label: 'Download',
    title: 'One .zip: model.json + weights.bin (stock tfjs) and checkpoint.json',
  },
  {
    format: 'tfjs',
    label: 'tfjs files',
    title: "tfjs's own pair: name.json + name.weights.bin, without optimizer state",
  },
  {
    format: 'pytorch',
    label: 'PyTorch',
    title:
      'For PyTorch: name.pth (torch.load reads it) and name_model.py, the nn.Module with the same layers',
  },
];

interface Props {
  /** Bumped when the kernel saved one: the list is read again. */
  version: number;
  /** Download and Load need a live kernel: it builds the files and the model. */
  kernelReady: boolean;
  error: string | null;
  onDownload(name: string, format: CheckpointDownloadFormat): void;
  onLoad(name: string): void;
  onClose(): void;
}

/** Every checkpoint in this browser, newest first, with Download, Load and Delete. */
export function CheckpointsPanel(props: Props) {
  const [list, setList] = useState<CheckpointSummary[] | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [confirming, setConfirming] = useState<string | null>(null);
  const [reload, setReload] = useState(0);

  // biome-ignore lint/correctness/useExhaustiveDependencies: version and reload are refresh triggers
  useEffect(() => {
    let cancelled = false;
    listStoredCheckpoints()
      .then((all) => {
        if (!cancelled) setList(all);
      })
      .catch((error: unknown) => {
        if (!cancelled) setProblem(`Checkpoints cannot be read: ${String(error)}`);
      });
    return () => {
      cancelled = true;
    };
  }, [props.version, reload]);

  const remove = async (name: string) => {
    setConfirming(null);
    try {
      await deleteStoredCheckpoint(name);
    } catch (error) {
      setProblem(`"${name}" could not be deleted: ${String(error)}`);
    }
    setReload((n) => n + 1);
  };

  const shownError = props.error ?? problem;
  return (
    <section className="checkpoints-panel" aria-label="Checkpoints" data-testid="checkpoints-panel">
      <header className="checkpoints-header">
        <h2>Checkpoints</h2>
        <span className="checkpoints-note">
          Saved in this browser by <code>checkpoint.save()</code>,{' '}
          <code>
            fit(…, {'{'} checkpointEvery {'}'})
          </code>{' '}
          and{' '}
          <code>
            trainLoop({'{'} checkpointEvery, … {'}'})
          </code>
        </span>
        <button type="button" onClick={props.onClose} aria-label="Close checkpoints">
          ✕
        </button>
      </header>
      {shownError && (
        <div className="banner banner-error" role="alert">
          {shownError}
        </div>
      )}
      {list === null ? (
        <p className="checkpoints-empty">Reading…</p>
      ) : list.length === 0 ? (
        <p className="checkpoints-empty">
          No checkpoints yet. Train with{' '}
          <code>
            fit(model, x, y, {'{'} epochs, checkpointEvery: 1, checkpointName: 'run' {'}'})
          </code>{' '}
          or call <code>await checkpoint.save(model, 'name')</code>.
        </p>
      ) : (
        <table className="checkpoints-table">
          <thead>
            <tr>
              <th>Name</th>
              <th>Notebook</th>
              <th className="num">Epoch</th>
              <th>Best validation</th>
              <th className="num">Size</th>
              <th>Saved</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {list.map((c) => (
              <tr key={c.name} data-testid="checkpoint-row" data-name={c.name}>
                <td className="checkpoint-name" title={`model ${c.modelName}`}>
                  {c.name}
                </td>
                <td title={c.notebook}>{notebookLabel(c.notebook)}</td>
                <td className="num" data-testid="checkpoint-epoch">
                  {formatEpoch(c)}
                </td>
                <td>{formatBest(c.best)}</td>
                <td className="num">{formatBytes(c.sizeBytes)}</td>
                <td>{formatSavedAt(c.savedAt)}</td>
                <td className="checkpoint-actions">
                  {DOWNLOADS.map((d) => (
                    <button
                      key={d.format}
                      type="button"
                      disabled={!props.kernelReady}
                      onClick={() => props.onDownload(c.name, d.format)}
                      title={d.title}
                    >
                      {d.label}
                    </button>
                  ))}
                  <button
                    type="button"
                    disabled={!props.kernelReady}
                    onClick={() => props.onLoad(c.name)}
                    title="Add a cell that loads it with checkpoint.load() and run it"
                  >
                    Load
                  </button>
                  {confirming === c.name ? (
                    <button type="button" className="danger" onClick={() => void remove(c.name)}>
                      Really delete?
                    </button>
                  ) : (
                    <button type="button" onClick={() => setConfirming(c.name)}>
                      Delete
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
