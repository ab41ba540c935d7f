import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { FusedLSTM, fusedLstm } from '../layer';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

type LstmArgs = Parameters<typeof tf.layers.lstm>[0];

function maxDiff(a: tf.Tensor, b: tf.Tensor): number {
  return tf.tidy(() => a.sub(b).abs().max().dataSync()[0] ?? Number.NaN);
}

/** The same model twice, once with tfjs's LSTM, once fused, sharing every weight. */
function pair(args: LstmArgs, stacked = false, outputs = 3) {
  const build = (make: (a: LstmArgs) => tf.layers.Layer) =>
    tf.sequential({
      layers: [
        ...(stacked ? [make({ ...args, returnSequences: true })] : []),
        make(stacked ? { ...args, batchInputShape: undefined, inputShape: undefined } : args),
        tf.layers.dense({ units: outputs }),
      ],
    });
  const reference = build((a) => tf.layers.lstm(a));
  const fused = build((a) => fusedLstm(a));
  fused.setWeights(reference.getWeights());
  return { reference, fused };
}

function gradients(model: tf.LayersModel, x: tf.Tensor, y: tf.Tensor) {
  const xVar = tf.variable(x);
  const weights = model.trainableWeights.map((w) => w.read() as tf.Variable);
  const { grads, value } = tf.variableGrads(
    () => tf.losses.meanSquaredError(y, model.apply(xVar) as tf.Tensor) as tf.Scalar,
    [xVar, ...weights],
  );
  const inputGrad = grads[xVar.name];
  if (!inputGrad) throw new Error('no input gradient');
  const list = [inputGrad, ...weights.map((w) => grads[w.name] as tf.Tensor)];
  xVar.dispose();
  return { loss: value, list };
}

const CASES: [string, LstmArgs, boolean][] = [
  ['the book: 7 units over 76 steps, last output', { units: 7, inputShape: [76, 7] }, false],
  ['every step returned', { units: 5, inputShape: [9, 4], returnSequences: true }, false],
  [
    'Keras 2.1 defaults: unit forget bias, Glorot uniform',
    { units: 6, inputShape: [12, 3], unitForgetBias: true, kernelInitializer: 'glorotUniform' },
    false,
  ],
  [
    'sigmoid gates, relu cell',
    { units: 4, inputShape: [10, 5], activation: 'relu', recurrentActivation: 'sigmoid' },
    false,
  ],
  ['no bias', { units: 4, inputShape: [6, 3], useBias: false }, false],
  ['two stacked LSTMs (v1 of Activity 7)', { units: 7, inputShape: [20, 7] }, true],
];

describe('fusedLstm matches tf.layers.lstm', () => {
  for (const [name, args, stacked] of CASES) {
    it(`${name}: outputs and every gradient to 1e-5`, () => {
      const { reference, fused } = pair(args, stacked);
      const [steps, features] = (args.inputShape as number[]) ?? [1, 1];
      const x = tf.randomNormal([3, steps ?? 1, features ?? 1], 0, 0.5, 'float32', 1);
      const outShape = (reference.outputs[0]?.shape ?? []).map((d) => d ?? 3);
      const y = tf.randomNormal(outShape, 0, 0.5, 'float32', 2);
      expect(
        maxDiff(reference.predict(x) as tf.Tensor, fused.predict(x) as tf.Tensor),
      ).toBeLessThan(1e-5);
      const a = gradients(reference, x, y);
      const b = gradients(fused, x, y);
      expect(Math.abs((a.loss.dataSync()[0] ?? 0) - (b.loss.dataSync()[0] ?? 0))).toBeLessThan(
        1e-6,
      );
      expect(b.list.length).toBe(a.list.length);
      a.list.forEach((g, i) => {
        const other = b.list[i];
        if (!other) throw new Error(`gradient ${i} missing`);
        expect(other.shape).toEqual(g.shape);
        expect(maxDiff(g, other)).toBeLessThan(1e-5);
      });
    });
  }

  it('trains the book model to the same weights (10 RMSprop steps)', async () => {
    const { reference, fused } = pair({ units: 7, batchInputShape: [1, 76, 7] }, false, 7);
    const x = tf.randomNormal([1, 76, 7], 0, 0.05, 'float32', 3);
    const y = tf.randomNormal([1, 7], 0, 0.05, 'float32', 4);
    for (const m of [reference, fused])
      m.compile({ loss: 'meanSquaredError', optimizer: tf.train.rmsprop(0.001) });
    const ha = await reference.fit(x, y, { epochs: 10, batchSize: 1, shuffle: false, verbose: 0 });
    const hb = await fused.fit(x, y, { epochs: 10, batchSize: 1, shuffle: false, verbose: 0 });
    const la = ha.history.loss as number[];
    const lb = hb.history.loss as number[];
    la.forEach((l, i) => {
      expect(Math.abs(l - (lb[i] ?? Number.NaN))).toBeLessThan(1e-6);
    });
    reference.getWeights().forEach((w, i) => {
      const other = fused.getWeights()[i];
      if (!other) throw new Error('weight missing');
      expect(maxDiff(w, other)).toBeLessThan(1e-5);
    });
  });

  it('keeps the kernel regularizers of tf.layers.lstm: the same penalised loss over 5 steps', async () => {
    const l2 = {
      kernelRegularizer: tf.regularizers.l2({ l2: 0.01 }),
      recurrentRegularizer: tf.regularizers.l2({ l2: 0.01 }),
    };
    const { reference, fused } = pair({ units: 4, batchInputShape: [1, 8, 3], ...l2 }, false, 2);
    const x = tf.randomNormal([1, 8, 3], 0, 0.5, 'float32', 7);
    const y = tf.randomNormal([1, 2], 0, 0.5, 'float32', 8);
    for (const m of [reference, fused])
      m.compile({ loss: 'meanSquaredError', optimizer: tf.train.sgd(0.1) });
    const la = (await reference.fit(x, y, { epochs: 5, verbose: 0 })).history.loss as number[];
    const lb = (await fused.fit(x, y, { epochs: 5, verbose: 0 })).history.loss as number[];
    const unpenalised = tf.tidy(
      () => tf.losses.meanSquaredError(y, fused.predict(x) as tf.Tensor).dataSync()[0] ?? 0,
    );
    expect(la[4]).toBeGreaterThan(unpenalised); // the penalty is in the loss
    la.forEach((l, i) => {
      expect(Math.abs(l - (lb[i] ?? Number.NaN))).toBeLessThan(1e-5);
    });
  });

  it('runs tfjs loop for what it does not fuse, with the same results', () => {
    const layer = fusedLstm({ units: 3, inputShape: [4, 2], goBackwards: true });
    const reference = tf.layers.lstm({ units: 3, inputShape: [4, 2], goBackwards: true });
    const x = tf.randomNormal([2, 4, 2], 0, 1, 'float32', 5);
    const out = layer.apply(x) as tf.Tensor;
    reference.apply(x);
    reference.setWeights(layer.getWeights());
    expect(layer.unfusedReason(x, {})).toBe('goBackwards');
    expect(maxDiff(out, reference.apply(x) as tf.Tensor)).toBeLessThan(1e-6);
  });

  it('serialises as FusedLSTM with the LSTM config and loads back', async () => {
    const model = tf.sequential({
      layers: [fusedLstm({ units: 7, batchInputShape: [1, 76, 7] }), tf.layers.dense({ units: 7 })],
    });
    const config = model.getLayer(undefined, 0).getConfig();
    expect(config.units).toBe(7);
    expect(config.recurrentActivation).toBe('hardSigmoid');
    let saved: tf.io.ModelArtifacts | undefined;
    await model.save(
      tf.io.withSaveHandler(async (artifacts) => {
        saved = artifacts;
        return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
      }),
    );
    if (!saved) throw new Error('not saved');
    expect(JSON.stringify(saved.modelTopology)).toContain('"class_name":"FusedLSTM"');
    const loaded = await tf.loadLayersModel(tf.io.fromMemory(saved));
    expect(loaded.getLayer(undefined, 0)).toBeInstanceOf(FusedLSTM);
    const x = tf.randomNormal([1, 76, 7], 0, 0.1, 'float32', 6);
    expect(maxDiff(model.predict(x) as tf.Tensor, loaded.predict(x) as tf.Tensor)).toBeLessThan(
      1e-7,
    );
  });
});
