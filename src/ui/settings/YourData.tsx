import { useCallback, useEffect, useState } from 'react';
import type { CheckpointSummary, RunSummary } from '@/protocol';
import { deleteStoredCheckpoint, listStoredCheckpoints } from '@/storage/checkpoints-store';
import {
  deleteAllData,
  deleteArtifact,
  deleteFile,
  listArtifacts,
  listFiles,
  type StoredArtifact,
  type StoredFile,
} from '@/storage/data-files';
import { allNetworkGrants, revokeHost } from '@/storage/network-grants';
import { deleteStoredNotebook, listStoredNotebooks } from '@/storage/notebooks-store';
import { deleteRun, listRuns } from '@/storage/runs-store';
import { formatBytes } from '@/ui/checkpoints/format';
import { NetworkAccess } from './NetworkAccess';

type FileMeta = Omit<StoredFile, 'bytes'>;
type ArtifactMeta = Omit<StoredArtifact, 'table'>;

interface Inventory {
  files: FileMeta[];
  artifacts: ArtifactMeta[];
  checkpoints: CheckpointSummary[];
  runs: RunSummary[];
  notebooks: { path: string; size: number; updatedAt: number }[];
  usage: number | null;
  quota: number | null;
}

const SOURCE: Record<StoredFile['source'], string> = {
  upload: 'uploaded in a cell',
  drop: 'dropped on a notebook',
  cache: 'book data set (cached copy)',
};

async function inventory(): Promise<Inventory> {
  const [files, artifacts, checkpoints, runs, notebooks, estimate] = await Promise.all([
    listFiles(),
    listArtifacts(),
    listStoredCheckpoints().catch(() => []),
    listRuns().catch(() => []),
    listStoredNotebooks(),
    navigator.storage?.estimate?.().catch(() => undefined),
  ]);
  return {
    files,
    artifacts,
    checkpoints,
    runs,
    notebooks: notebooks.map((n) => ({
      path: n.path,
      size: n.ipynb.length,
      updatedAt: n.updatedAt,
    })),
    usage: estimate?.usage ?? null,
    quota: estimate?.quota ?? null,
  };
}

/** What this app keeps in the browser, how big it is, and a way to delete it. */
export function YourData() {
  const [inv, setInv] = useState<Inventory | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [alsoNotebooks, setAlsoNotebooks] = useState(false);
  const [done, setDone] = useState<string | null>(null);

  const refresh = useCallback(() => {
    inventory()
      .then(setInv)
      .catch((e: unknown) => setProblem(e instanceof Error ? e.message : String(e)));
  }, []);
  useEffect(refresh, [refresh]);

  const act = (what: () => Promise<void>, message: string) => {
    setDone(null);
    what()
      .then(() => {
        setDone(message);
        refresh();
      })
      .catch((e: unknown) => setProblem(e instanceof Error ? e.message : String(e)));
  };

  const deleteEverything = async () => {
    await deleteAllData();
    for (const c of await listStoredCheckpoints()) await deleteStoredCheckpoint(c.name);
    for (const r of await listRuns()) await deleteRun(r.id);
    if (alsoNotebooks) {
      for (const n of await listStoredNotebooks()) await deleteStoredNotebook(n.path);
      // A notebook imported again later starts without the hosts this one was allowed.
      for (const [notebook, hosts] of Object.entries(allNetworkGrants()))
        for (const host of hosts) revokeHost(notebook, host);
    }
  };

  if (problem)
    return (
      <div className="banner banner-error" role="alert">
        {problem}
      </div>
    );
  if (!inv) return <div className="loading">Reading what is stored…</div>;
  const dataBytes =
    inv.files.reduce((s, f) => s + f.size, 0) +
    inv.artifacts.reduce((s, a) => s + a.size, 0) +
    inv.checkpoints.reduce((s, c) => s + c.sizeBytes, 0) +
    inv.runs.reduce((s, r) => s + r.sizeBytes, 0);

  return (
    <section className="your-data" data-testid="your-data">
      <h1>Your data in this browser</h1>
      <p>
        Everything below lives in this browser's IndexedDB on this machine. Nothing you upload is
        sent anywhere.{' '}
        {inv.usage !== null && (
          <span data-testid="storage-usage">
            This site uses {formatBytes(inv.usage)}
            {inv.quota !== null && ` of the ${formatBytes(inv.quota)} the browser allows it`}.
          </span>
        )}
      </p>
      {done && (
        <div className="banner banner-info" role="status">
          {done}
        </div>
      )}

      <h2>Data files ({formatBytes(inv.files.reduce((s, f) => s + f.size, 0))})</h2>
      <p className="muted" data-testid="shipped-data-note">
        The books' data sets ship with the app and are downloaded when a notebook first uses one;
        the copy kept here lets it run offline. Their authors, licences and sources:{' '}
        <a href="#/settings/data-sets">Data sets &amp; credits</a>.
      </p>
      {inv.files.length === 0 ? (
        <p className="muted">No files stored.</p>
      ) : (
        <table className="your-data-table" data-testid="stored-files">
          <thead>
            <tr>
              <th>file</th>
              <th>kind</th>
              <th>size</th>
              <th>added</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {inv.files.map((f) => (
              <tr key={f.name}>
                <td>{f.name.replace(/^dataset:[^:]+:/, '')}</td>
                <td>{f.datasetId ? `${SOURCE[f.source]}: ${f.datasetId}` : SOURCE[f.source]}</td>
                <td>{formatBytes(f.size)}</td>
                <td>{new Date(f.addedAt).toLocaleString()}</td>
                <td>
                  <button
                    type="button"
                    onClick={() => act(() => deleteFile(f.name), `Deleted ${f.name}.`)}
                  >
                    Delete
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}

      <h2>Saved tables ({formatBytes(inv.artifacts.reduce((s, a) => s + a.size, 0))})</h2>
      {inv.artifacts.length === 0 ? (
        <p className="muted">No tables saved with data.save().</p>
      ) : (
        <table className="your-data-table" data-testid="stored-tables">
          <thead>
            <tr>
              <th>name</th>
              <th>shape</th>
              <th>size</th>
              <th>saved</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {inv.artifacts.map((a) => (
              <tr key={a.name}>
                <td>{a.name}</td>
                <td>
                  {a.rows} × {a.columns}
                </td>
                <td>{formatBytes(a.size)}</td>
                <td>{new Date(a.savedAt).toLocaleString()}</td>
                <td>
                  <button
                    type="button"
                    onClick={() => act(() => deleteArtifact(a.name), `Deleted ${a.name}.`)}
                  >
                    Delete
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}

      <h2>Checkpoints ({formatBytes(inv.checkpoints.reduce((s, c) => s + c.sizeBytes, 0))})</h2>
      {inv.checkpoints.length === 0 ? (
        <p className="muted">No checkpoints saved.</p>
      ) : (
        <table className="your-data-table" data-testid="stored-checkpoints">
          <thead>
            <tr>
              <th>name</th>
              <th>notebook</th>
              <th>epoch</th>
              <th>size</th>
              <th>saved</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {inv.checkpoints.map((c) => (
              <tr key={c.name}>
                <td>{c.name}</td>
                <td>{c.notebook || 'uploaded'}</td>
                <td>{c.epoch}</td>
                <td>{formatBytes(c.sizeBytes)}</td>
                <td>{new Date(c.savedAt).toLocaleString()}</td>
                <td>
                  <button
                    type="button"
                    onClick={() => act(() => deleteStoredCheckpoint(c.name), `Deleted ${c.name}.`)}
                  >
                    Delete
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}

      <h2>Training runs ({formatBytes(inv.runs.reduce((s, r) => s + r.sizeBytes, 0))})</h2>
      {inv.runs.length === 0 ? (
        <p className="muted">No training runs recorded.</p>
      ) : (
        <table className="your-data-table" data-testid="stored-runs">
          <thead>
            <tr>
              <th>run</th>
              <th>notebook</th>
              <th>points</th>
              <th>size</th>
              <th>started</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {inv.runs.map((r) => (
              <tr key={r.id} data-testid="stored-run" data-name={r.name}>
                <td>{r.name}</td>
                <td>{r.notebook || '—'}</td>
                <td>{r.pointCount}</td>
                <td>{formatBytes(r.sizeBytes)}</td>
                <td>{new Date(r.startedAt).toLocaleString()}</td>
                <td>
                  <button
                    type="button"
                    onClick={() => act(() => deleteRun(r.id), `Deleted run ${r.name}.`)}
                  >
                    Delete
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}

      <h2>Notebook edits ({formatBytes(inv.notebooks.reduce((s, n) => s + n.size, 0))})</h2>
      <p className="muted">
        {inv.notebooks.length === 0
          ? 'No edited or imported notebooks.'
          : `${inv.notebooks.length} notebook(s) with your edits or outputs: ${inv.notebooks.map((n) => n.path).join(', ')}.`}
      </p>

      <NetworkAccess />

      <div className="your-data-danger">
        <label>
          <input
            type="checkbox"
            checked={alsoNotebooks}
            onChange={(e) => setAlsoNotebooks(e.target.checked)}
          />{' '}
          also delete my notebook edits and imported notebooks
        </label>
        <button
          type="button"
          className="danger"
          disabled={dataBytes === 0 && !(alsoNotebooks && inv.notebooks.length > 0)}
          onClick={() => {
            if (
              window.confirm(
                'Delete every stored data file, saved table, checkpoint and training run from this browser? This cannot be undone.',
              )
            )
              act(deleteEverything, 'Your data was deleted from this browser.');
          }}
        >
          Delete my data
        </button>
      </div>
    </section>
  );
}
