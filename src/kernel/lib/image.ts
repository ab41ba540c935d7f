import * as tf from '@tensorflow/tfjs';
import { UserFacingError } from '@/utils/errors';

function toBase64(bytes: Uint8Array): string {
  let binary = '';
  const chunk = 0x8000;
  for (let i = 0; i < bytes.length; i += chunk) {
    binary += String.fromCharCode(...bytes.subarray(i, i + chunk));
  }
  return btoa(binary);
}

/**
 * Encodes an image tensor as PNG: [h, w], [h, w, 1|3|4], or [1, h, w, c]. Floats are read as
 * 0…1 (values outside are clipped), integers as 0…255, as tf.browser.toPixels does.
 */
export async function tensorToPng(image: tf.Tensor): Promise<string> {
  const squeezed = tf.tidy(() => {
    let t = image.rank === 4 && image.shape[0] === 1 ? image.squeeze([0]) : image;
    if (t.rank === 2) t = t.expandDims(-1);
    if (t.rank !== 3 || ![1, 3, 4].includes(t.shape[2] ?? 0)) {
      throw new UserFacingError(
        `image() needs a tensor of shape [h, w], [h, w, c] or [1, h, w, c] with c = 1, 3 or 4; got [${image.shape.join(', ')}].`,
      );
    }
    return t.dtype === 'float32' ? t.clipByValue(0, 1) : t.clipByValue(0, 255).toInt();
  }) as tf.Tensor3D;
  try {
    const [height, width] = squeezed.shape;
    const pixels = await tf.browser.toPixels(squeezed);
    const canvas = new OffscreenCanvas(width, height);
    const context = canvas.getContext('2d');
    if (!context) throw new UserFacingError('This browser cannot draw images in a worker.');
    context.putImageData(new ImageData(Uint8ClampedArray.from(pixels), width, height), 0, 0);
    const blob = await canvas.convertToBlob({ type: 'image/png' });
    return toBase64(new Uint8Array(await blob.arrayBuffer()));
  } finally {
    squeezed.dispose();
  }
}
