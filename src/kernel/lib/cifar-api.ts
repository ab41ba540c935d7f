import type { DatasetEntry } from '@/data';
import { CIFAR_FILE, CIFAR_UPLOAD_PREFIX } from '@/data/cifar10/cache-names';
import { type Cifar10Data, type NamedBytes, readCifar10 } from '@/data/cifar10/read';
import { deleteFile, getFile, listFiles, putFile } from '@/storage/data-files';
import { displayBundle } from '../display';
import { requestUploads } from '../uploads';
import { fetchShipped } from './dataset-source';
import { mutateImages } from './mutations';
import { progress } from './progress';
import { yieldToEventLoop } from './yield';

/**
 * `data.load('cifar-10')`: finds the CIFAR-10 files (browser cache, the project's data/ folder,
 * the subset the app ships, else an upload prompt), reads them in the worker with a progress
 * bar, and keeps an upload in this browser so a reload does not ask again.
 */

export interface Cifar10Dataset extends Cifar10Data {
  /** Where the bytes came from, in words. */
  source: string;
}

export interface Cifar10LoadOptions {
  /** Ask for files even when a copy is cached or shipped (to give the full 170 MB tarball). */
  upload?: boolean;
  /** Show the one-line summary (default true). */
  summary?: boolean;
}

const CACHE_PREFIX = CIFAR_UPLOAD_PREFIX;
/**
 * The shipped subset, kept after its first fetch so the activities run offline. Apart from
 * uploads (not a CACHE_PREFIX name): an upload replaces uploads only, and a full set in data/
 * still wins over the kept subset.
 */
const SHIPPED_PREFIX = 'dataset:cifar-10-shipped:';
/** What the app ships (public/datasets/, see the registry's `shipped`); absent in dev builds without it. */
const FULL_TRAIN = 50_000;

const asBytes = (b: ArrayBuffer) => new Uint8Array(b);
const fmt = (n: number) => n.toLocaleString('en-US');

/** Reads the files with a progress bar over their bytes; Interrupt stops it between chunks. */
export async function readCifar10WithProgress(files: NamedBytes[]): Promise<Cifar10Data> {
  const total = files.reduce((s, f) => s + f.bytes.length, 0);
  const bar = progress(total, {
    label: `Reading ${files.length === 1 ? files[0]?.name : `${files.length} CIFAR-10 files`}`,
    unit: 'bytes',
  });
  let before = 0;
  let current = 0;
  try {
    const out = await readCifar10(files, {
      onProgress: async (done, of) => {
        if (done === of) {
          before += of;
          current = 0;
        } else current = done;
        bar.update(before + current);
        await yieldToEventLoop();
      },
    });
    bar.finish();
    return out;
  } catch (error) {
    bar.stop();
    throw error;
  }
}

async function cachedNames(prefix = CACHE_PREFIX): Promise<string[]> {
  return (await listFiles().catch(() => []))
    .filter((f) => f.datasetId === 'cifar-10' && f.name.startsWith(prefix))
    .map((f) => f.name);
}

async function fromCache(prefix = CACHE_PREFIX): Promise<NamedBytes[] | null> {
  const names = await cachedNames(prefix);
  const files: NamedBytes[] = [];
  for (const name of names) {
    const stored = await getFile(name).catch(() => undefined);
    if (stored) files.push({ name: name.slice(prefix.length), bytes: asBytes(stored.bytes) });
  }
  return files.length ? files : null;
}

interface Listing {
  files: { path: string; size: number }[];
}

/** The project's data/ folder (dev server and runner): the biggest archive in cifar-10/, else its loose batches. */
async function fromLocalFolder(): Promise<{ files: NamedBytes[]; where: string } | null> {
  const listing = await fetch('/local-data/index.json')
    .then((r) => (r.ok ? (r.json() as Promise<Listing>) : null))
    .catch(() => null);
  if (!listing) return null;
  const inFolder = listing.files.filter(
    (f) => f.path.startsWith('cifar-10/') && CIFAR_FILE.test(f.path.split('/').pop() ?? ''),
  );
  const archives = inFolder
    .filter((f) => /\.(tar\.gz|tgz|tar)$/.test(f.path))
    .sort((a, b) => b.size - a.size);
  const chosen = archives.length ? [archives[0]!] : inFolder;
  if (chosen.length === 0) return null;
  const files: NamedBytes[] = [];
  for (const f of chosen) {
    const url = `/local-data/${f.path.split('/').map(encodeURIComponent).join('/')}`;
    const response = await fetch(url).catch(() => null);
    if (!response?.ok) return null;
    files.push({
      name: f.path.split('/').pop() ?? f.path,
      bytes: asBytes(await response.arrayBuffer()),
    });
  }
  return { files, where: `data/${chosen.length === 1 ? chosen[0]!.path : 'cifar-10/'}` };
}

/** The subset the app ships (registry: a file with `shipped`), unpacked and checked by fetchShipped. */
async function fromShipped(entry: DatasetEntry): Promise<NamedBytes[] | null> {
  for (const file of entry.files) {
    if (!file.shipped) continue;
    const bytes = await fetchShipped(file);
    if (bytes) return [{ name: file.name, bytes: new Uint8Array(bytes) }];
  }
  return null;
}

/** Keeps the files in place of any earlier copy of that kind, so the cache never mixes two uploads. */
async function keepInBrowser(files: NamedBytes[], prefix = CACHE_PREFIX): Promise<void> {
  for (const name of await cachedNames(prefix)) await deleteFile(name).catch(() => undefined);
  for (const f of files) {
    try {
      const bytes = f.bytes.slice().buffer;
      await putFile({
        name: `${prefix}${f.name}`,
        bytes,
        size: bytes.byteLength,
        source: 'cache',
        datasetId: 'cifar-10',
        addedAt: Date.now(),
      });
    } catch (error) {
      // Not keeping a copy is no reason to fail the load: say so and go on.
      displayBundle({ 'text/plain': error instanceof Error ? error.message : String(error) });
    }
  }
}

export async function loadCifar10(
  entry: DatasetEntry,
  options: Cifar10LoadOptions = {},
): Promise<Cifar10Dataset> {
  let files: NamedBytes[] | null = null;
  let source = '';
  let uploaded = false;
  let shipped = false;
  if (!options.upload) {
    files = await fromCache();
    source = 'browser cache';
    if (!files) {
      const local = await fromLocalFolder();
      if (local) ({ files, where: source } = local);
    }
    if (!files) {
      files = await fromCache(SHIPPED_PREFIX);
      source = 'browser cache (the subset shipped with the app)';
    }
    if (!files) {
      files = await fromShipped(entry);
      source = 'the subset shipped with the app';
      shipped = files !== null;
    }
  }
  if (!files) {
    const picked = await requestUploads({
      prompt: `Choose CIFAR-10: the official cifar-10-binary.tar.gz or cifar-10-python.tar.gz (from ${entry.url}), or the loose data_batch_1…5 and test_batch files, or their folder.`,
      accept: [],
    });
    // A folder (cifar-10-batches-bin/) holds a readme.html beside the batches: skip what is not
    // CIFAR-10 when CIFAR-10 files came with it; a lone other file is still refused by name.
    const cifar = picked.filter((f) => CIFAR_FILE.test(f.name));
    files = (cifar.length > 0 ? cifar : picked).map((f) => ({
      name: f.name,
      bytes: asBytes(f.bytes),
    }));
    source = 'uploaded';
    uploaded = true;
  }
  const read = await readCifar10WithProgress(files);
  if (uploaded) await keepInBrowser(files);
  if (shipped) await keepInBrowser(files, SHIPPED_PREFIX);
  const dataset: Cifar10Dataset = {
    ...read,
    train: mutateImages(read.train),
    test: mutateImages(read.test),
    source,
  };
  if (options.summary !== false) displayBundle({ 'text/plain': summaryLine(dataset) });
  return dataset;
}

export function summaryLine(d: Cifar10Dataset): string {
  const subset =
    d.train.count < FULL_TRAIN
      ? ` This is a subset (${fmt(d.train.count)} of ${fmt(FULL_TRAIN)} training images): the book's accuracies need the full set; data.load('cifar-10', { upload: true }) asks for the official tarball.`
      : '';
  return `CIFAR-10 from ${d.source}: ${fmt(d.train.count)} training and ${fmt(d.test.count)} test images, uint8 32×32×3 (${(d.train.images.length / 1024 ** 2).toFixed(1)} MB + ${(d.test.images.length / 1024 ** 2).toFixed(1)} MB), classes ${d.classes.join(', ')}.${subset}`;
}
