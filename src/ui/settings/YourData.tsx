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
import { StoredTable } from './StoredTable';

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

const total = <T,>(items: readonly T[], size: (item: T) => number) =>
  items.reduce((sum, item) => sum + size(item), 0);

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
    total(inv.files, (f) => f.size) +
    total(inv.artifacts, (a) => a.size) +
    total(inv.checkpoints, (c) => c.sizeBytes) +
    total(inv.runs, (r) => r.sizeBytes);

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

      <StoredTable
        title="Data files"
        bytes={total(inv.files, (f) => f.size)}
        note={
          <p className="muted" data-testid="shipped-data-note">
            The books' data sets ship with the app and are downloaded when a notebook first uses
            one; the copy kept here lets it run offline. Their authors, licences and sources:{' '}
            <a href="#/settings/data-sets">Data sets &amp; credits</a>.
          </p>
        }
        empty="No files stored."
        testId="stored-files"
        columns={['file', 'kind', 'size', 'added']}
        rows={inv.files.map((f) => ({
          key: f.name,
          name: f.name,
          cells: [
            f.name.replace(/^dataset:[^:]+:/, ''),
            f.datasetId ? `${SOURCE[f.source]}: ${f.datasetId}` : SOURCE[f.source],
            formatBytes(f.size),
            new Date(f.addedAt).toLocaleString(),
          ],
          onDelete: () => act(() => deleteFile(f.name), `Deleted ${f.name}.`),
        }))}
      />

      <StoredTable
        title="Saved tables"
        bytes={total(inv.artifacts, (a) => a.size)}
        empty="No tables saved with data.save()."
        testId="stored-tables"
        columns={['name', 'shape', 'size', 'saved']}
        rows={inv.artifacts.map((a) => ({
          key: a.name,
          name: a.name,
          cells: [
            a.name,
            `${a.rows} × ${a.columns}`,
            formatBytes(a.size),
            new Date(a.savedAt).toLocaleString(),
          ],
          onDelete: () => act(() => deleteArtifact(a.name), `Deleted ${a.name}.`),
        }))}
      />

      <StoredTable
        title="Checkpoints"
        bytes={total(inv.checkpoints, (c) => c.sizeBytes)}
        empty="No checkpoints saved."
        testId="stored-checkpoints"
        columns={['name', 'notebook', 'epoch', 'size', 'saved']}
        rows={inv.checkpoints.map((c) => ({
          key: c.name,
          name: c.name,
          cells: [
            c.name,
            c.notebook || 'uploaded',
            c.epoch,
            formatBytes(c.sizeBytes),
            new Date(c.savedAt).toLocaleString(),
          ],
          onDelete: () => act(() => deleteStoredCheckpoint(c.name), `Deleted ${c.name}.`),
        }))}
      />

      <StoredTable
        title="Training runs"
        bytes={total(inv.runs, (r) => r.sizeBytes)}
        empty="No training runs recorded."
        testId="stored-runs"
        columns={['run', 'notebook', 'points', 'size', 'started']}
        rows={inv.runs.map((r) => ({
          key: r.id,
          name: r.name,
          cells: [
            r.name,
            r.notebook || '—',
            r.pointCount,
            formatBytes(r.sizeBytes),
            new Date(r.startedAt).toLocaleString(),
          ],
          onDelete: () => act(() => deleteRun(r.id), `Deleted run ${r.name}.`),
        }))}
      />

      <h2>Notebook edits ({formatBytes(total(inv.notebooks, (n) => n.size))})</h2>
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
