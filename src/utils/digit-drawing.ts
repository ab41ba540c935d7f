/**
 * A digit drawn on the drawing pad, turned into what an MNIST network takes: 28 × 28 floats in
 * [0, 1], ink 1 on a background of 0 (MNIST's white digit on black). Pure functions, shared by
 * the page (the pad's previews and what it sends) and the kernel (`drawingPad.toMnist` for
 * scripted strokes), so a cell and a mouse drawing go through the same pipeline.
 *
 * Two ways down to 28 × 28:
 * - `downsample`: each output pixel is the mean of its 10 × 10 block of the 280 × 280 pad; the
 *   digit stays where it was drawn (a "1" at the right edge stays at the edge);
 * - `centreLikeMnist`: as MNIST was made (LeCun et al.): the digit's bounding box is scaled,
 *   aspect kept, to fit a 20 × 20 box (grey levels from the area averaging), then placed in the
 *   28 × 28 field so its centre of mass sits at the centre.
 */

export const PAD_SIZE = 280;
export const MNIST_SIZE = 28;
/** MNIST's digits were size-normalised to fit this box inside the 28 × 28 field. */
export const MNIST_BOX = 20;
/** Brush diameter on the 280 pad: 2–3 pixels at 28 × 28, the stroke width of MNIST's digits. */
export const DEFAULT_BRUSH = 22;

export type Point = readonly [number, number];
export type Stroke = readonly Point[];

/** Ink below this counts as background when finding the drawn digit's bounding box. */
const INK_THRESHOLD = 0.05;

function distanceToSegment(px: number, py: number, a: Point, b: Point): number {
  const [ax, ay] = a;
  const [bx, by] = b;
  const dx = bx - ax;
  const dy = by - ay;
  const length2 = dx * dx + dy * dy;
  const t =
    length2 === 0 ? 0 : Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / length2));
  return Math.hypot(px - (ax + t * dx), py - (ay + t * dy));
}

/**
 * Strokes (lists of points in pad pixels) painted with a round brush of `brush` pixels on a
 * `size` × `size` square, with a one-pixel soft edge; row-major, 1 = ink.
 */
export function rasterizeStrokes(
  strokes: readonly Stroke[],
  options: { size?: number; brush?: number } = {},
): Float32Array {
  const size = options.size ?? PAD_SIZE;
  const radius = (options.brush ?? DEFAULT_BRUSH) / 2;
  const ink = new Float32Array(size * size);
  for (const stroke of strokes) {
    const first = stroke[0];
    if (!first) continue;
    // A single click is a dot: a segment of length 0.
    const segments: [Point, Point][] =
      stroke.length === 1 ? [[first, first]] : stroke.slice(1).map((p, i) => [stroke[i] ?? p, p]);
    for (const [a, b] of segments) {
      // Only the pixels near the segment can change: its box widened by the brush.
      const x0 = Math.max(0, Math.floor(Math.min(a[0], b[0]) - radius - 1));
      const x1 = Math.min(size - 1, Math.ceil(Math.max(a[0], b[0]) + radius + 1));
      const y0 = Math.max(0, Math.floor(Math.min(a[1], b[1]) - radius - 1));
      const y1 = Math.min(size - 1, Math.ceil(Math.max(a[1], b[1]) + radius + 1));
      for (let y = y0; y <= y1; y++) {
        for (let x = x0; x <= x1; x++) {
          const d = distanceToSegment(x + 0.5, y + 0.5, a, b);
          const cover = Math.max(0, Math.min(1, radius + 0.5 - d));
          const at = y * size + x;
          if (cover > (ink[at] ?? 0)) ink[at] = cover;
        }
      }
    }
  }
  return ink;
}

/** For each output index, the source pixels its interval [start, start + span) covers, weighted by overlap. */
function overlaps(start: number, span: number, count: number, limit: number): [number, number][][] {
  const out: [number, number][][] = [];
  for (let i = 0; i < count; i++) {
    const from = start + i * span;
    const to = Math.min(from + span, limit);
    const cells: [number, number][] = [];
    for (let s = Math.floor(from); s < to; s++) {
      const w = Math.min(to, s + 1) - Math.max(from, s);
      if (w > 0) cells.push([s, w]);
    }
    out.push(cells);
  }
  return out;
}

/**
 * Area-average resampling of the `box` of a `size`-wide square image into `outW` × `outH`
 * pixels, each covering `span` source pixels a side (fractional overlaps weighted).
 */
function resample(
  image: Float32Array,
  size: number,
  box: { x: number; y: number; right: number; bottom: number },
  outW: number,
  outH: number,
  span: number,
): Float32Array {
  const cols = overlaps(box.x, span, outW, box.right);
  const rows = overlaps(box.y, span, outH, box.bottom);
  const out = new Float32Array(outW * outH);
  const area = span * span;
  rows.forEach((rowCells, j) => {
    cols.forEach((colCells, i) => {
      let sum = 0;
      for (const [sy, wy] of rowCells)
        for (const [sx, wx] of colCells) sum += (image[sy * size + sx] ?? 0) * wy * wx;
      // The box's last row or column may be cut short: divide by the full area, as the
      // missing part is background.
      out[j * outW + i] = Math.min(1, sum / area);
    });
  });
  return out;
}

/** Each 28 × 28 pixel is the mean of its block of the pad: the digit stays where it was drawn. */
export function downsample(ink: Float32Array, size = PAD_SIZE, out = MNIST_SIZE): Float32Array {
  return resample(ink, size, { x: 0, y: 0, right: size, bottom: size }, out, out, size / out);
}

/** The smallest box holding every pixel with ink, or null for an empty image. */
export function inkBounds(
  image: Float32Array,
  size: number,
): { x: number; y: number; right: number; bottom: number } | null {
  let x = size;
  let y = size;
  let right = -1;
  let bottom = -1;
  for (let j = 0; j < size; j++) {
    for (let i = 0; i < size; i++) {
      if ((image[j * size + i] ?? 0) <= INK_THRESHOLD) continue;
      x = Math.min(x, i);
      y = Math.min(y, j);
      right = Math.max(right, i + 1);
      bottom = Math.max(bottom, j + 1);
    }
  }
  return right < 0 ? null : { x, y, right, bottom };
}

/** Centre of mass in pixel coordinates (a pixel's centre at i + 0.5), or null without ink. */
export function centreOfMass(
  image: Float32Array,
  width: number,
  height = width,
): { x: number; y: number } | null {
  let mass = 0;
  let sx = 0;
  let sy = 0;
  for (let j = 0; j < height; j++) {
    for (let i = 0; i < width; i++) {
      const v = image[j * width + i] ?? 0;
      mass += v;
      sx += v * (i + 0.5);
      sy += v * (j + 0.5);
    }
  }
  return mass > 0 ? { x: sx / mass, y: sy / mass } : null;
}

/**
 * MNIST's own preprocessing: the drawn digit's bounding box scaled (aspect kept) to fit a
 * 20 × 20 box, then shifted by whole pixels so its centre of mass is at the centre of the
 * 28 × 28 field. An empty pad gives an empty image.
 */
export function centreLikeMnist(
  ink: Float32Array,
  size = PAD_SIZE,
  options: { box?: number; out?: number } = {},
): Float32Array {
  const boxSize = options.box ?? MNIST_BOX;
  const outSize = options.out ?? MNIST_SIZE;
  const result = new Float32Array(outSize * outSize);
  const bounds = inkBounds(ink, size);
  if (!bounds) return result;
  const w = bounds.right - bounds.x;
  const h = bounds.bottom - bounds.y;
  const span = Math.max(w, h) / boxSize;
  const outW = Math.max(1, Math.min(boxSize, Math.round(w / span)));
  const outH = Math.max(1, Math.min(boxSize, Math.round(h / span)));
  const digit = resample(ink, size, bounds, outW, outH, span);
  const com = centreOfMass(digit, outW, outH);
  if (!com) return result;
  const dx = Math.round(outSize / 2 - com.x);
  const dy = Math.round(outSize / 2 - com.y);
  for (let j = 0; j < outH; j++) {
    for (let i = 0; i < outW; i++) {
      const x = i + dx;
      const y = j + dy;
      if (x < 0 || y < 0 || x >= outSize || y >= outSize) continue;
      result[y * outSize + x] = digit[j * outW + i] ?? 0;
    }
  }
  return result;
}

/** The 28 × 28 input for an MNIST network, centred like MNIST or left where it was drawn. */
export function toMnistPixels(ink: Float32Array, centre: boolean, size = PAD_SIZE): Float32Array {
  return centre ? centreLikeMnist(ink, size) : downsample(ink, size);
}
