import { useEffect, useState } from 'react';
import { catalogEntries } from '@/notebook/catalog';
import { listStoredNotebooks } from '@/storage/notebooks-store';
import { NotebookView } from './notebook/NotebookView';
import { DATA_SETS, initialPath, pathFromHash, SETTINGS } from './route';
import { Sidebar } from './Sidebar';
import { DataSets } from './settings/DataSets';
import { YourData } from './settings/YourData';

const entries = catalogEntries();

export function App() {
  const [path, setPath] = useState<string | null>(initialPath);
  const [imported, setImported] = useState<string[]>([]);

  useEffect(() => {
    const onHash = () => setPath(pathFromHash());
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);

  // biome-ignore lint/correctness/useExhaustiveDependencies: re-read the imported list when a notebook opens
  useEffect(() => {
    listStoredNotebooks()
      .then((all) => setImported(all.map((n) => n.path).filter((p) => p.startsWith('imported/'))))
      .catch(() => setImported([]));
  }, [path]);

  const open = (next: string) => {
    window.location.hash = `/${next}`;
    setPath(next);
  };
  const entry = entries.find((e) => e.path === path);

  return (
    <div className="app">
      <Sidebar current={path} imported={imported} onOpen={open} />
      <main className="main">
        {path === SETTINGS ? (
          <YourData />
        ) : path === DATA_SETS ? (
          <DataSets />
        ) : path ? (
          <NotebookView
            key={path}
            path={path}
            title={entry?.title ?? path.replace('imported/', '')}
            shipped={entry !== undefined}
            onOpen={open}
          />
        ) : (
          <p className="loading">Pick a notebook on the left.</p>
        )}
      </main>
    </div>
  );
}
