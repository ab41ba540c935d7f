/// <reference types="node" />
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { readPth } from '@/data/torch/pth';
import { torchLinear } from '../../torch-layers';
import { applyStateDict } from '../apply-state-dict';

// Saved by PyTorch: src/data/torch/__tests__/fixtures/make-fixtures.py.
const FIXTURES = join(__dirname, '../../../../data/torch/__tests__/fixtures');
const pth = (name: string) =>
  readPth(name, new Uint8Array(readFileSync(join(FIXTURES, name)))).stateDict;

/** The chapter 3 classifier as the notebook builds it: 22 → 10 → 10 → 10 → 2. */
function classifier(names = ['hidden_1', 'hidden_2', 'hidden_3', 'output']): tf.LayersModel {
  const x = tf.input({ shape: [22] });
  let h: tf.SymbolicTensor = x;
  let fanIn = 22;
  names.forEach((name, i) => {
    const units = i === names.length - 1 ? 2 : 10;
    const activation = i === names.length - 1 ? 'linear' : 'relu';
    h = torchLinear({ inputDim: fanIn, units, activation, name }).apply(h) as tf.SymbolicTensor;
    fanIn = units;
  });
  return tf.model({ inputs: x, outputs: h });
}

describe('applyStateDict', () => {
  it.each(['zip', 'legacy'])(
    'a classifier saved by PyTorch (%s) predicts the log-probabilities PyTorch computed',
    (format) => {
      const model = classifier();
      const result = applyStateDict(model, pth(`classifier.${format}.pth`));
      expect(result.matched).toBe('by name');
      const { x, log_probs } = JSON.parse(
        readFileSync(join(FIXTURES, 'classifier-predictions.json'), 'utf8'),
      ) as { x: number[][]; log_probs: number[][] };
      const got = tf.tidy(() =>
        tf.logSoftmax(model.predict(tf.tensor2d(x)) as tf.Tensor2D).arraySync(),
      ) as number[][];
      for (const [i, row] of got.entries())
        for (const [j, v] of row.entries()) expect(v).toBeCloseTo(log_probs[i]![j]!, 5);
    },
  );

  it('matches in order when the layer names differ from the module names', () => {
    const model = classifier(['a', 'b', 'c', 'd']);
    expect(applyStateDict(model, pth('classifier.zip.pth')).matched).toBe('in order');
  });

  it('lays a Conv2d OIHW kernel out as HWIO and BatchNorm stats as moving mean/variance', () => {
    const sd = pth('cnn.zip.pth');
    const model = tf.sequential({
      layers: [
        tf.layers.conv2d({
          inputShape: [5, 5, 2],
          filters: 3,
          kernelSize: 3,
          padding: 'same',
          name: 'c0',
        }),
        tf.layers.batchNormalization({ name: 'b1' }),
      ],
    });
    applyStateDict(model, sd);
    const kernel = model.getLayer('c0').getWeights()[0]!.arraySync() as number[][][][];
    const oihw = sd.get('0.weight')!;
    // kernel[h][w][i][o] = weight[o][i][h][w]
    const at = (o: number, i: number, h: number, w: number) =>
      oihw.values[((o * 2 + i) * 3 + h) * 3 + w]!;
    expect(kernel[2]![1]![0]![1]).toBeCloseTo(at(1, 0, 2, 1), 6);
    expect(kernel[0]![2]![1]![2]).toBeCloseTo(at(2, 1, 0, 2), 6);
    const [, , mean, variance] = model.getLayer('b1').getWeights();
    expect(Array.from(mean!.dataSync())).toEqual(Array.from(sd.get('1.running_mean')!.values));
    expect(Array.from(variance!.dataSync())).toEqual(Array.from(sd.get('1.running_var')!.values));
  });

  it('refuses a model of other sizes, listing every mis-shaped tensor, and changes nothing', () => {
    const x = tf.input({ shape: [22] });
    const h = torchLinear({ inputDim: 22, units: 8, activation: 'relu', name: 'hidden_1' }).apply(
      x,
    );
    const h2 = torchLinear({ inputDim: 8, units: 10, activation: 'relu', name: 'hidden_2' }).apply(
      h,
    );
    const h3 = torchLinear({ inputDim: 10, units: 10, activation: 'relu', name: 'hidden_3' }).apply(
      h2,
    );
    const out = torchLinear({ inputDim: 10, units: 2, name: 'output' }).apply(
      h3,
    ) as tf.SymbolicTensor;
    const model = tf.model({ inputs: x, outputs: out });
    const before = model.getWeights().map((w) => Array.from(w.dataSync()));
    expect(() => applyStateDict(model, pth('classifier.zip.pth'))).toThrow(
      /hidden_1\.kernel: needs \[22, 8\], hidden_1\.weight is \[10, 22\].*hidden_1\.bias: needs \[8\].*hidden_2\.kernel/,
    );
    expect(model.getWeights().map((w) => Array.from(w.dataSync()))).toEqual(before);
  });

  it('refuses tensors no layer takes unless told a part is wanted', () => {
    // The classifier's hidden layers without its output layer: output.* is left over.
    const x = tf.input({ shape: [22] });
    let h: tf.SymbolicTensor = x;
    for (const [i, fanIn] of [22, 10, 10].entries())
      h = torchLinear({ inputDim: fanIn, units: 10, name: `hidden_${i + 1}` }).apply(
        h,
      ) as tf.SymbolicTensor;
    const trunk = tf.model({ inputs: x, outputs: h });
    expect(() => applyStateDict(trunk, pth('classifier.zip.pth'))).toThrow(
      /tensors no layer takes: output\.weight, output\.bias/,
    );
    expect(() =>
      applyStateDict(trunk, pth('classifier.zip.pth'), { allowUnused: true }),
    ).not.toThrow();
  });
});
