import { readFileSync } from 'node:fs';
import { test } from '@playwright/test';
import { missingSharedData, sharedDataPath } from '../scripts/shared-data';
import { DATASETS } from '../src/data/registry';

interface Catalog {
  books: { chapters: { notebooks: { path: string; title: string }[] }[] }[];
}

/** Every shipped notebook of notebooks/index.json. */
export function catalogNotebooks(): { path: string; title: string }[] {
  const catalog = JSON.parse(readFileSync('notebooks/index.json', 'utf8')) as Catalog;
  return catalog.books.flatMap((b) => b.chapters.flatMap((c) => c.notebooks));
}

/**
 * The book data sets a notebook loads (`data.load('<id>')`), each in its folder of
 * ../shared/data. Under CI=1 a missing one fails the test, naming it; a local run skips.
 */
export function requireNotebookData(path: string): void {
  const text = readFileSync(`notebooks/${path}`, 'utf8');
  const ids = [...text.matchAll(/data\.load\(\s*\\?['"]([\w-]+)\\?['"]/g)]
    .map((m) => m[1] ?? '')
    .filter((id) => DATASETS.some((d) => d.id === id));
  for (const id of new Set(ids)) {
    const folder = sharedFolder(id);
    const found = sharedDataPath(folder, `${path} (data.load('${id}'))`);
    test.skip(found === null, missingSharedData(folder) ?? '');
  }
}

/**
 * A data set's folder in ../shared/data: the folder its shipped copy sits in (the three Bitcoin
 * ids share `bitcoin/`), else its id.
 */
function sharedFolder(id: string): string {
  const dataset = DATASETS.find((d) => d.id === id);
  const shipped = dataset?.files.find((f) => f.shipped)?.shipped?.path;
  return shipped?.split('/')[1] ?? id;
}
