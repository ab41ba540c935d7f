import type { DatasetEntry } from '@/data';
import { type NewsgroupsData, readNewsgroups } from '@/data/newsgroups/read';
import { displayBundle } from '../display';
import { type FoundFile, findDatasetFile } from './dataset-source';
import { mutateTexts } from './mutations';

/**
 * `data.load('20-newsgroups')`: the bydate tarball (browser cache, data/20-newsgroups/, the copy
 * the app ships, else an upload prompt), read in the worker into posts with their raw headers
 * and group labels. The runner's data mutations apply here, since text never passes through
 * `data.toTensors`.
 */

export interface NewsgroupsLoadOptions {
  /** Show the one-line summary (default true). */
  summary?: boolean;
}

export type NewsgroupsDataset = NewsgroupsData & { source: string };

export async function loadNewsgroups(
  entry: DatasetEntry,
  keep: (found: FoundFile) => Promise<void>,
  options: NewsgroupsLoadOptions = {},
): Promise<NewsgroupsDataset> {
  const name = entry.files[0]?.name ?? '20news-bydate.tar.gz';
  const found = await findDatasetFile(entry, { file: name, accept: ['.gz', '.tar'] });
  await keep(found);
  const read = readNewsgroups(found.name, new Uint8Array(found.bytes));
  const dataset: NewsgroupsDataset = {
    train: mutateTexts(read.train),
    test: mutateTexts(read.test),
    classes: read.classes,
    source: found.source,
  };
  if (options.summary !== false) {
    const fmt = (n: number) => n.toLocaleString('en-US');
    displayBundle({
      'text/plain': `20 Newsgroups from ${found.source}: ${fmt(dataset.train.count)} training and ${fmt(dataset.test.count)} test posts (headers kept) of ${dataset.classes.join(', ')}.`,
    });
  }
  return dataset;
}
