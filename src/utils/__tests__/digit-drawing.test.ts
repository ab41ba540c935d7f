import { describe, expect, it } from 'vitest';
import {
  centreLikeMnist,
  centreOfMass,
  downsample,
  inkBounds,
  MNIST_SIZE,
  PAD_SIZE,
  rasterizeStrokes,
  toMnistPixels,
} from '../digit-drawing';

/** A "1": one vertical stroke at x, from y 40 to 240 on the 280 pad. */
const one = (x: number) =>
  rasterizeStrokes([
    [
      [x, 40],
      [x, 240],
    ],
  ]);

function columnsWithInk(image: Float32Array, size: number): number[] {
  const cols = new Set<number>();
  image.forEach((v, i) => {
    if (v > 0.05) cols.add(i % size);
  });
  return [...cols].sort((a, b) => a - b);
}

describe('rasterizeStrokes', () => {
  it('paints a round brush of the given width along the stroke, with a soft edge', () => {
    const ink = rasterizeStrokes(
      [
        [
          [100, 100],
          [180, 100],
        ],
      ],
      { brush: 20 },
    );
    expect(ink).toHaveLength(PAD_SIZE * PAD_SIZE);
    expect(ink[100 * PAD_SIZE + 140]).toBe(1); // on the line
    expect(ink[100 * PAD_SIZE + 60]).toBe(0); // before its start, past the brush
    expect(ink[125 * PAD_SIZE + 140]).toBe(0); // 25 px away, brush radius 10
    expect(inkBounds(ink, PAD_SIZE)).toEqual({ x: 90, y: 90, right: 190, bottom: 110 });
  });

  it('draws a single click as a dot and ignores empty strokes', () => {
    const ink = rasterizeStrokes([[[50, 50]], []], { brush: 10 });
    expect(ink[50 * PAD_SIZE + 50]).toBe(1);
    expect(inkBounds(ink, PAD_SIZE)).toEqual({ x: 45, y: 45, right: 55, bottom: 55 });
  });
});

describe('downsample (no centring)', () => {
  it('averages each 10 × 10 block, so a full pad stays full and the total ink is kept', () => {
    const full = new Float32Array(PAD_SIZE * PAD_SIZE).fill(1);
    expect(downsample(full).every((v) => Math.abs(v - 1) < 1e-6)).toBe(true);
    const ink = one(140);
    const small = downsample(ink);
    const sum = (a: Float32Array) => a.reduce((s, v) => s + v, 0);
    expect(sum(small)).toBeCloseTo(sum(ink) / 100, 3);
  });

  it('keeps a "1" drawn at the right edge at the right edge', () => {
    const cols = columnsWithInk(downsample(one(265)), MNIST_SIZE);
    expect(Math.min(...cols)).toBeGreaterThanOrEqual(25);
  });
});

describe('centreLikeMnist', () => {
  it('moves an edge "1" to the centre: centre of mass at (14, 14) within half a pixel', () => {
    const centred = centreLikeMnist(one(265));
    const com = centreOfMass(centred, MNIST_SIZE);
    expect(com).not.toBeNull();
    expect(Math.abs(com!.x - 14)).toBeLessThanOrEqual(0.5);
    expect(Math.abs(com!.y - 14)).toBeLessThanOrEqual(0.5);
    expect(columnsWithInk(centred, MNIST_SIZE).every((c) => c >= 12 && c <= 15)).toBe(true);
  });

  it('fits the digit in a 20 × 20 box, aspect kept', () => {
    // A wide, short "7"-like shape: 200 px wide, about 120 tall.
    const ink = rasterizeStrokes([
      [
        [40, 60],
        [240, 60],
        [140, 160],
      ],
    ]);
    const box = inkBounds(centreLikeMnist(ink), MNIST_SIZE)!;
    expect(box.right - box.x).toBe(20);
    expect(box.bottom - box.y).toBeLessThan(20);
    expect(box.bottom - box.y).toBeGreaterThanOrEqual(11);
  });

  it('gives the same image wherever on the pad the digit was drawn (up to whole-pixel shifts)', () => {
    const left = centreLikeMnist(one(40));
    const right = centreLikeMnist(one(260));
    expect(Array.from(left)).toEqual(Array.from(right));
  });

  it('keeps values in [0, 1] and an empty pad empty', () => {
    const centred = centreLikeMnist(one(100));
    expect(Math.max(...centred)).toBeLessThanOrEqual(1);
    expect(Math.min(...centred)).toBeGreaterThanOrEqual(0);
    const empty = toMnistPixels(new Float32Array(PAD_SIZE * PAD_SIZE), true);
    expect(empty.every((v) => v === 0)).toBe(true);
    expect(centreOfMass(empty, MNIST_SIZE)).toBeNull();
  });
});
