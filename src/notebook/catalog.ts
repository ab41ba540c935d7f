import index from '../../notebooks/index.json';
import {
  type Catalog,
  type CatalogEntry,
  catalogSchema,
  catalogEntries as entriesOf,
} from './catalog-schema';

export type { Catalog, CatalogEntry };

/** Books → chapters → notebooks, as the sidebar lists them. */
export const catalog: Catalog = catalogSchema.parse(index);

export function catalogEntries(source: Catalog = catalog): CatalogEntry[] {
  return entriesOf(source);
}

// Bundled as text at build time; each notebook is its own chunk, fetched when opened.
const shipped = import.meta.glob<string>('../../notebooks/**/*.ipynb', {
  query: '?raw',
  import: 'default',
});

/** The .ipynb text of a shipped notebook, or undefined when the path is not one. */
export async function loadShippedNotebook(path: string): Promise<string | undefined> {
  const load = shipped[`../../notebooks/${path}`];
  return load ? await load() : undefined;
}

export function shippedNotebookPaths(): string[] {
  return Object.keys(shipped).map((key) => key.replace('../../notebooks/', ''));
}
