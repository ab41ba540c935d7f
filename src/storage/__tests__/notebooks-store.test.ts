import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import {
  deleteStoredNotebook,
  listStoredNotebooks,
  loadStoredNotebook,
  saveStoredNotebook,
} from '../notebooks-store';

describe('notebooks store', () => {
  it('keeps an edited notebook under its path until it is deleted', async () => {
    await saveStoredNotebook({ path: 'a/b.ipynb', ipynb: '{"x":1}', updatedAt: 1, trusted: true });
    await saveStoredNotebook({ path: 'a/b.ipynb', ipynb: '{"x":2}', updatedAt: 2, trusted: true });
    expect((await loadStoredNotebook('a/b.ipynb'))?.ipynb).toBe('{"x":2}');
    expect(await listStoredNotebooks()).toHaveLength(1);
    await deleteStoredNotebook('a/b.ipynb');
    expect(await loadStoredNotebook('a/b.ipynb')).toBeUndefined();
  });
});
