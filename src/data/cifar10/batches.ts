import { CifarFormatError } from './errors';
import { isDict, isNdArray, pyText, unpickle } from './pickle';

export const CIFAR10_CLASS_NAMES = [
  'airplane',
  'automobile',
  'bird',
  'cat',
  'deer',
  'dog',
  'frog',
  'horse',
  'ship',
  'truck',
] as const;

const SIDE = 32;
const PLANE = SIDE * SIDE;
export const PIXELS_PER_IMAGE = 3 * PLANE;
/** 1 label byte + 3,072 pixel bytes. */
export const RECORD_BYTES = 1 + PIXELS_PER_IMAGE;
/** Records in each official batch file; the shared subset has 1,017, so any whole count is read. */
export const OFFICIAL_RECORDS = 10_000;

export interface CifarImages {
  count: number;
  /** count × 32 × 32 × 3, uint8, channels last (NHWC, what tfjs conv layers take). */
  images: Uint8Array;
  labels: Uint8Array;
}

const n = (x: number) => x.toLocaleString('en-US');

/** One image's planes (1,024 R, then G, then B, row by row) → interleaved RGB pixels. */
function planarToHwc(src: Uint8Array, from: number, out: Uint8Array, to: number): void {
  for (let p = 0; p < PLANE; p++) {
    out[to + 3 * p] = src[from + p]!;
    out[to + 3 * p + 1] = src[from + PLANE + p]!;
    out[to + 3 * p + 2] = src[from + 2 * PLANE + p]!;
  }
}

function checkLabel(file: string, label: number, index: number): void {
  if (label > 9) {
    throw new CifarFormatError(file, {
      expected: 'labels 0–9 (CIFAR-10)',
      found: `label ${label} on image ${n(index + 1)}`,
      hint: 'CIFAR-100 files have two label bytes per record and are not read here.',
    });
  }
}

/** A `data_batch_N.bin` / `test_batch.bin` of the binary version: records of 3,073 bytes. */
export function readBinaryBatch(file: string, bytes: Uint8Array): CifarImages {
  if (bytes.length === 0 || bytes.length % RECORD_BYTES !== 0) {
    const whole = Math.floor(bytes.length / RECORD_BYTES);
    throw new CifarFormatError(file, {
      expected: `whole records of ${n(RECORD_BYTES)} bytes (1 label + 3,072 pixels; ${n(OFFICIAL_RECORDS)} records, ${n(OFFICIAL_RECORDS * RECORD_BYTES)} bytes, in an official batch)`,
      found:
        bytes.length === 0
          ? 'an empty file'
          : `${n(bytes.length)} bytes: ${n(whole)} whole records and ${n(bytes.length - whole * RECORD_BYTES)} bytes left over (truncated or not a CIFAR-10 batch)`,
    });
  }
  const count = bytes.length / RECORD_BYTES;
  const labels = new Uint8Array(count);
  const images = new Uint8Array(count * PIXELS_PER_IMAGE);
  for (let i = 0; i < count; i++) {
    const rec = i * RECORD_BYTES;
    checkLabel(file, bytes[rec]!, i);
    labels[i] = bytes[rec]!;
    planarToHwc(bytes, rec + 1, images, i * PIXELS_PER_IMAGE);
  }
  return { count, images, labels };
}

/** A batch of the python version: a pickled dict with `labels` and `data` (uint8, N × 3,072). */
export function readPythonBatch(file: string, bytes: Uint8Array): CifarImages {
  const value = unpickle(file, bytes);
  const bad = (found: string): never => {
    throw new CifarFormatError(file, {
      expected: "a dict with 'labels' (N ints) and 'data' (a uint8 array of N × 3,072)",
      found,
    });
  };
  if (!isDict(value)) return bad('a pickle that is not a dict');
  const data = value.entries.get('data');
  const labelList = value.entries.get('labels');
  if (!labelList && value.entries.has('fine_labels'))
    bad("'fine_labels' (this is a CIFAR-100 batch)");
  if (!isNdArray(data)) return bad("no 'data' array");
  if (!Array.isArray(labelList)) return bad("no 'labels' list");
  if (data.shape.length !== 2 || data.shape[1] !== PIXELS_PER_IMAGE)
    bad(`'data' of shape (${data.shape.join(', ')})`);
  const count = data.shape[0]!;
  if (labelList.length !== count) bad(`${n(labelList.length)} labels for ${n(count)} images`);
  const labels = new Uint8Array(count);
  const images = new Uint8Array(count * PIXELS_PER_IMAGE);
  for (let i = 0; i < count; i++) {
    const label = labelList[i];
    if (typeof label !== 'number' || !Number.isInteger(label) || label < 0)
      bad(`label ${String(label)} on image ${n(i + 1)}`);
    checkLabel(file, label as number, i);
    labels[i] = label as number;
    planarToHwc(data.data, i * PIXELS_PER_IMAGE, images, i * PIXELS_PER_IMAGE);
  }
  return { count, images, labels };
}

/** `batches.meta.txt` (binary version): one class name a line. */
export function readMetaText(bytes: Uint8Array): string[] {
  return new TextDecoder()
    .decode(bytes)
    .split(/\r?\n/)
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

/** `batches.meta` (python version): a pickled dict whose `label_names` lists the classes. */
export function readMetaPickle(file: string, bytes: Uint8Array): string[] {
  const value = unpickle(file, bytes);
  const names = isDict(value) ? value.entries.get('label_names') : undefined;
  if (!Array.isArray(names))
    throw new CifarFormatError(file, {
      expected: "a dict with 'label_names'",
      found: 'no label_names',
    });
  return names.map((v) => pyText(v) ?? String(v));
}

/** Whether bytes start like a pickle (protocol 2+ opens with 0x80, the version). */
export const looksLikePickle = (bytes: Uint8Array): boolean =>
  bytes.length > 2 && bytes[0] === 0x80 && bytes[1]! >= 2 && bytes[1]! <= 5;
