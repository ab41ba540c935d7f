import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { manualSeed } from '../seed';
import {
  batchOf,
  bilinearTaps,
  Compose,
  type ImageBatch,
  luma,
  Normalize,
  RandomGrayscale,
  RandomHorizontalFlip,
  Resize,
  resizedShape,
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

describe('Resize', () => {
  const grey = (h: number, w: number, values: number[]): ImageBatch => ({
    kind: 'image-batch',
    images: Uint8Array.from(values),
    shape: [1, h, w, 1],
  });

  it('an int scales the shorter side and keeps the aspect ratio (the longer side truncated); [h, w] is exact', () => {
    expect(resizedShape(32, 32, 224)).toEqual([224, 224]);
    expect(resizedShape(480, 640, 224)).toEqual([224, 298]); // 224 · 640 / 480 = 298.67
    expect(resizedShape(640, 480, 224)).toEqual([298, 224]);
    expect(resizedShape(28, 28, [64, 32])).toEqual([64, 32]);
    const out = Resize(16)(ramp(2, 32, 48)) as ImageBatch;
    expect(out.shape).toEqual([2, 16, 24, 3]);
    expect(out.images.length).toBe(2 * 16 * 24 * 3);
    expect(out.labels).toHaveLength(2);
    expect((Resize([5, 7])(ramp(1, 32, 32)) as ImageBatch).shape).toEqual([1, 5, 7, 3]);
  });

  it("gives Pillow's exact bytes: transforms.Resize on PIL images, shrinking, enlarging, one axis, [h, w]", () => {
    // Made by fixtures/make-pil-resize.py with Debian's Pillow 9.4 and torchvision 0.14.
    const fixture = JSON.parse(
      readFileSync(new URL('./fixtures/pil-resize.json', import.meta.url), 'utf8'),
    ) as {
      cases: {
        input: [number, number];
        size: number | [number, number];
        shape: number[];
        pixels: string;
      }[];
    };
    expect(fixture.cases.length).toBeGreaterThan(5);
    for (const { input, size, shape, pixels } of fixture.cases) {
      const [h, w] = input;
      const images = new Uint8Array(h * w * 3);
      for (let y = 0; y < h; y++)
        for (let x = 0; x < w; x++)
          for (let c = 0; c < 3; c++)
            images[(y * w + x) * 3 + c] =
              (x * 31 + y * 17 + c * 97 + ((x * y) % 13) + ((x * x) % 7)) % 256;
      const out = Resize(size)({ kind: 'image-batch', images, shape: [1, h, w, 3] }) as ImageBatch;
      expect(out.shape.slice(1), `${h}×${w} → ${JSON.stringify(size)}`).toEqual(shape);
      const expected = Uint8Array.from(Buffer.from(pixels, 'base64'));
      const differing = out.images.reduce((n, v, i) => n + (v === expected[i] ? 0 : 1), 0);
      expect(differing, `${h}×${w} → ${JSON.stringify(size)}: bytes unlike PIL's`).toBe(0);
    }
  });

  it('gives the batch back unchanged when it already has the size', () => {
    const b = ramp(1, 28, 28);
    expect(Resize(28)(b)).toBe(b);
  });

  it('upscaling 2 → 4 interpolates between pixel centres, edges clamped (PIL bilinear)', () => {
    // PIL: centres at 0.25, 0.75, 1.25, 1.75 source pixels → weights (1), (.75,.25), (.25,.75), (1)
    const out = Resize([1, 4])(grey(1, 2, [0, 200])) as ImageBatch;
    expect(Array.from(out.images)).toEqual([0, 50, 150, 200]);
  });

  it('downscaling averages every source pixel with a widened triangle (antialiased, not sampled)', () => {
    // 4 → 2: output 0 centre 1.0, support 2 → source 0..2 with weights .75, .75, .25 (÷ 1.75)
    const out = Resize([1, 2])(grey(1, 4, [0, 70, 140, 210])) as ImageBatch;
    expect(Array.from(out.images)).toEqual([
      Math.round((0.75 * 0 + 0.75 * 70 + 0.25 * 140) / 1.75),
      Math.round((0.25 * 70 + 0.75 * 140 + 0.75 * 210) / 1.75),
    ]);
    const taps = bilinearTaps(4, 2);
    expect(taps.map((t) => t.start)).toEqual([0, 1]);
    for (const t of taps) expect(t.weights.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
  });

  it('keeps a flat image flat, mirrors commute with it, and channels stay apart', () => {
    const flat = Resize(13)({
      kind: 'image-batch',
      images: new Uint8Array(2 * 8 * 8 * 3).fill(93),
      shape: [2, 8, 8, 3],
    }) as ImageBatch;
    expect(flat.images.every((v) => v === 93)).toBe(true);
    const b = ramp(1, 6, 9);
    const a = RandomHorizontalFlip(1)(Resize([4, 5])(b)) as ImageBatch;
    const c = Resize([4, 5])(RandomHorizontalFlip(1)(b)) as ImageBatch;
    expect(Array.from(a.images)).toEqual(Array.from(c.images));
    const red: ImageBatch = {
      kind: 'image-batch',
      images: new Uint8Array(4 * 4 * 3),
      shape: [1, 4, 4, 3],
    };
    for (let i = 0; i < 16; i++) red.images[i * 3] = 255;
    const up = Resize(9)(red) as ImageBatch;
    for (let i = 0; i < 81; i++)
      expect([up.images[i * 3], up.images[i * 3 + 1], up.images[i * 3 + 2]]).toEqual([255, 0, 0]);
  });

  it('refuses tensors and sizes that are not whole positive pixels', () => {
    expect(() => Resize(0)).toThrow(/positive whole number/);
    expect(() => Resize(2.5)).toThrow(/positive whole number/);
    const t = tf.zeros([1, 4, 4, 3]) as tf.Tensor4D;
    expect(() => Resize(2)(t)).toThrow(/before ToTensor/);
    t.dispose();
  });
});
