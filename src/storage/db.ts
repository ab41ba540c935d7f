import { type DBSchema, type IDBPDatabase, openDB } from 'idb';

export interface StoredNotebook {
  /** The shipped notebook's path, or `imported/<name>` for an imported one. */
  path: string;
  /** The notebook as .ipynb text, with outputs: what Export writes, without its indentation. */
  ipynb: string;
  updatedAt: number;
  /** Imported notebooks run only after the user confirms; shipped ones are trusted. */
  trusted: boolean;
}

interface NotebookDb extends DBSchema {
  notebooks: { key: string; value: StoredNotebook };
}

const DB_NAME = 'tfjs-book-notebooks';
let opening: Promise<IDBPDatabase<NotebookDb>> | null = null;

/** One connection per page; later issues add stores (datasets, checkpoints) with new versions. */
export function database(): Promise<IDBPDatabase<NotebookDb>> {
  opening ??= openDB<NotebookDb>(DB_NAME, 1, {
    upgrade(db) {
      if (!db.objectStoreNames.contains('notebooks'))
        db.createObjectStore('notebooks', { keyPath: 'path' });
    },
  });
  return opening;
}
