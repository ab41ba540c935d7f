import { UserFacingError } from '@/utils/errors';
import { database, type StoredNotebook } from './db';

export class StorageError extends UserFacingError {
  override name = 'StorageError';
}

function describeWriteFailure(error: unknown): StorageError {
  const name = error instanceof DOMException ? error.name : '';
  if (name === 'QuotaExceededError') {
    return new StorageError(
      'The browser has no room left to save this notebook (storage quota exceeded).',
      'Export the notebook now to keep your edits, then free space: clear outputs or delete stored data in Settings.',
    );
  }
  return new StorageError(
    `Your edits could not be saved in the browser: ${error instanceof Error ? error.message : String(error)}.`,
    'Export the notebook to keep your edits.',
  );
}

export async function loadStoredNotebook(path: string): Promise<StoredNotebook | undefined> {
  return (await database()).get('notebooks', path);
}

export async function saveStoredNotebook(entry: StoredNotebook): Promise<void> {
  try {
    await (await database()).put('notebooks', entry);
  } catch (error) {
    throw describeWriteFailure(error);
  }
}

export async function deleteStoredNotebook(path: string): Promise<void> {
  await (await database()).delete('notebooks', path);
}

export async function listStoredNotebooks(): Promise<StoredNotebook[]> {
  return (await database()).getAll('notebooks');
}
