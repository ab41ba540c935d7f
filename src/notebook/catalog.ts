import { z } from 'zod';
import index from '../../notebooks/index.json';

const catalogSchema = z.object({
  books: z.array(
    z.object({
      id: z.string(),
      title: z.string(),
      chapters: z.array(
        z.object({
          id: z.string(),
          title: z.string(),
          notebooks: z.array(z.object({ path: z.string(), title: z.string() })),
        }),
      ),
    }),
  ),
});

export type Catalog = z.infer<typeof catalogSchema>;
export interface CatalogEntry {
  path: string;
  title: string;
  book: string;
  chapter: string;
}

/** Books → chapters → notebooks, as the sidebar lists them. */
export const catalog: Catalog = catalogSchema.parse(index);

export function catalogEntries(source: Catalog = catalog): CatalogEntry[] {
  return source.books.flatMap((book) =>
    book.chapters.flatMap((chapter) =>
      chapter.notebooks.map((nb) => ({ ...nb, book: book.title, chapter: chapter.title })),
    ),
  );
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
