import type * as tf from '@tensorflow/tfjs';
import type { TensorView } from '@/protocol';

/** What `tensor.print()` shows, as data the page can render. */
export function tensorView(tensor: tf.Tensor): TensorView {
  // toString() formats exactly like print(), eliding the middle of large tensors.
  const text = tensor.toString().replace(/^Tensor\n?/, '');
  return { shape: [...tensor.shape], dtype: tensor.dtype, text: text.trim(), size: tensor.size };
}
