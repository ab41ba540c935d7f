/// <reference types="node" />
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { gunzipSync, gzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { RECORD_BYTES, readBinaryBatch, readPythonBatch } from '../batches';
import { CifarFormatError } from '../errors';
import { unpickle } from '../pickle';
import { readCifar10 } from '../read';
import { requireShared } from './require-shared';
import { makeTar, unpacked } from './tar-helpers';

const SUBSET = 'cifar-10/cifar-10-subset-binary.tar.gz';
const subset = requireShared(SUBSET);
const fixture = (name: string) =>
  new Uint8Array(readFileSync(resolve(__dirname, 'fixtures', name)));
const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
/** The HWC pixel at row y, column x of image n. */
const pixel = (images: Uint8Array, n: number, y: number, x: number) =>
  Array.from(images.subarray(n * 3072 + (y * 32 + x) * 3, n * 3072 + (y * 32 + x) * 3 + 3));

/** Expected values computed independently with Python + numpy from the same tarball. */
describe.skipIf(!subset)(`the real CIFAR-10 subset (${SUBSET})`, () => {
  it('reads 5,085 training and 1,017 test images as uint8 NHWC with their labels and classes', async () => {
    const progress: number[] = [];
    const d = await readCifar10([{ name: 'cifar-10-subset-binary.tar.gz', bytes: subset! }], {
      onProgress: (done) => {
        progress.push(done);
      },
    });
    expect(d.train.shape).toEqual([5085, 32, 32, 3]);
    expect(d.test.shape).toEqual([1017, 32, 32, 3]);
    expect(d.train.images).toBeInstanceOf(Uint8Array);
    expect(d.classes).toEqual([
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
    ]);
    expect(Array.from(d.test.labels.subarray(0, 10))).toEqual([3, 8, 8, 0, 6, 6, 1, 6, 3, 1]);
    expect(Array.from(d.train.labels.subarray(0, 10))).toEqual([6, 9, 9, 4, 1, 1, 2, 7, 8, 3]);
    const counts = (labels: Uint8Array) =>
      labels.reduce((c, l) => {
        c[l]!++;
        return c;
      }, new Array<number>(10).fill(0));
    expect(counts(d.train.labels)).toEqual([517, 524, 490, 493, 537, 475, 503, 516, 529, 501]);
    expect(counts(d.test.labels)).toEqual([105, 93, 100, 104, 92, 87, 114, 102, 110, 110]);
    // The first test image is the well-known cat; its corner pixels, channels last.
    expect(pixel(d.test.images, 0, 0, 0)).toEqual([158, 112, 49]);
    expect(pixel(d.test.images, 0, 0, 1)).toEqual([159, 111, 47]);
    expect(pixel(d.test.images, 0, 31, 31)).toEqual([21, 67, 110]);
    expect(pixel(d.train.images, 0, 16, 5)).toEqual([64, 40, 21]);
    expect(pixel(d.train.images, 5084, 31, 31)).toEqual([177, 158, 117]);
    expect(sha256(d.test.images)).toBe(
      '48bde46fb9080c13770d6a8c4163dc24cff90c2802470aa26c4d6c392faf50f3',
    );
    expect(sha256(d.train.images)).toBe(
      '8dcfa5d1197a1cd9d8d5e5b3eda9900c52b6cb49415c20f9c8ddf8649bbaf9eb',
    );
    expect(d.batches.map((b) => `${b.split}:${b.count}:${b.format}`)).toEqual([
      ...new Array(5).fill('train:1017:binary'),
      'test:1017:binary',
    ]);
    expect(progress.at(-1)).toBe(subset!.length);
    expect(progress.length).toBeGreaterThan(5);
  });

  it('reads the loose .bin files the same as the tarball', async () => {
    const members = unpacked(gunzipSync(subset!));
    const loose = members.filter((m) => m.name.endsWith('.bin'));
    expect(loose.map((m) => m.name.split('/').pop())).toEqual([
      'data_batch_1.bin',
      'data_batch_2.bin',
      'data_batch_3.bin',
      'data_batch_4.bin',
      'data_batch_5.bin',
      'test_batch.bin',
    ]);
    // Given in another order, as a file picker may: batches still come out in order.
    const d = await readCifar10(
      [...loose].reverse().map((m) => ({ name: m.name.split('/').pop()!, bytes: m.bytes })),
    );
    expect(d.train.count).toBe(5085);
    expect(sha256(d.train.images)).toBe(
      '8dcfa5d1197a1cd9d8d5e5b3eda9900c52b6cb49415c20f9c8ddf8649bbaf9eb',
    );
  });

  it('refuses a truncated tarball, naming it and how far it got', async () => {
    const cut = subset!.subarray(0, Math.floor(subset!.length / 2));
    const error = await readCifar10([{ name: 'cifar-10-binary.tar.gz', bytes: cut }]).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(CifarFormatError);
    expect((error as Error).message).toMatch(/^cifar-10-binary\.tar\.gz: expected a complete gzip/);
  });

  it('refuses a tar whose last batch is cut short, naming the member and its size', async () => {
    const tar = gunzipSync(subset!);
    const cut = gzipSync(tar.subarray(0, tar.length - 10_000 - 1024));
    const error = await readCifar10([{ name: 'c.tar.gz', bytes: cut }]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CifarFormatError);
    expect((error as Error).message).toContain('c.tar.gz → cifar-10-batches-bin/test_batch.bin');
    expect((error as Error).message).toContain('expected 3,125,241 bytes');
  });

  it('refuses a batch with a partial record, saying the record size and what was found', () => {
    const tar = gunzipSync(subset!);
    const batch = unpacked(tar).find((m) => m.name.endsWith('data_batch_1.bin'))!;
    const cut = batch.bytes.subarray(0, batch.bytes.length - 100);
    expect(() => readBinaryBatch('data_batch_1.bin', cut)).toThrow(
      /data_batch_1\.bin: expected whole records of 3,073 bytes .*10,000 records.*found 3,125,141 bytes: 1,016 whole records and 2,973 bytes left over/,
    );
  });
});

describe('the python version (pickles), from fixtures made with Python + numpy', () => {
  it('reads the Python 2 layout tarball: same labels and bytes as the binary subset records', async () => {
    const d = await readCifar10([
      { name: 'cifar-10-python.tar.gz', bytes: fixture('cifar-10-python-py2layout.tar.gz') },
    ]);
    expect(d.train.shape).toEqual([20, 32, 32, 3]);
    expect(d.test.shape).toEqual([4, 32, 32, 3]);
    expect(Array.from(d.test.labels)).toEqual([3, 8, 8, 0]);
    expect(Array.from(d.train.labels.subarray(0, 4))).toEqual([6, 9, 9, 4]);
    expect(pixel(d.test.images, 0, 0, 0)).toEqual([158, 112, 49]);
    expect(pixel(d.test.images, 0, 31, 31)).toEqual([21, 67, 110]);
    expect(pixel(d.train.images, 0, 16, 5)).toEqual([64, 40, 21]);
    expect(d.classes[9]).toBe('truck');
    expect(d.batches.every((b) => b.format === 'python')).toBe(true);
    if (subset) {
      const bin = await readCifar10([{ name: 's.tar.gz', bytes: subset }]);
      expect(Array.from(d.test.images)).toEqual(Array.from(bin.test.images.subarray(0, 4 * 3072)));
    }
  });

  it('reads the loose python batches (no extension) and batches.meta as a folder drop gives them', async () => {
    const tar = gunzipSync(fixture('cifar-10-python-py2layout.tar.gz'));
    const loose = unpacked(tar)
      .filter((m) => !m.name.endsWith('readme.html'))
      .map((m) => ({ name: m.name.split('/').pop()!, bytes: m.bytes }));
    expect(loose.map((m) => m.name)).toContain('batches.meta');
    const d = await readCifar10(loose);
    expect(d.train.count).toBe(20);
    expect(Array.from(d.test.labels)).toEqual([3, 8, 8, 0]);
    expect(d.classes[0]).toBe('airplane');
  });

  it('reads a batch pickled by Python 3 (bytes through _codecs.encode)', () => {
    const b = readPythonBatch('data_batch_1', fixture('data_batch_1.py3'));
    expect(b.count).toBe(4);
    expect(Array.from(b.labels)).toEqual([6, 9, 9, 4]);
    expect(pixel(b.images, 0, 16, 5)).toEqual([64, 40, 21]);
  });

  it('refuses a truncated pickle, naming the file', () => {
    const bytes = fixture('data_batch_1.py3');
    expect(() => readPythonBatch('data_batch_1', bytes.subarray(0, 5000))).toThrow(
      /^data_batch_1: expected a CIFAR-10 python batch .*found the file ends inside a value/,
    );
  });

  it('never runs a global other than the numpy array ones (os.system is refused)', () => {
    // pickle.dumps of a class whose __reduce__ returns (os.system, ('echo pwned',)), protocol 2.
    const evil = new Uint8Array([
      0x80,
      0x02,
      0x63,
      ...new TextEncoder().encode('posix\nsystem\n'),
      0x71,
      0x00,
      0x55,
      0x0a,
      ...new TextEncoder().encode('echo pwned'),
      0x71,
      0x01,
      0x85,
      0x71,
      0x02,
      0x52,
      0x71,
      0x03,
      0x2e,
    ]);
    expect(() => unpickle('evil', evil)).toThrow(/a reference to posix\.system/);
  });
});

describe('official batch size', () => {
  it('reads a batch of 10,000 records (30,730,000 bytes), the size of each official file', () => {
    const bytes = new Uint8Array(10_000 * RECORD_BYTES);
    for (let i = 0; i < 10_000; i++) {
      bytes[i * RECORD_BYTES] = i % 10;
      bytes[i * RECORD_BYTES + 1] = i % 251; // red of pixel 0
    }
    const b = readBinaryBatch('data_batch_1.bin', bytes);
    expect(b.count).toBe(10_000);
    expect(b.images.length).toBe(10_000 * 3072);
    expect(b.labels[9_999]).toBe(9);
    expect(b.images[9_999 * 3072]).toBe(9_999 % 251);
  });
});

describe('refused inputs', () => {
  it('refuses a file that is neither an archive nor a batch, saying what is expected', async () => {
    const error = await readCifar10([
      { name: 'photo.jpg', bytes: new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3]) },
    ]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CifarFormatError);
    expect((error as Error).message).toMatch(/^photo\.jpg: expected a CIFAR-10 archive/);
  });

  it('refuses a gzip that holds no tar (an MNIST .gz), naming it', async () => {
    const error = await readCifar10([
      { name: 'train-images-idx3-ubyte.gz', bytes: gzipSync(new Uint8Array(2048).fill(7)) },
    ]).catch((e: unknown) => e);
    expect((error as Error).message).toMatch(
      /^train-images-idx3-ubyte\.gz: expected a tar archive, found no valid tar header/,
    );
  });

  it('refuses a tar.gz of other files: no CIFAR batches among its members', async () => {
    const tar = makeTar([{ name: 'photos/cat.jpg', bytes: new Uint8Array(700) }]);
    const error = await readCifar10([{ name: 'photos.tar.gz', bytes: gzipSync(tar) }]).catch(
      (e: unknown) => e,
    );
    expect((error as Error).message).toBe(
      'photos.tar.gz: expected CIFAR-10 training batches (data_batch_1…5) and test_batch, found 0 training and 0 test batches among photos/cat.jpg',
    );
  });

  it('refuses a batch whose size is not whole records of 3,073 bytes', () => {
    expect(() => readBinaryBatch('test_batch.bin', new Uint8Array(RECORD_BYTES * 2 + 5))).toThrow(
      CifarFormatError,
    );
  });

  it('refuses labels above 9 (a CIFAR-100 file)', () => {
    const bytes = new Uint8Array(RECORD_BYTES);
    bytes[0] = 57;
    expect(() => readBinaryBatch('train.bin', bytes)).toThrow(/label 57 on image 1/);
  });

  it('refuses loose files without a test batch, saying which were found', async () => {
    const one = new Uint8Array(RECORD_BYTES);
    const error = await readCifar10([{ name: 'data_batch_1.bin', bytes: one }]).catch(
      (e: unknown) => e,
    );
    expect((error as Error).message).toMatch(/found 1 training and 0 test batches/);
  });
});
