import type { DatasetEntry } from '@/data';
import { type IdxArray, readIdx } from '@/data/idx';
import { UserFacingError } from '@/utils/errors';
import { displayBundle } from '../display';
import { type FoundFile, findDatasetFile } from './dataset-source';
import { mutateImages } from './mutations';
import { progress } from './progress';
import { yieldToEventLoop } from './yield';

/**
 * `data.load('mnist')`: the four official IDX files (browser cache, data/mnist/, the copy the
 * app ships, else an upload prompt per file), read in the worker. Images stay uint8
 * (60,000 × 28 × 28 = 47 MB, never a float copy of the set), shaped N × 28 × 28 × 1 so
 * `transforms.batch` and `ToTensor` take them as they take CIFAR-10.
 */

export interface MnistSplit {
  count: number;
  images: Uint8Array;
  labels: Uint8Array;
  shape: [number, 28, 28, 1];
}

export interface MnistDataset {
  train: MnistSplit;
  test: MnistSplit;
  classes: string[];
  /** Where the files came from, in words. */
  source: string;
}

export interface MnistLoadOptions {
  /** Show the one-line summary (default true). */
  summary?: boolean;
}

const FILES = {
  trainImages: 'train-images-idx3-ubyte.gz',
  trainLabels: 'train-labels-idx1-ubyte.gz',
  testImages: 't10k-images-idx3-ubyte.gz',
  testLabels: 't10k-labels-idx1-ubyte.gz',
} as const;

const fmt = (n: number) => n.toLocaleString('en-US');

function expectUint8(file: string, idx: IdxArray, rank: 1 | 3): Uint8Array {
  const ok =
    idx.dtype === 'uint8' &&
    idx.shape.length === rank &&
    (rank === 1 || (idx.shape[1] === 28 && idx.shape[2] === 28));
  if (!ok || !(idx.data instanceof Uint8Array)) {
    const expected = rank === 1 ? 'uint8 labels, shape [N]' : 'uint8 images, shape [N, 28, 28]';
    throw new UserFacingError(
      `${file} holds ${idx.dtype} values of shape [${idx.shape.join(', ')}], not MNIST's ${expected}.`,
      `Give the official file ${file} from http://yann.lecun.com/exdb/mnist/ (or a mirror).`,
    );
  }
  return idx.data;
}

export function mnistSplit(
  images: { file: string; idx: IdxArray },
  labels: { file: string; idx: IdxArray },
): MnistSplit {
  const pixels = expectUint8(images.file, images.idx, 3);
  const classes = expectUint8(labels.file, labels.idx, 1);
  const count = images.idx.shape[0] ?? 0;
  if (classes.length !== count) {
    throw new UserFacingError(
      `${images.file} has ${fmt(count)} images but ${labels.file} has ${fmt(classes.length)} labels.`,
      'The two files come from different sets (or one is cut short): take both from the same download.',
    );
  }
  const bad = classes.findIndex((l) => l > 9);
  if (bad >= 0) {
    throw new UserFacingError(
      `${labels.file}: label ${classes[bad]} at position ${fmt(bad)} is not a digit 0–9.`,
      'This is not an MNIST label file; EMNIST and other variants have other classes.',
    );
  }
  return { count, images: pixels, labels: classes, shape: [count, 28, 28, 1] };
}

/**
 * Reads the four files, keeping each found outside the browser's cache in it (`keep`) so the
 * next load is local.
 */
export async function loadMnist(
  entry: DatasetEntry,
  keep: (found: FoundFile) => Promise<void>,
  options: MnistLoadOptions = {},
): Promise<MnistDataset> {
  const names = Object.values(FILES);
  const bar = progress(names.length, { label: 'Reading MNIST (4 IDX files)', unit: 'files' });
  const read = new Map<string, IdxArray>();
  const sources = new Set<string>();
  try {
    for (const name of names) {
      const found = await findDatasetFile(entry, { file: name, accept: ['.gz'] });
      await keep(found);
      sources.add(found.source);
      read.set(name, await readIdx(name, new Uint8Array(found.bytes)));
      bar.update(read.size);
      await yieldToEventLoop();
    }
    bar.finish();
  } catch (error) {
    bar.stop();
    throw error;
  }
  const get = (file: string) => ({ file, idx: read.get(file)! });
  const train = mnistSplit(get(FILES.trainImages), get(FILES.trainLabels));
  const test = mnistSplit(get(FILES.testImages), get(FILES.testLabels));
  const dataset: MnistDataset = {
    train: mutateImages(train),
    test: mutateImages(test),
    classes: Array.from({ length: 10 }, (_, i) => String(i)),
    source: [...sources].join(' + '),
  };
  if (options.summary !== false) displayBundle({ 'text/plain': summaryLine(dataset) });
  return dataset;
}

export function summaryLine(d: MnistDataset): string {
  return `MNIST from ${d.source}: ${fmt(d.train.count)} training and ${fmt(d.test.count)} test images, uint8 28×28×1 (${(d.train.images.length / 1024 ** 2).toFixed(1)} MB + ${(d.test.images.length / 1024 ** 2).toFixed(1)} MB), labels 0–9.`;
}
