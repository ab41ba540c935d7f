import { catalogEntries } from '@/notebook/catalog';

/** The "Your data" page's route; every other route names a notebook. */
export const SETTINGS = 'settings/your-data';

export function pathFromHash(): string | null {
  const path = decodeURIComponent(window.location.hash.replace(/^#\/?/, ''));
  return path || null;
}

/** What the app opens at start: the URL's notebook, else the first of the catalog. */
export function initialPath(): string | null {
  return pathFromHash() ?? catalogEntries()[0]?.path ?? null;
}
