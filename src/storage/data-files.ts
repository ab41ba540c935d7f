import { type DBSchema, type IDBPDatabase, openDB } from 'idb';
import { UserFacingError } from '@/utils/errors';

/**
 * The user's data in this browser: uploaded and dropped files, cached copies of the books' data
 * sets, and prepared tables saved by name. Both the page (drop, Settings) and the kernel worker
 * (data.upload, data.load) open it; IndexedDB works in both. A database of its own, so its
 * versions never clash with the notebooks' or the checkpoints'.
 */

export interface StoredFile {
  name: string;
  bytes: ArrayBuffer;
  size: number;
  /** 'upload' and 'drop' are the user's own files; 'cache' is a book data set fetched once. */
  source: 'upload' | 'drop' | 'cache';
  datasetId?: string;
  addedAt: number;
}

/** A prepared table saved by name (the books' `dccc_prepared.csv`), as plain typed columns. */
export interface StoredArtifact<T = unknown> {
  name: string;
  table: T;
  rows: number;
  columns: number;
  size: number;
  savedAt: number;
}

interface DataDb extends DBSchema {
  files: { key: string; value: StoredFile };
  artifacts: { key: string; value: StoredArtifact };
}

export const DATA_DB_NAME = 'tfjs-book-data';

/** The name a book data set's file is cached under (the kernel writes it, the pages read it). */
export const datasetCacheKey = (datasetId: string, fileName: string) =>
  `dataset:${datasetId}:${fileName}`;

let opened: Promise<IDBPDatabase<DataDb>> | null = null;

function db(): Promise<IDBPDatabase<DataDb>> {
  opened ??= openDB<DataDb>(DATA_DB_NAME, 1, {
    upgrade(database) {
      database.createObjectStore('files', { keyPath: 'name' });
      database.createObjectStore('artifacts', { keyPath: 'name' });
    },
    // Settings' "Delete my data" in another tab deletes the database: let it.
    blocking() {
      void opened?.then((d) => d.close());
      opened = null;
    },
  });
  return opened;
}

export class DataStorageError extends UserFacingError {
  override name = 'DataStorageError';
}

function writeFailure(what: string, size: number, error: unknown): DataStorageError {
  const quota = error instanceof DOMException && error.name === 'QuotaExceededError';
  const mb = (size / 1024 / 1024).toFixed(1);
  return quota
    ? new DataStorageError(
        `The browser has no room left to keep ${what} (${mb} MB; storage quota exceeded). It is loaded for this session only.`,
        'Free space in Settings → Your data, then load it again to keep it across reloads.',
      )
    : new DataStorageError(
        `${what} could not be kept in the browser: ${error instanceof Error ? error.message : String(error)}.`,
        'It is loaded for this session only.',
      );
}

/**
 * A file as it may be written: the page passes a dropped File (a Blob) as is, so that the
 * browser copies it into the database off the main thread; cloning a 50 MB ArrayBuffer for
 * the put is one long task on the page.
 */
export type FileToStore = Omit<StoredFile, 'bytes'> & { bytes: ArrayBuffer | Blob };

export async function putFile(file: FileToStore): Promise<void> {
  try {
    await (await db()).put('files', file as StoredFile);
  } catch (error) {
    throw writeFailure(file.name, file.size, error);
  }
}

/**
 * The file as it was stored: a Blob stays a Blob, its bytes with the browser, so a parser can
 * read it in slices instead of holding it whole (data.file).
 */
export async function getStoredFile(name: string): Promise<FileToStore | undefined> {
  return (await (await db()).get('files', name)) as FileToStore | undefined;
}

/** The file with its bytes in memory, whether they were stored as bytes or as a Blob. */
export async function getFile(name: string): Promise<StoredFile | undefined> {
  const stored = await getStoredFile(name);
  if (stored === undefined || stored.bytes instanceof ArrayBuffer) return stored as StoredFile;
  return { ...stored, bytes: await stored.bytes.arrayBuffer() };
}

/** Names and sizes only: the bytes stay in the database. */
export async function listFiles(): Promise<Omit<StoredFile, 'bytes'>[]> {
  const out: Omit<StoredFile, 'bytes'>[] = [];
  let cursor = await (await db()).transaction('files').store.openCursor();
  while (cursor) {
    const { bytes: _bytes, ...meta } = cursor.value;
    out.push(meta);
    cursor = await cursor.continue();
  }
  return out;
}

export async function deleteFile(name: string): Promise<void> {
  await (await db()).delete('files', name);
}

export async function putArtifact(artifact: StoredArtifact): Promise<void> {
  try {
    await (await db()).put('artifacts', artifact);
  } catch (error) {
    throw writeFailure(`the table "${artifact.name}"`, artifact.size, error);
  }
}

export async function getArtifact(name: string): Promise<StoredArtifact | undefined> {
  return (await db()).get('artifacts', name);
}

export async function listArtifacts(): Promise<Omit<StoredArtifact, 'table'>[]> {
  const all = await (await db()).getAll('artifacts');
  return all.map(({ table: _table, ...meta }) => meta);
}

export async function deleteArtifact(name: string): Promise<void> {
  await (await db()).delete('artifacts', name);
}

/** "Delete my data": every file, cached data set and saved table. */
export async function deleteAllData(): Promise<void> {
  const database = await db();
  const tx = database.transaction(['files', 'artifacts'], 'readwrite');
  await Promise.all([
    tx.objectStore('files').clear(),
    tx.objectStore('artifacts').clear(),
    tx.done,
  ]);
}
