import * as D from '@/data';
import { getFile, putFile } from '@/storage/data-files';
import { UserFacingError } from '@/utils/errors';
import { displayBundle } from '../../display';
import { requestUpload } from '../../uploads';
import { cacheKey, findDatasetFile } from '../dataset-source';
import { currentMutation } from '../mutations';
import type { ImageBatch } from '../transforms';

/**
 * `Image.open(…)`, PIL's call the book's image_loader makes: a picture decoded in the worker
 * into a uint8 batch of one (1 × h × w × 3), which `transforms.Resize`, `ToTensor` and
 * `Normalize` take as torchvision's take a PIL image. Chromium's JPEG decoder gives PIL's
 * pixels exactly for the book's four images (their sums and the resized bytes are checked
 * end to end); colour profiles are not applied, as PIL does not apply them.
 */

export interface OpenedImage extends ImageBatch {
  /** The file's name, and where it came from. */
  name: string;
  source: string;
}

const IMAGE_FILES = ['.jpg', '.jpeg', '.png', '.webp', '.gif', '.bmp'];

const bookImage = (name: string) =>
  D.STYLE_TRANSFER_IMAGES.files.find((f) => f.name.toLowerCase() === name.toLowerCase());

/** Decodes JPEG/PNG/WebP/GIF/BMP bytes into RGB bytes, as PIL's `convert('RGB')` (alpha dropped). */
export async function decodeImage(
  name: string,
  bytes: ArrayBuffer | Uint8Array,
): Promise<{ rgb: Uint8Array; width: number; height: number }> {
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(new Blob([bytes as BlobPart]), {
      colorSpaceConversion: 'none',
      premultiplyAlpha: 'none',
      // PIL's Image.open ignores a photo's EXIF rotation; so does the book's loader.
      imageOrientation: 'none' as ImageOrientation,
    });
  } catch (error) {
    throw new UserFacingError(
      `${name} could not be decoded as an image (${error instanceof Error ? error.message : String(error)}).`,
      'Choose a JPEG, PNG, WebP, GIF or BMP file.',
    );
  }
  const { width, height } = bitmap;
  const canvas = new OffscreenCanvas(width, height);
  const context = canvas.getContext('2d', { willReadFrequently: true });
  if (!context) throw new UserFacingError('This browser cannot draw images in a worker.');
  context.drawImage(bitmap, 0, 0);
  bitmap.close();
  const rgba = context.getImageData(0, 0, width, height).data;
  const rgb = new Uint8Array(width * height * 3);
  for (let p = 0, q = 0; p < rgba.length; p += 4, q += 3) {
    rgb[q] = rgba[p]!;
    rgb[q + 1] = rgba[p + 1]!;
    rgb[q + 2] = rgba[p + 2]!;
  }
  return { rgb, width, height };
}

async function keepCopy(file: D.DatasetFile, bytes: ArrayBuffer): Promise<void> {
  try {
    await putFile({
      name: cacheKey(D.STYLE_TRANSFER_IMAGES, file),
      bytes,
      size: bytes.byteLength,
      source: 'cache',
      datasetId: D.STYLE_TRANSFER_IMAGES.id,
      addedAt: Date.now(),
    });
  } catch (error) {
    // Not keeping a copy is no reason to fail: say so and go on.
    displayBundle({ 'text/plain': error instanceof Error ? error.message : String(error) });
  }
}

async function findBytes(
  source: string | undefined,
): Promise<{ name: string; bytes: ArrayBuffer; source: string }> {
  if (source === undefined) {
    const picked = await requestUpload({
      accept: IMAGE_FILES,
      prompt: 'Choose an image (JPEG, PNG, WebP)',
    });
    await putFile({
      name: picked.name,
      bytes: picked.bytes,
      size: picked.bytes.byteLength,
      source: 'upload',
      addedAt: Date.now(),
    }).catch(() => undefined);
    return { ...picked, source: 'uploaded' };
  }
  const name = source.split('/').pop() ?? source;
  const book = bookImage(name);
  if (book) {
    const found = await findDatasetFile(D.STYLE_TRANSFER_IMAGES, {
      file: book.name,
      accept: IMAGE_FILES,
    });
    if (!found.fromCache) await keepCopy(book, found.bytes);
    return { name: found.name, bytes: found.bytes, source: found.source };
  }
  const stored = await getFile(name).catch(() => undefined);
  if (stored)
    return {
      name,
      bytes: stored.bytes,
      source: stored.source === 'drop' ? 'dropped on the page' : 'uploaded',
    };
  const picked = await requestUpload({
    accept: IMAGE_FILES,
    prompt: `${name} is not one of the book's images (${D.STYLE_TRANSFER_IMAGES.files.map((f) => f.name).join(', ')}) nor a file kept in this browser. Choose it, or any image.`,
  });
  return { ...picked, source: 'uploaded' };
}

/**
 * The runner's zero-features mutation blanks the pictures, as it blanks CIFAR-10's: the
 * loaded image carries no content and no style, so the losses that depend on them collapse.
 */
function mutated(rgb: Uint8Array): Uint8Array {
  return currentMutation() === 'zero-features' ? new Uint8Array(rgb.length) : rgb;
}

export const Image = {
  /**
   * PIL's `Image.open`: one of the book's images by name ('dog.jpg', 'matisse.jpg',
   * 'landscape.jpg', 'monet.jpg': from this browser's cache, the project's data/ folder, the
   * book's repository once allowed, else an upload prompt naming it), a file uploaded or dropped
   * on the page before, or, with no name, any image the user picks.
   */
  async open(source?: string): Promise<OpenedImage> {
    const file = await findBytes(source);
    const { rgb, width, height } = await decodeImage(file.name, file.bytes);
    displayBundle({
      'text/plain': `${file.name}: ${width} × ${height} pixels (w × h), from ${file.source}.`,
    });
    return {
      kind: 'image-batch',
      images: mutated(rgb),
      shape: [1, height, width, 3],
      name: file.name,
      source: file.source,
    };
  },
};
