import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { WasmGradUnsupportedError } from '../errors';
import {
  expectClose,
  expectSameOnBoth,
  int,
  on,
  pick,
  rng,
  setUpBackends,
  values,
  withSimdKernels,
} from './compare';

type Pad = 'same' | 'valid' | number | tf.backend_util.ExplicitPadding;

const run = (name: string, inputs: tf.NamedTensorMap, attrs: tf.NamedAttrMap) =>
  tf.engine().runKernel(name, inputs, attrs) as tf.Tensor;

/** A random convolution geometry whose output is at least 1×1. */
function geometry(r: () => number, depthwise: boolean, dilate = false, wide = false) {
  for (;;) {
    const kh = int(r, 1, 4);
    const kw = int(r, 1, 4);
    // tfjs allows dilations only with stride 1.
    const s: [number, number] = dilate ? [1, 1] : [int(r, 1, 3), int(r, 1, 3)];
    const d: [number, number] = dilate ? [int(r, 1, 3), int(r, 2, 3)] : [1, 1];
    const pad: Pad = pick<Pad>(r, [
      'same',
      'valid',
      int(r, 0, 2),
      [
        [0, 0],
        [int(r, 0, 2), int(r, 0, 2)],
        [int(r, 0, 2), int(r, 0, 2)],
        [0, 0],
      ],
    ]);
    const xShape: [number, number, number, number] = [
      int(r, 1, 3),
      int(r, 4, 11),
      int(r, 4, 11),
      wide ? int(r, 1, 13) : int(r, 1, 5),
    ];
    const m = depthwise ? int(r, 1, 3) : wide ? int(r, 1, 21) : int(r, 1, 6);
    const filterShape: [number, number, number, number] = [kh, kw, xShape[3], m];
    try {
      const info = tf.backend_util.computeConv2DInfo(
        xShape,
        filterShape,
        s,
        d,
        pad,
        undefined,
        depthwise,
      );
      if (info.outHeight > 0 && info.outWidth > 0) return { xShape, filterShape, s, d, pad, info };
    } catch {
      // padding wider than allowed for this shape: draw again
    }
  }
}

beforeAll(setUpBackends);

describe('gradient kernels added to WASM', () => {
  // Our SIMD kernel (kernels.c) where it loads, XNNPACK's route where it does not: both must
  // hold, and the wide channel counts cross the kernel's 4 × 8 register tiles and their tails.
  it.each([
    ['our SIMD kernel', true],
    ['the XNNPACK route', false],
  ])(
    'Conv2DBackpropFilter by %s matches the CPU backend over random shapes, strides, paddings and channel counts',
    (_, simd) =>
      withSimdKernels(simd, async () => {
        const r = rng(1);
        for (let c = 0; c < 60; c++) {
          const g = geometry(r, false, false, c >= 40);
          const x = values(r, g.xShape);
          const dy = values(r, g.info.outShape);
          await expectSameOnBoth(
            () =>
              run(
                tf.Conv2DBackpropFilter,
                { x: tf.tensor4d(x, g.xShape), dy: tf.tensor4d(dy, g.info.outShape) },
                { strides: g.s, pad: g.pad, dataFormat: 'NHWC', filterShape: g.filterShape },
              ),
            `dW case ${c} ${JSON.stringify(g.xShape)} f${g.filterShape} s${g.s} pad ${JSON.stringify(g.pad)}`,
          );
        }
      }),
  );

  it('Conv2DBackpropInput matches the CPU backend over random shapes, strides and paddings', async () => {
    const r = rng(2);
    for (let c = 0; c < 40; c++) {
      const g = geometry(r, false);
      const w = values(r, g.filterShape);
      const dy = values(r, g.info.outShape);
      await expectSameOnBoth(
        () =>
          run(
            tf.Conv2DBackpropInput,
            { dy: tf.tensor4d(dy, g.info.outShape), filter: tf.tensor4d(w, g.filterShape) },
            { strides: g.s, pad: g.pad, dataFormat: 'NHWC', inputShape: g.xShape },
          ),
        `dx case ${c} ${JSON.stringify(g.xShape)} f${g.filterShape} s${g.s} pad ${JSON.stringify(g.pad)}`,
      );
    }
  });

  it('the depthwise backprops match the CPU backend over random shapes, strides and paddings', async () => {
    const r = rng(3);
    for (let c = 0; c < 30; c++) {
      const g = geometry(r, true, false);
      const x = values(r, g.xShape);
      const w = values(r, g.filterShape);
      const dy = values(r, g.info.outShape);
      const attrs = { strides: g.s, dilations: 1, pad: g.pad };
      const what = `case ${c} ${JSON.stringify(g.xShape)} f${g.filterShape} s${g.s} pad ${JSON.stringify(g.pad)}`;
      await expectSameOnBoth(
        () =>
          run(
            tf.DepthwiseConv2dNativeBackpropFilter,
            { x: tf.tensor4d(x, g.xShape), dy: tf.tensor4d(dy, g.info.outShape) },
            { ...attrs, filterShape: g.filterShape },
          ),
        `depthwise dW ${what}`,
      );
      await expectSameOnBoth(
        () =>
          run(
            tf.DepthwiseConv2dNativeBackpropInput,
            { dy: tf.tensor4d(dy, g.info.outShape), filter: tf.tensor4d(w, g.filterShape) },
            { ...attrs, inputShape: g.xShape },
          ),
        `depthwise dx ${what}`,
      );
    }
  });

  // tfjs's CPU depthwise backprops ignore dilations (its gradient never asks for them), so the
  // reference here is the adjoint identity of the forward op, which the CPU computes dilated:
  // <dy, conv(x, W)> = <dW(x, dy), W> = <dx(dy, W), x>.
  it('the depthwise backprops with dilations are the adjoints of the dilated forward convolution', async () => {
    const r = rng(4);
    for (let c = 0; c < 20; c++) {
      const g = geometry(r, true, true);
      const x = values(r, g.xShape);
      const w = values(r, g.filterShape);
      const dy = values(r, g.info.outShape);
      const attrs = { strides: g.s, dilations: g.d, pad: g.pad };
      const [forward] = await on('cpu', () =>
        tf.sum(
          tf.mul(
            tf.depthwiseConv2d(
              tf.tensor4d(x, g.xShape),
              tf.tensor4d(w, g.filterShape),
              g.s,
              g.pad as 'same',
              'NHWC',
              g.d,
            ),
            tf.tensor4d(dy, g.info.outShape),
          ),
        ),
      );
      const [viaFilter, viaInput] = await on('wasm', () => [
        tf.sum(
          tf.mul(
            run(
              tf.DepthwiseConv2dNativeBackpropFilter,
              { x: tf.tensor4d(x, g.xShape), dy: tf.tensor4d(dy, g.info.outShape) },
              { ...attrs, filterShape: g.filterShape },
            ),
            tf.tensor4d(w, g.filterShape),
          ),
        ),
        tf.sum(
          tf.mul(
            run(
              tf.DepthwiseConv2dNativeBackpropInput,
              { dy: tf.tensor4d(dy, g.info.outShape), filter: tf.tensor4d(w, g.filterShape) },
              { ...attrs, inputShape: g.xShape },
            ),
            tf.tensor4d(x, g.xShape),
          ),
        ),
      ]);
      const what = `case ${c} ${JSON.stringify(g.xShape)} f${g.filterShape} d${g.d} pad ${JSON.stringify(g.pad)}`;
      expectClose(viaFilter as Float32Array, forward as Float32Array, 1e-4, `<dW, W> ${what}`);
      expectClose(viaInput as Float32Array, forward as Float32Array, 1e-4, `<dx, x> ${what}`);
    }
  });

  it('refuses NCHW with a typed error instead of computing on the wrong layout', async () => {
    await tf.setBackend('wasm');
    const call = () =>
      run(
        tf.Conv2DBackpropFilter,
        { x: tf.zeros([1, 2, 5, 5]), dy: tf.zeros([1, 3, 5, 5]) },
        { strides: 1, pad: 'same', dataFormat: 'NCHW', filterShape: [3, 3, 2, 3] },
      );
    expect(call).toThrow(WasmGradUnsupportedError);
    expect(call).toThrow(/NCHW/);
  });
});
