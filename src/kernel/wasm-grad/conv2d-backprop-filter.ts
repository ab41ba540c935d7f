import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { simdKernels } from '../wasm-simd/instance';
import { WasmGradUnsupportedError } from './errors';
import { asWasmBackend, release, runWasmKernel, shape4 } from './wasm-backend';

const NAME = tf.Conv2DBackpropFilter;

/**
 * dW[kh, kw, ci, co] = Σ_{b, y, x} xpad[b, y·sh + kh, x·sw + kw, ci] · dy[b, y, x, co].
 *
 * Our SIMD kernel (kernels.c) computes it straight from x and dy where they lie, up to 5× faster
 * than the route below, which stays for where the kernel cannot run. Read with ci as the batch,
 * b as the channel and dy as the filter, that sum is a forward convolution of x transposed to
 * [ci, H, W, b] with dy transposed to [oh, ow, b, co], stride 1,
 * dilation = the original stride. The forward Conv2D is XNNPACK's, far faster than any loop we
 * could write in JS, so the kernel is two transposes, one convolution, a slice and a transpose.
 */
function conv2DBackpropFilter(args: {
  inputs: tf.NamedTensorInfoMap;
  backend: unknown;
  attrs?: tf.NamedAttrMap;
}): tf.TensorInfo {
  const backend = asWasmBackend(args.backend, NAME);
  const { x, dy } = args.inputs as unknown as tf.Conv2DBackpropFilterInputs;
  const attrs = args.attrs as unknown as tf.Conv2DBackpropFilterAttrs;
  if (x === undefined || dy === undefined) throw new Error(`${NAME} needs inputs x and dy`);
  if (attrs.dataFormat === 'NCHW') {
    // The WASM forward Conv2D rejects NCHW too, so no model on WASM can get here that way.
    throw new WasmGradUnsupportedError(NAME, "dataFormat 'NCHW'");
  }
  if (x.dtype !== 'float32' || dy.dtype !== 'float32') {
    throw new WasmGradUnsupportedError(NAME, `dtype ${x.dtype}/${dy.dtype} (only float32)`);
  }
  const xShape = shape4(x, NAME);
  const [, oh, ow, co] = shape4(dy, NAME);
  const [kh, kw, ci] = attrs.filterShape;
  const info = tf.backend_util.computeConv2DInfo(
    xShape,
    attrs.filterShape,
    attrs.strides,
    1,
    attrs.pad,
    attrs.dimRoundingMode,
    false,
    'channelsLast',
  );
  if (info.outHeight !== oh || info.outWidth !== ow || info.outChannels !== co) {
    throw new Error(
      `${NAME}: dy has shape [${dy.shape}] but x [${x.shape}] with filter [${attrs.filterShape}] gives [${info.outShape}]`,
    );
  }
  const [batch, h, w] = xShape;
  const { top, left } = info.padInfo;
  const direct = directFilterGradient(
    backend,
    x,
    dy,
    [batch, h, w, ci, oh, ow, co, kh, kw],
    [info.strideHeight, info.strideWidth, top, left],
  );
  if (direct !== undefined) return direct;
  // Only as much bottom/right padding as the last tap reaches; rows the original padding added
  // beyond that meet no dy and would only widen the output we slice away.
  const bottom = Math.max(0, kh + (oh - 1) * info.strideHeight - h - top);
  const right = Math.max(0, kw + (ow - 1) * info.strideWidth - w - left);

  const xT = runWasmKernel(backend, tf.Transpose, { x }, { perm: [3, 1, 2, 0] });
  const dyT = runWasmKernel(backend, tf.Transpose, { x: dy }, { perm: [1, 2, 0, 3] });
  const conv = runWasmKernel(
    backend,
    tf.Conv2D,
    { x: xT, filter: dyT },
    {
      strides: 1,
      pad: [
        [0, 0],
        [top, bottom],
        [left, right],
        [0, 0],
      ],
      dataFormat: 'NHWC',
      dilations: [info.strideHeight, info.strideWidth],
    },
  );
  release(backend, xT, dyT);
  let taps = conv;
  if (conv.shape[1] !== kh || conv.shape[2] !== kw) {
    taps = runWasmKernel(
      backend,
      tf.Slice,
      { x: conv },
      { begin: [0, 0, 0, 0], size: [ci, kh, kw, co] },
    );
    release(backend, conv);
  }
  const dW = runWasmKernel(backend, tf.Transpose, { x: taps }, { perm: [1, 2, 0, 3] });
  release(backend, taps);
  return dW;
}

/** kernels.c's tiles read up to 3 floats past the last pixel of x and of dy. */
const OVERREAD_BYTES = 16;

function directFilterGradient(
  backend: BackendWasm,
  x: tf.TensorInfo,
  dy: tf.TensorInfo,
  sizes: [number, number, number, number, number, number, number, number, number],
  [sh, sw, top, left]: [number, number, number, number],
): tf.TensorInfo | undefined {
  const simd = simdKernels(backend);
  if (simd === undefined) return undefined;
  if (!simd.readableBeyond(x, OVERREAD_BYTES) || !simd.readableBeyond(dy, OVERREAD_BYTES)) {
    return undefined;
  }
  const [, , , ci, , , co, kh, kw] = sizes;
  const dW = backend.makeOutput([kh, kw, ci, co], 'float32');
  const acc = simd.scratch(kh * kw * (Math.ceil(ci / 4) * 4) * (Math.ceil(co / 8) * 8));
  const p = simd.pointer;
  simd.fn.conv2d_backprop_filter(p(x), p(dy), p(acc), p(dW), ...sizes, sh, sw, top, left);
  release(backend, acc);
  return dW;
}

export const conv2DBackpropFilterConfig: tf.KernelConfig = {
  kernelName: NAME,
  backendName: 'wasm',
  kernelFunc: conv2DBackpropFilter as tf.KernelFunc,
};
