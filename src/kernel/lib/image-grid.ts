import { UserFacingError } from '@/utils/errors';
import { displayBundle } from '../display';
import { type ImageBatch, isImageBatch } from './transforms';

export interface ImageGridOptions {
  /** Class names, indexed by the batch's labels: each tile gets its name under it. */
  classes?: readonly string[];
  columns?: number;
  /** Pixels per image pixel (32 × 32 images are tiny at 1). */
  scale?: number;
  caption?: string;
}

const LABEL_HEIGHT = 16;
const GAP = 4;

function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000)
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/** Where tile i goes: pure, so the layout is the same in every browser. */
export function tileOrigin(i: number, columns: number, tileWidth: number, tileHeight: number) {
  return {
    x: GAP + (i % columns) * (tileWidth + GAP),
    y: GAP + Math.floor(i / columns) * (tileHeight + GAP),
  };
}

/**
 * Draws a batch of uint8 images as one picture, each with its class name under it (the book's
 * grid of CIFAR-10 samples), and shows it as a PNG in the cell's output.
 */
export async function imageGrid(batch: ImageBatch, options: ImageGridOptions = {}): Promise<void> {
  if (!isImageBatch(batch))
    throw new UserFacingError(
      'imageGrid() takes a uint8 image batch (transforms.batch(split, 0, 16), before ToTensor).',
    );
  const [n, h, w, c] = batch.shape;
  if (c !== 3 && c !== 1) throw new UserFacingError(`imageGrid() needs 1 or 3 channels, got ${c}.`);
  const scale = options.scale ?? 3;
  const columns = Math.max(1, Math.min(options.columns ?? 8, n));
  const rows = Math.ceil(n / columns);
  const labelled = Boolean(options.classes && batch.labels);
  const tileW = w * scale;
  const tileH = h * scale + (labelled ? LABEL_HEIGHT : 0);
  const canvas = new OffscreenCanvas(GAP + columns * (tileW + GAP), GAP + rows * (tileH + GAP));
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new UserFacingError('This browser cannot draw images in a worker.');
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  ctx.imageSmoothingEnabled = false;
  const tile = new OffscreenCanvas(w, h);
  const tileCtx = tile.getContext('2d');
  if (!tileCtx) throw new UserFacingError('This browser cannot draw images in a worker.');
  const rgba = new Uint8ClampedArray(w * h * 4);
  for (let i = 0; i < n; i++) {
    for (let p = 0; p < w * h; p++) {
      const src = (i * w * h + p) * c;
      rgba[4 * p] = batch.images[src]!;
      rgba[4 * p + 1] = batch.images[src + (c === 3 ? 1 : 0)]!;
      rgba[4 * p + 2] = batch.images[src + (c === 3 ? 2 : 0)]!;
      rgba[4 * p + 3] = 255;
    }
    tileCtx.putImageData(new ImageData(rgba, w, h), 0, 0);
    const { x, y } = tileOrigin(i, columns, tileW, tileH);
    ctx.drawImage(tile, x, y, tileW, h * scale);
    if (labelled) {
      ctx.fillStyle = '#111111';
      ctx.font = '12px sans-serif';
      ctx.textAlign = 'center';
      ctx.fillText(
        options.classes?.[batch.labels![i]!] ?? '?',
        x + tileW / 2,
        y + h * scale + 12,
        tileW,
      );
    }
  }
  const blob = await canvas.convertToBlob({ type: 'image/png' });
  const names =
    labelled && batch.labels
      ? `: ${Array.from(batch.labels, (l) => options.classes?.[l] ?? l).join(', ')}`
      : '';
  displayBundle({
    'image/png': toBase64(new Uint8Array(await blob.arrayBuffer())),
    'text/plain': `${options.caption ? `${options.caption} — ` : ''}${n} images${names}`,
  });
}
