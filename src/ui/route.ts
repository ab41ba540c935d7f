import { catalogEntries } from '@/notebook/catalog';

/** The "Your data" page's route; every other route names a notebook, or is a page below. */
export const SETTINGS = 'settings/your-data';
/** The book data sets' credits (authors, licence, source, citation, shipped files). */
export const DATA_SETS = 'settings/data-sets';
/** Every training run in this browser (the Runs view on a page of its own). */
export const RUNS = 'settings/runs';

/** A page of the app rather than a notebook: no kernel to start for it. */
export const isAppPage = (path: string) => path.startsWith('settings/');

export function pathFromHash(): string | null {
  const path = decodeURIComponent(window.location.hash.replace(/^#\/?/, ''));
  return path || null;
}

/** What the app opens at start: the URL's notebook, else the first of the catalog. */
export function initialPath(): string | null {
  return pathFromHash() ?? catalogEntries()[0]?.path ?? null;
}
