import * as tf from '@tensorflow/tfjs';
import { dilateSpatially } from './dilate';
import { asWasmBackend, release, runWasmKernel, shape4 } from './wasm-backend';

const NAME = tf.Conv2DBackpropInput;

/**
 * dx = a forward convolution of dy, dilated by the stride (zeros between its pixels), with the
 * filter turned 180° and its in/out channels swapped: XNNPACK instead of tfjs-backend-wasm's
 * own scalar loop, which took most of a CNN step's time in our profile.
 *
 * Returns undefined where this route does not apply (NCHW; explicit padding wider than the
 * filter, which would need a negative padding here), so the caller falls back to tfjs's kernel.
 */
export function conv2DBackpropInputFast(args: {
  inputs: tf.NamedTensorInfoMap;
  backend: unknown;
  attrs?: tf.NamedAttrMap;
}): tf.TensorInfo | undefined {
  const { dy, filter } = args.inputs as unknown as tf.Conv2DBackpropInputInputs;
  const attrs = args.attrs as unknown as tf.Conv2DBackpropInputAttrs;
  if (dy === undefined || filter === undefined || attrs.dataFormat === 'NCHW') return undefined;
  if (dy.dtype !== 'float32' || filter.dtype !== 'float32') return undefined;
  const backend = asWasmBackend(args.backend, NAME);
  const [kh, kw] = shape4(filter, NAME);
  const info = tf.backend_util.computeConv2DInfo(
    attrs.inputShape,
    shape4(filter, NAME),
    attrs.strides,
    1,
    attrs.pad,
    attrs.dimRoundingMode,
    false,
    'channelsLast',
  );
  const [, oh, ow] = shape4(dy, NAME);
  const { inHeight: h, inWidth: w, strideHeight: sh, strideWidth: sw } = info;
  const dilatedH = (oh - 1) * sh + 1;
  const dilatedW = (ow - 1) * sw + 1;
  const top = kh - 1 - info.padInfo.top;
  const left = kw - 1 - info.padInfo.left;
  const bottom = h + info.padInfo.top - dilatedH;
  const right = w + info.padInfo.left - dilatedW;
  if (Math.min(top, left, bottom, right) < 0) return undefined;

  const dyDilated = sh === 1 && sw === 1 ? undefined : dilateSpatially(backend, dy, sh, sw);
  const reversed = runWasmKernel(backend, tf.Reverse, { x: filter }, { dims: [0, 1] });
  const flipped = runWasmKernel(backend, tf.Transpose, { x: reversed }, { perm: [0, 1, 3, 2] });
  release(backend, reversed);
  const dx = runWasmKernel(
    backend,
    tf.Conv2D,
    { x: dyDilated ?? dy, filter: flipped },
    {
      strides: 1,
      pad: [
        [0, 0],
        [top, bottom],
        [left, right],
        [0, 0],
      ],
      dataFormat: 'NHWC',
      dilations: 1,
    },
  );
  release(backend, flipped);
  if (dyDilated) release(backend, dyDilated);
  return dx;
}
