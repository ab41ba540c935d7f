import { z } from 'zod';

/** notebooks/index.json: books → chapters → notebooks. Read by the app and the headless runner. */
export const catalogSchema = z.object({
  books: z.array(
    z.object({
      id: z.string(),
      title: z.string(),
      chapters: z.array(
        z.object({
          id: z.string(),
          title: z.string(),
          notebooks: z.array(
            z.object({
              path: z.string(),
              title: z.string(),
              // 'threaded': large convolutions that gain from a second WASM thread on a small
              // machine (see src/utils/wasm-thread-choice.ts).
              wasm: z.enum(['threaded']).optional(),
            }),
          ),
        }),
      ),
    }),
  ),
});

export type Catalog = z.infer<typeof catalogSchema>;

export interface CatalogEntry {
  path: string;
  title: string;
  wasm?: 'threaded';
  book: string;
  chapter: string;
}

export function catalogEntries(source: Catalog): CatalogEntry[] {
  return source.books.flatMap((book) =>
    book.chapters.flatMap((chapter) =>
      chapter.notebooks.map((nb) => ({ ...nb, book: book.title, chapter: chapter.title })),
    ),
  );
}
