import { useEffect, useState } from 'react';
import { catalogEntries } from '@/notebook/catalog';
import { listStoredNotebooks } from '@/storage/notebooks-store';
import { NavToggle } from './NavToggle';
import { NotebookView } from './notebook/NotebookView';
import { DATA_SETS, initialPath, pathFromHash, RUNS, SETTINGS } from './route';
import { RunsDashboard } from './runs/RunsDashboard';
import { Sidebar } from './Sidebar';
import { DataSets } from './settings/DataSets';
import { YourData } from './settings/YourData';
import { useNavDrawer } from './use-nav-drawer';

const entries = catalogEntries();
const ALL_RUNS = {};

export function App() {
  const [path, setPath] = useState<string | null>(initialPath);
  const [imported, setImported] = useState<string[]>([]);
  const nav = useNavDrawer();

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
    nav.picked();
  };
  const entry = entries.find((e) => e.path === path);

  return (
    <div
      className={`app ${nav.open ? 'nav-open' : 'nav-closed'} ${nav.overlay ? 'nav-overlay' : ''}`}
    >
      <Sidebar current={path} imported={imported} onOpen={open} hidden={!nav.open} />
      {nav.open && nav.overlay && (
        // A tap beside the drawer closes it, as on any phone; Escape and ☰ do too.
        // biome-ignore lint/a11y/useKeyWithClickEvents: Escape closes it (use-nav-drawer)
        // biome-ignore lint/a11y/noStaticElementInteractions: a backdrop, not a control
        <div className="nav-backdrop" onClick={nav.close} data-testid="nav-backdrop" />
      )}
      <main className="main">
        {path === SETTINGS ? (
          <>
            <div className="app-bar">
              <NavToggle nav={nav} />
            </div>
            <YourData />
          </>
        ) : path === RUNS ? (
          <>
            <div className="app-bar">
              <NavToggle nav={nav} />
            </div>
            <div className="runs-page">
              <RunsDashboard view={ALL_RUNS} />
            </div>
          </>
        ) : path === DATA_SETS ? (
          <>
            <div className="app-bar">
              <NavToggle nav={nav} />
            </div>
            <DataSets />
          </>
        ) : path ? (
          <NotebookView
            key={path}
            path={path}
            title={entry?.title ?? path.replace('imported/', '')}
            shipped={entry !== undefined}
            onOpen={open}
            navToggle={<NavToggle nav={nav} />}
          />
        ) : (
          <>
            <div className="app-bar">
              <NavToggle nav={nav} />
            </div>
            <p className="loading">Pick a notebook from the list (☰).</p>
          </>
        )}
      </main>
    </div>
  );
}
