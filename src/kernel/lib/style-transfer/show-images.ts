import * as tf from '@tensorflow/tfjs';
import { UserFacingError } from '@/utils/errors';
import { displayBundle } from '../../display';
import { post } from '../../post';
import { type ImageBatch, isImageBatch } from '../transforms';

/**
 * Pictures side by side with a title over each: matplotlib's `plt.title(...); plt.imshow(...)`
 * and the book's 1 × 3 subplot of content, target and style, as one PNG in the cell. A PNG of
 * an image can also be downloaded.
 */

export type Picture = tf.Tensor | ImageBatch;

export interface Panel {
  title?: string;
  image: Picture;
}

export interface ShowOptions {
  caption?: string;
  /** Update this output in place instead of adding one (a display id of your choosing). */
  displayId?: string;
}

const TITLE_HEIGHT = 22;
const GAP = 8;

function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000)
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/**
 * RGBA bytes of a picture: a float tensor is read as 0…1 and clipped (torchvision's ToPILImage
 * would wrap values outside around instead), an int tensor or a uint8 batch as 0…255.
 */
async function rgbaOf(picture: Picture): Promise<ImageData> {
  if (isImageBatch(picture)) {
    const [n, h, w, c] = picture.shape;
    if (n !== 1 || (c !== 3 && c !== 1))
      throw new UserFacingError(
        `showImages() takes one image; got a batch of ${n} × ${c} channels.`,
      );
    const rgba = new Uint8ClampedArray(w * h * 4);
    for (let p = 0; p < w * h; p++) {
      for (let k = 0; k < 3; k++) rgba[4 * p + k] = picture.images[p * c + (c === 3 ? k : 0)]!;
      rgba[4 * p + 3] = 255;
    }
    return new ImageData(rgba, w, h);
  }
  const squeezed = tf.tidy(() => {
    let t = picture.rank === 4 && picture.shape[0] === 1 ? picture.squeeze([0]) : picture;
    if (t.rank === 2) t = t.expandDims(-1);
    if (t.rank !== 3 || ![1, 3].includes(t.shape[2] ?? 0))
      throw new UserFacingError(
        `showImages() needs [h, w], [h, w, c] or [1, h, w, c] with c = 1 or 3; got [${picture.shape.join(', ')}].`,
      );
    return t.dtype === 'float32' ? t.clipByValue(0, 1) : t.clipByValue(0, 255).toInt();
  }) as tf.Tensor3D;
  try {
    const [h, w] = squeezed.shape;
    return new ImageData(Uint8ClampedArray.from(await tf.browser.toPixels(squeezed)), w, h);
  } finally {
    squeezed.dispose();
  }
}

function context(canvas: OffscreenCanvas): OffscreenCanvasRenderingContext2D {
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new UserFacingError('This browser cannot draw images in a worker.');
  return ctx;
}

async function pngOf(canvas: OffscreenCanvas): Promise<Uint8Array> {
  return new Uint8Array(await (await canvas.convertToBlob({ type: 'image/png' })).arrayBuffer());
}

/** Draws the panels in a row, each at its own size, titles above, and shows the PNG. */
export async function showImages(
  panels: readonly Panel[] | Panel,
  options: ShowOptions = {},
): Promise<void> {
  const list = Array.isArray(panels) ? panels : [panels as Panel];
  if (list.length === 0) throw new UserFacingError('showImages() needs at least one image.');
  const pictures = await Promise.all(list.map((p) => rgbaOf(p.image)));
  const titled = list.some((p) => p.title);
  const top = titled ? TITLE_HEIGHT : 0;
  const FONT = '14px sans-serif';
  // A slot is as wide as its picture or its title, whichever is wider, so a small picture's
  // title is not squeezed; the picture is centred in its slot.
  const measure = new OffscreenCanvas(1, 1).getContext('2d');
  if (measure) measure.font = FONT;
  const slots = pictures.map((p, i) => {
    const title = list[i]?.title;
    const textWidth = title && measure ? Math.ceil(measure.measureText(title).width) + 8 : 0;
    return Math.max(p.width, textWidth);
  });
  const width = slots.reduce((n, w) => n + w, 0) + GAP * (pictures.length - 1);
  const height = top + Math.max(...pictures.map((p) => p.height));
  const canvas = new OffscreenCanvas(width, height);
  const ctx = context(canvas);
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, width, height);
  let x = 0;
  for (const [i, picture] of pictures.entries()) {
    const slot = slots[i]!;
    ctx.putImageData(picture, x + Math.floor((slot - picture.width) / 2), top);
    const title = list[i]?.title;
    if (title) {
      ctx.fillStyle = '#111111';
      ctx.font = FONT;
      ctx.textAlign = 'center';
      ctx.fillText(title, x + slot / 2, 16, slot);
    }
    x += slot + GAP;
  }
  const names = list.map(
    (p, i) => `${p.title ?? `image ${i + 1}`} ${pictures[i]!.height}×${pictures[i]!.width}`,
  );
  displayBundle(
    {
      'image/png': toBase64(await pngOf(canvas)),
      'text/plain': `${options.caption ? `${options.caption}: ` : ''}${names.join(' | ')}`,
    },
    options.displayId,
  );
}

/** The picture as a PNG file the browser downloads (the page saves it under `fileName`). */
export async function downloadImage(picture: Picture, fileName = 'image.png'): Promise<void> {
  const rgba = await rgbaOf(picture);
  const canvas = new OffscreenCanvas(rgba.width, rgba.height);
  context(canvas).putImageData(rgba, 0, 0);
  const png = await pngOf(canvas);
  const bytes = png.buffer.slice(png.byteOffset, png.byteOffset + png.byteLength) as ArrayBuffer;
  const name = /\.png$/i.test(fileName) ? fileName : `${fileName}.png`;
  post({ type: 'download', fileName: name, mime: 'image/png', bytes }, [bytes]);
  displayBundle({
    'text/plain': `Downloading ${name}: ${rgba.width} × ${rgba.height} pixels, ${png.byteLength.toLocaleString('en-US')} bytes.`,
  });
}
