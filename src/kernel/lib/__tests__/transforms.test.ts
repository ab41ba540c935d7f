import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { manualSeed } from '../seed';
import {
  batchOf,
  Compose,
  type ImageBatch,
  luma,
  Normalize,
  RandomGrayscale,
  RandomHorizontalFlip,
  ToTensor,
} from '../transforms';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** n images of h × w × 3 whose every byte is different enough to see where it went. */
function ramp(n: number, h: number, w: number): ImageBatch {
  const images = Uint8Array.from({ length: n * h * w * 3 }, (_, i) => (i * 7) % 256);
  return { kind: 'image-batch', images, shape: [n, h, w, 3], labels: new Uint8Array(n) };
}
const px = (b: ImageBatch, i: number, y: number, x: number) => {
  const [, h, w] = b.shape;
  const at = ((i * h + y) * w + x) * 3;
  return Array.from(b.images.subarray(at, at + 3));
};

describe('RandomHorizontalFlip', () => {
  it('with p=1 mirrors every row: pixel (y, x) moves to (y, w−1−x), channels kept in order', () => {
    const b = ramp(2, 4, 5);
    const f = RandomHorizontalFlip(1)(b) as ImageBatch;
    for (let i = 0; i < 2; i++)
      for (let y = 0; y < 4; y++)
        for (let x = 0; x < 5; x++) expect(px(f, i, y, x)).toEqual(px(b, i, y, 4 - x));
    expect(b.images[0]).toBe(0); // the input is not changed
  });

  it('with p=0 changes nothing, and flipping twice gives the image back', () => {
    const b = ramp(3, 4, 4);
    expect((RandomHorizontalFlip(0)(b) as ImageBatch).images).toEqual(b.images);
    const twice = RandomHorizontalFlip(1)(RandomHorizontalFlip(1)(b)) as ImageBatch;
    expect(twice.images).toEqual(b.images);
  });

  it('flips about half of many images at p=0.5, the same ones again under the same seed', () => {
    const b = ramp(400, 2, 2);
    const flipped = (out: ImageBatch) =>
      Array.from({ length: 400 }, (_, i) => px(out, i, 0, 0).join() !== px(b, i, 0, 0).join());
    manualSeed(7);
    const first = flipped(RandomHorizontalFlip(0.5)(b) as ImageBatch);
    manualSeed(7);
    const again = flipped(RandomHorizontalFlip(0.5)(b) as ImageBatch);
    expect(again).toEqual(first);
    const count = first.filter(Boolean).length;
    expect(count).toBeGreaterThan(150);
    expect(count).toBeLessThan(250);
  });
});

describe('RandomGrayscale', () => {
  it('uses ITU-R 601 luma (0.299 R + 0.587 G + 0.114 B) in all three channels', () => {
    expect(luma(255, 0, 0)).toBe(76);
    expect(luma(0, 255, 0)).toBe(150);
    expect(luma(0, 0, 255)).toBe(29);
    expect(luma(255, 255, 255)).toBe(255);
    const b: ImageBatch = {
      kind: 'image-batch',
      images: new Uint8Array([200, 100, 50, 10, 20, 30]),
      shape: [1, 1, 2, 3],
    };
    const g = RandomGrayscale(1)(b) as ImageBatch;
    // 0.299·200 + 0.587·100 + 0.114·50 = 124.2 → 124; 0.299·10 + 0.587·20 + 0.114·30 = 18.15 → 18
    expect(Array.from(g.images)).toEqual([124, 124, 124, 18, 18, 18]);
  });

  it('at p=0.1 greys about a tenth of the images and leaves the rest as they were', () => {
    manualSeed(3);
    const b = ramp(1000, 1, 2);
    const g = RandomGrayscale(0.1)(b) as ImageBatch;
    let grey = 0;
    for (let i = 0; i < 1000; i++) {
      const [r, gr, bl] = px(g, i, 0, 0);
      if (r === gr && gr === bl) grey++;
      else expect(px(g, i, 0, 0)).toEqual(px(b, i, 0, 0));
    }
    expect(grey).toBeGreaterThan(70);
    expect(grey).toBeLessThan(130);
  });
});

describe('ToTensor + Normalize((0.5,)*3, (0.5,)*3)', () => {
  it('maps 0 → −1, 255 → 1 and 127.5 → 0 channel by channel, as float32 NHWC', () => {
    const b: ImageBatch = {
      kind: 'image-batch',
      images: new Uint8Array([0, 255, 51, 255, 0, 204]),
      shape: [1, 1, 2, 3],
    };
    const t = Compose([ToTensor(), Normalize([0.5, 0.5, 0.5], [0.5, 0.5, 0.5])])(b) as tf.Tensor4D;
    expect(t.shape).toEqual([1, 1, 2, 3]);
    expect(t.dtype).toBe('float32');
    const v = Array.from(t.dataSync());
    [-1, 1, -0.6, 1, -1, 0.6].forEach((want, i) => {
      expect(v[i]).toBeCloseTo(want, 6);
    });
    t.dispose();
  });

  it('keeps a whole augmented batch within [−1, 1] and leaks no tensors', () => {
    manualSeed(1);
    const before = tf.memory().numTensors;
    const pipeline = Compose([
      RandomHorizontalFlip(0.5),
      RandomGrayscale(0.1),
      ToTensor(),
      Normalize([0.5, 0.5, 0.5], [0.5, 0.5, 0.5]),
    ]);
    const t = pipeline(ramp(8, 32, 32)) as tf.Tensor4D;
    const [min, max] = tf.tidy(() => [t.min().dataSync()[0], t.max().dataSync()[0]]);
    expect(min).toBe(-1);
    expect(max).toBe(1);
    t.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('refuses Normalize before ToTensor, and flips after it, saying where they go', () => {
    expect(() => Normalize([0.5], [0.5])(ramp(1, 1, 1))).toThrow(
      /put transforms.ToTensor\(\) before/,
    );
    const t = ToTensor()(ramp(1, 2, 2)) as tf.Tensor4D;
    expect(() => RandomHorizontalFlip(1)(t)).toThrow(/before ToTensor/);
    t.dispose();
  });
});

describe('transforms.batch', () => {
  it('copies the chosen images and labels of a split, nothing else', () => {
    const split = { ...ramp(5, 2, 2), labels: Uint8Array.from([0, 1, 2, 3, 4]) };
    const b = batchOf(split, 1, 3);
    expect(b.shape).toEqual([2, 2, 2, 3]);
    expect(Array.from(b.labels!)).toEqual([1, 2]);
    expect(px(b, 0, 0, 0)).toEqual(px(split, 1, 0, 0));
    expect(Array.from(batchOf(split, [4, 0]).labels!)).toEqual([4, 0]);
    expect(() => batchOf(split, [9])).toThrow(/outside the split/);
  });
});
