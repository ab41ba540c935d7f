import { DataError } from './errors';

export const CIFAR10_CLASSES = [
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
export const CIFAR10_RECORD_BYTES = 1 + 3 * PLANE;

export interface CifarBatch {
  count: number;
  labels: Uint8Array;
  /** count × 32 × 32 × 3, channels last (the layout tfjs conv layers expect). */
  images: Uint8Array;
  shape: [number, number, number, number];
}

/**
 * The CIFAR-10 binary format: per image one label byte, then the red, green and blue planes
 * (1,024 bytes each, row-major). Planes are interleaved here into HWC pixels.
 */
export function parseCifar10(file: string, bytes: Uint8Array, maxImages?: number): CifarBatch {
  if (bytes.length === 0 || bytes.length % CIFAR10_RECORD_BYTES !== 0) {
    throw new DataError(
      'parse',
      `not a CIFAR-10 binary batch: ${bytes.length} bytes is not a multiple of ${CIFAR10_RECORD_BYTES}`,
      {
        file,
        hint: 'Use the files from cifar-10-binary.tar.gz (data_batch_1.bin … test_batch.bin).',
      },
    );
  }
  const count = Math.min(
    bytes.length / CIFAR10_RECORD_BYTES,
    maxImages ?? Number.POSITIVE_INFINITY,
  );
  const labels = new Uint8Array(count);
  const images = new Uint8Array(count * 3 * PLANE);
  for (let n = 0; n < count; n++) {
    const rec = n * CIFAR10_RECORD_BYTES;
    const label = bytes[rec]!;
    if (label > 9) {
      throw new DataError('parse', `image ${n + 1} has label ${label}; CIFAR-10 labels are 0–9`, {
        file,
        hint: 'This may be a CIFAR-100 file (two label bytes per record).',
      });
    }
    labels[n] = label;
    const out = n * 3 * PLANE;
    for (let p = 0; p < PLANE; p++) {
      images[out + 3 * p] = bytes[rec + 1 + p]!;
      images[out + 3 * p + 1] = bytes[rec + 1 + PLANE + p]!;
      images[out + 3 * p + 2] = bytes[rec + 1 + 2 * PLANE + p]!;
    }
  }
  return { count, labels, images, shape: [count, SIDE, SIDE, 3] };
}
