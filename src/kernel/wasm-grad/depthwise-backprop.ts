import * as tf from '@tensorflow/tfjs';
import { WasmGradUnsupportedError } from './errors';
import { asWasmBackend, shape4 } from './wasm-backend';

type KernelArgs = { inputs: tf.NamedTensorInfoMap; backend: unknown; attrs?: tf.NamedAttrMap };

/**
 * Depthwise convolutions do not mix channels, so there is no matrix product for XNNPACK to
 * speed up: these are direct loops over the WASM heap with the channel innermost, so that every
 * read is contiguous. Output pixel (y, x) reads input (y·s − pad + kh·d, x·s − pad + kw·d).
 */
function geometry(
  kernel: string,
  xShape: [number, number, number, number],
  filterShape: [number, number, number, number],
  attrs: tf.DepthwiseConv2dNativeBackpropFilterAttrs | tf.DepthwiseConv2dNativeBackpropInputAttrs,
  dy: tf.TensorInfo,
) {
  if (dy.dtype !== 'float32') throw new WasmGradUnsupportedError(kernel, `dtype ${dy.dtype}`);
  const info = tf.backend_util.computeConv2DInfo(
    xShape,
    filterShape,
    attrs.strides,
    attrs.dilations,
    attrs.pad,
    attrs.dimRoundingMode,
    true,
    'channelsLast',
  );
  const [, oh, ow, oc] = shape4(dy, kernel);
  if (info.outHeight !== oh || info.outWidth !== ow || info.outChannels !== oc) {
    throw new Error(
      `${kernel}: dy [${dy.shape}] does not match the forward output [${info.outShape}]`,
    );
  }
  return info;
}

function depthwiseBackpropFilter(args: KernelArgs): tf.TensorInfo {
  const name = tf.DepthwiseConv2dNativeBackpropFilter;
  const backend = asWasmBackend(args.backend, name);
  const { x, dy } = args.inputs as unknown as tf.DepthwiseConv2dNativeBackpropFilterInputs;
  const attrs = args.attrs as unknown as tf.DepthwiseConv2dNativeBackpropFilterAttrs;
  if (x === undefined || dy === undefined) throw new Error(`${name} needs inputs x and dy`);
  if (x.dtype !== 'float32') throw new WasmGradUnsupportedError(name, `dtype ${x.dtype}`);
  const info = geometry(name, shape4(x, name), attrs.filterShape, attrs, dy);
  const { batchSize, inHeight: h, inWidth: w, inChannels: c, outHeight: oh, outWidth: ow } = info;
  const [kh, kw, , m] = attrs.filterShape;
  const { strideHeight: sh, strideWidth: sw, dilationHeight: dh, dilationWidth: dw } = info;
  const { top, left } = info.padInfo;
  const oc = c * m;

  const out = backend.makeOutput(attrs.filterShape, 'float32');
  const xs = backend.typedArrayFromHeap(x);
  const gs = backend.typedArrayFromHeap(dy);
  const acc = new Float64Array(kh * kw * oc);
  for (let b = 0; b < batchSize; b++) {
    for (let y = 0; y < oh; y++) {
      for (let xo = 0; xo < ow; xo++) {
        const g0 = ((b * oh + y) * ow + xo) * oc;
        for (let i = 0; i < kh; i++) {
          const r = y * sh - top + i * dh;
          if (r < 0 || r >= h) continue;
          for (let j = 0; j < kw; j++) {
            const col = xo * sw - left + j * dw;
            if (col < 0 || col >= w) continue;
            const x0 = ((b * h + r) * w + col) * c;
            const a0 = (i * kw + j) * oc;
            for (let ch = 0; ch < c; ch++) {
              const xv = xs[x0 + ch] as number;
              for (let q = 0; q < m; q++) {
                const o = ch * m + q;
                acc[a0 + o] = (acc[a0 + o] as number) + xv * (gs[g0 + o] as number);
              }
            }
          }
        }
      }
    }
  }
  backend.typedArrayFromHeap(out).set(acc);
  return out;
}

function depthwiseBackpropInput(args: KernelArgs): tf.TensorInfo {
  const name = tf.DepthwiseConv2dNativeBackpropInput;
  const backend = asWasmBackend(args.backend, name);
  const { dy, filter } = args.inputs as unknown as tf.DepthwiseConv2dNativeBackpropInputInputs;
  const attrs = args.attrs as unknown as tf.DepthwiseConv2dNativeBackpropInputAttrs;
  if (dy === undefined || filter === undefined) throw new Error(`${name} needs dy and filter`);
  if (filter.dtype !== 'float32') throw new WasmGradUnsupportedError(name, `dtype ${filter.dtype}`);
  const filterShape = shape4(filter, name);
  const info = geometry(name, attrs.inputShape, filterShape, attrs, dy);
  const { batchSize, inHeight: h, inWidth: w, inChannels: c, outHeight: oh, outWidth: ow } = info;
  const [kh, kw, , m] = filterShape;
  const { strideHeight: sh, strideWidth: sw, dilationHeight: dh, dilationWidth: dw } = info;
  const { top, left } = info.padInfo;
  const oc = c * m;

  const out = backend.makeOutput(attrs.inputShape, 'float32');
  const gs = backend.typedArrayFromHeap(dy);
  const fs = backend.typedArrayFromHeap(filter);
  const dx = backend.typedArrayFromHeap(out);
  dx.fill(0);
  for (let b = 0; b < batchSize; b++) {
    for (let y = 0; y < oh; y++) {
      for (let xo = 0; xo < ow; xo++) {
        const g0 = ((b * oh + y) * ow + xo) * oc;
        for (let i = 0; i < kh; i++) {
          const r = y * sh - top + i * dh;
          if (r < 0 || r >= h) continue;
          for (let j = 0; j < kw; j++) {
            const col = xo * sw - left + j * dw;
            if (col < 0 || col >= w) continue;
            const x0 = ((b * h + r) * w + col) * c;
            const f0 = (i * kw + j) * oc;
            for (let ch = 0; ch < c; ch++) {
              let s = 0;
              for (let q = 0; q < m; q++) {
                const o = ch * m + q;
                s += (gs[g0 + o] as number) * (fs[f0 + o] as number);
              }
              dx[x0 + ch] = (dx[x0 + ch] as number) + s;
            }
          }
        }
      }
    }
  }
  return out;
}

export const depthwiseBackpropFilterConfig: tf.KernelConfig = {
  kernelName: tf.DepthwiseConv2dNativeBackpropFilter,
  backendName: 'wasm',
  kernelFunc: depthwiseBackpropFilter as tf.KernelFunc,
};

export const depthwiseBackpropInputConfig: tf.KernelConfig = {
  kernelName: tf.DepthwiseConv2dNativeBackpropInput,
  backendName: 'wasm',
  kernelFunc: depthwiseBackpropInput as tf.KernelFunc,
};
