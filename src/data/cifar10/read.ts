import { Gunzip } from 'fflate';
import {
  CIFAR10_CLASS_NAMES,
  type CifarImages,
  looksLikePickle,
  PIXELS_PER_IMAGE,
  readBinaryBatch,
  readMetaPickle,
  readMetaText,
  readPythonBatch,
} from './batches';
import { CifarFormatError } from './errors';
import { looksLikeTar, TarReader } from './tar';

/** One split: uint8 NHWC images (never a float copy of the whole set) and their labels. */
export interface Cifar10Split {
  count: number;
  images: Uint8Array;
  labels: Uint8Array;
  shape: [number, 32, 32, 3];
}

export interface Cifar10Data {
  train: Cifar10Split;
  test: Cifar10Split;
  classes: string[];
  /** Each batch read: its name, split, image count and format, in order. */
  batches: { name: string; split: 'train' | 'test'; count: number; format: 'binary' | 'python' }[];
}

export interface NamedBytes {
  name: string;
  bytes: Uint8Array;
}

export interface ReadOptions {
  /** Called as the input is consumed (compressed bytes for an archive); may pause the reader. */
  onProgress?: (done: number, total: number) => void | Promise<void>;
}

/** Input is fed to gunzip/untar this many bytes at a time, so progress moves and memory stays low. */
const CHUNK = 1 << 20;

type Role =
  | { kind: 'train'; index: number }
  | { kind: 'test' }
  | { kind: 'meta-text' }
  | { kind: 'meta-pickle' };

const baseName = (path: string) => path.split('/').pop() ?? path;

/** What a member is, by its official name (same in the binary and python versions). */
function roleOf(path: string): Role | null {
  const name = baseName(path);
  const train = /^data_batch_(\d+)(\.bin)?$/.exec(name);
  if (train) return { kind: 'train', index: Number(train[1]) };
  if (/^test_batch(\.bin)?$/.test(name)) return { kind: 'test' };
  if (name === 'batches.meta.txt') return { kind: 'meta-text' };
  if (name === 'batches.meta') return { kind: 'meta-pickle' };
  return null;
}

const isGzip = (b: Uint8Array) => b.length > 2 && b[0] === 0x1f && b[1] === 0x8b;

class Collector {
  train: { index: number; name: string; images: CifarImages }[] = [];
  test: { name: string; images: CifarImages }[] = [];
  classes: string[] | null = null;
  batches: Cifar10Data['batches'] = [];
  seen: string[] = [];

  add(name: string, bytes: Uint8Array): void {
    const role = roleOf(name);
    if (!role) return;
    if (role.kind === 'meta-text') {
      this.classes = readMetaText(bytes);
      return;
    }
    if (role.kind === 'meta-pickle') {
      this.classes = readMetaPickle(name, bytes);
      return;
    }
    const python = looksLikePickle(bytes);
    const images = python ? readPythonBatch(name, bytes) : readBinaryBatch(name, bytes);
    const split = role.kind === 'train' ? 'train' : 'test';
    this.batches.push({ name, split, count: images.count, format: python ? 'python' : 'binary' });
    if (role.kind === 'train') this.train.push({ index: role.index, name, images });
    else this.test.push({ name, images });
  }
}

function concat(parts: CifarImages[]): Cifar10Split {
  const count = parts.reduce((s, p) => s + p.count, 0);
  if (parts.length === 1) {
    const [p] = parts as [CifarImages];
    return { count, images: p.images, labels: p.labels, shape: [count, 32, 32, 3] };
  }
  const images = new Uint8Array(count * PIXELS_PER_IMAGE);
  const labels = new Uint8Array(count);
  let at = 0;
  for (const p of parts) {
    images.set(p.images, at * PIXELS_PER_IMAGE);
    labels.set(p.labels, at);
    at += p.count;
  }
  return { count, images, labels, shape: [count, 32, 32, 3] };
}

/** Streams a .tar.gz (or a plain .tar) through gunzip and untar, keeping only CIFAR members. */
async function readArchive(file: NamedBytes, into: Collector, options: ReadOptions): Promise<void> {
  const tar = new TarReader({
    archive: file.name,
    want: (name) => {
      into.seen.push(name);
      return roleOf(name) !== null;
    },
    onEntry: (entry) => into.add(entry.name, entry.bytes),
  });
  const gzipped = isGzip(file.bytes);
  let gunzipError: unknown = null;
  const gunzip = new Gunzip((chunk) => {
    try {
      tar.push(chunk);
    } catch (error) {
      gunzipError = error;
      throw error;
    }
  });
  const total = file.bytes.length;
  for (let at = 0; at < total; at += CHUNK) {
    const chunk = file.bytes.subarray(at, Math.min(total, at + CHUNK));
    const last = at + CHUNK >= total;
    if (!gzipped) tar.push(chunk);
    else {
      try {
        gunzip.push(chunk, last);
      } catch (error) {
        if (gunzipError) throw gunzipError;
        throw new CifarFormatError(file.name, {
          expected: 'a complete gzip stream',
          found: `${error instanceof Error ? error.message : String(error)} after ${Math.min(total, at + CHUNK).toLocaleString('en-US')} of ${total.toLocaleString('en-US')} bytes (truncated or damaged download?)`,
          hint: 'Download the archive again.',
        });
      }
    }
    await options.onProgress?.(Math.min(total, at + CHUNK), total);
  }
  tar.end();
}

/**
 * CIFAR-10 from what a user has: the official binary or python tarball (`.tar.gz`), the tar
 * inside it, or the loose batch files (`data_batch_1.bin` …, or the python `data_batch_1` …).
 * Pure: bytes in, uint8 images out. Every refusal names the file and what was expected.
 */
export async function readCifar10(
  files: NamedBytes[],
  options: ReadOptions = {},
): Promise<Cifar10Data> {
  const into = new Collector();
  for (const file of files) {
    if (isGzip(file.bytes) || looksLikeTar(file.bytes)) {
      await readArchive(file, into, options);
    } else if (roleOf(file.name)) {
      into.seen.push(file.name);
      into.add(file.name, file.bytes);
      await options.onProgress?.(file.bytes.length, file.bytes.length);
    } else {
      throw new CifarFormatError(file.name, {
        expected:
          'a CIFAR-10 archive (.tar.gz) or a batch file named data_batch_1…5(.bin), test_batch(.bin) or batches.meta(.txt)',
        found: `a file of ${file.bytes.length.toLocaleString('en-US')} bytes that is neither`,
      });
    }
  }
  const what = files.map((f) => f.name).join(', ');
  const listing = into.seen.length
    ? `${into.seen.slice(0, 6).join(', ')}${into.seen.length > 6 ? ', …' : ''}`
    : 'no files';
  if (into.train.length === 0 || into.test.length === 0) {
    throw new CifarFormatError(what, {
      expected: `CIFAR-10 training batches (data_batch_1…5) and test_batch`,
      found: `${into.train.length} training and ${into.test.length} test batches among ${listing}`,
      kind: 'wrong-dataset',
    });
  }
  const classes = into.classes ?? [...CIFAR10_CLASS_NAMES];
  if (classes.length !== 10)
    throw new CifarFormatError(what, {
      expected: '10 class names in batches.meta',
      found: `${classes.length}: ${classes.join(', ')}`,
      kind: 'wrong-dataset',
    });
  into.train.sort((a, b) => a.index - b.index);
  into.batches.sort((a, b) =>
    a.split === b.split ? a.name.localeCompare(b.name) : a.split === 'train' ? -1 : 1,
  );
  return {
    train: concat(into.train.map((t) => t.images)),
    test: concat(into.test.map((t) => t.images)),
    classes,
    batches: into.batches,
  };
}
