import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { test } from '@playwright/test';
import { missingSharedData, SHARED_DATA_DIR, sharedDataPath } from '../scripts/shared-data';
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

interface RequiredWeights {
  id: string;
  file: string;
}

/** The pretrained weights a notebook declares in its metadata (`tfnb.requires.weights`). */
export function requiredWeights(path: string): RequiredWeights[] {
  const notebook = JSON.parse(readFileSync(`notebooks/${path}`, 'utf8')) as {
    metadata?: { tfnb?: { requires?: { weights?: RequiredWeights[] } } };
  };
  return notebook.metadata?.tfnb?.requires?.weights ?? [];
}

/**
 * Why a notebook that needs pretrained weights cannot run unattended here, or null when their
 * files are where the test server's data/ folder reads them (SHARED_DATA_DIR, which
 * playwright.config.ts gives the server as LOCAL_DATA_DIR, or a LOCAL_DATA_DIR of this run):
 * `<dir>/<id>/<file>` or `<dir>/<file>`. Nobody can answer the upload prompt in a headless run,
 * and the files (VGG-19's is 548 MB) are never on CI, so the test skips, naming the file, under
 * CI=1 too; where the file is present, the notebook runs and its bands are checked.
 */
export function missingWeights(path: string): string | null {
  const dirs = [
    ...new Set([SHARED_DATA_DIR, process.env.LOCAL_DATA_DIR].filter((d): d is string => !!d)),
  ].map((d) => resolve(d));
  for (const { id, file } of requiredWeights(path)) {
    const found = dirs.some((d) => existsSync(join(d, id, file)) || existsSync(join(d, file)));
    if (found) continue;
    const reason = `${path} needs the pretrained weights ${file}, which are not in ${dirs.map((d) => join(d, id)).join(' nor ')}: put the file there to run it (it is never on CI)`;
    process.stderr.write(`skipped: ${reason}\n`);
    return reason;
  }
  return null;
}
