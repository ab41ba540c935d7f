/// <reference types="node" />
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { applyKerasWeights } from '../apply-keras';
import { type KerasH5File, readKerasH5 } from '../keras-h5';
import { KERAS_VGG19_NAMES, VGG19_CHANNELS, vgg19Features } from '../vgg19';

// Written with h5py in Keras's exact layout: fixtures/make-keras-h5.py (Debian's python3-h5py).
const FIXTURES = join(__dirname, 'fixtures');
const bytes = (name: string) => new Uint8Array(readFileSync(join(FIXTURES, name)));
const expected = JSON.parse(readFileSync(join(FIXTURES, 'expected.json'), 'utf8')) as {
  weights: Record<string, { shape: number[]; values: number[] }[]>;
  image: number[][][];
  block2_conv1: number[][][];
};

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** The fixture's net as tfjs layers with Keras's names: the first two VGG blocks, narrow. */
function tinyVgg(names = ['block1_conv1', 'block1_conv2', 'block2_conv1']): tf.LayersModel {
  const conv = (filters: number, name: string) =>
    tf.layers.conv2d({ filters, kernelSize: 3, padding: 'same', activation: 'relu', name });
  const input = tf.input({ shape: [null, null, 3] });
  let x = conv(4, names[0]!).apply(input) as tf.SymbolicTensor;
  x = conv(4, names[1]!).apply(x) as tf.SymbolicTensor;
  x = tf.layers.maxPooling2d({ poolSize: 2 }).apply(x) as tf.SymbolicTensor;
  x = conv(5, names[2]!).apply(x) as tf.SymbolicTensor;
  return tf.model({ inputs: input, outputs: x });
}

describe('readKerasH5', () => {
  it.each([
    ['tiny_vgg_weights.h5', false],
    ['tiny_vgg_legacy_names.h5', false],
    ['tiny_vgg_model.h5', true],
  ])(
    'reads %s: its layers with weights, in order, with the values h5py wrote',
    async (file, full) => {
      const h5 = await readKerasH5(file, bytes(file));
      expect(h5.fullModel).toBe(full);
      expect(h5.kerasVersion).toBe('2.3.1');
      expect(h5.layers.map((l) => l.layer)).toEqual([
        'block1_conv1',
        'block1_conv2',
        'block2_conv1',
      ]);
      for (const { layer, weights } of h5.layers) {
        const want = expected.weights[layer]!;
        expect(weights.map((w) => w.shape)).toEqual(want.map((w) => w.shape));
        weights.forEach((w, i) => {
          expect(Array.from(w.values)).toEqual(Array.from(Float32Array.from(want[i]!.values)));
        });
      }
      expect(h5.layers[0]!.weights.map((w) => w.name)).toEqual(
        file.includes('legacy')
          ? ['block1_conv1_W_1:0', 'block1_conv1_b_1:0']
          : ['block1_conv1/kernel:0', 'block1_conv1/bias:0'],
      );
    },
  );

  it('refuses a file that is not HDF5, naming it', async () => {
    await expect(
      readKerasH5('notes.h5', new TextEncoder().encode('these are not weights\n')),
    ).rejects.toThrow('notes.h5 is not a Keras weights file this app can read: no HDF5 signature');
  });

  it('refuses a file cut short, saying how much of it arrived', async () => {
    const whole = bytes('tiny_vgg_weights.h5');
    await expect(readKerasH5('cut.h5', whole.subarray(0, 6000))).rejects.toThrow(
      `cut.h5 is not a Keras weights file this app can read: the file is cut short: it has 6,000 of the ${whole.length.toLocaleString('en-US')} bytes its header announces.`,
    );
  });

  it('refuses a damaged file with a message, not a crash of the HDF5 reader', async () => {
    const damaged = bytes('tiny_vgg_weights.h5').slice();
    // Keep the superblock, scramble the rest: the object headers are gone.
    for (let i = 200; i < damaged.length; i++) damaged[i] = (i * 31) & 0xff;
    await expect(readKerasH5('damaged.h5', damaged)).rejects.toThrow(
      /damaged\.h5 is not a Keras weights file this app can read: /,
    );
  });
});

describe('applyKerasWeights', () => {
  it.each(['tiny_vgg_weights.h5', 'tiny_vgg_model.h5'])(
    'loads %s by layer name and computes the features numpy computed from the same weights',
    async (file) => {
      const model = tinyVgg();
      const result = applyKerasWeights(model, await readKerasH5(file, bytes(file)));
      expect(result.matched).toBe('by name');
      const got = tf.tidy(() =>
        (model.predict(tf.tensor4d([expected.image])) as tf.Tensor).arraySync(),
      ) as number[][][][];
      const want = expected.block2_conv1.flat(2);
      const values = got[0]!.flat(2);
      expect(values).toHaveLength(want.length);
      for (const [i, v] of values.entries()) expect(v).toBeCloseTo(want[i]!, 5);
      model.dispose();
    },
  );

  it("matches in order when no name matches, as Keras's plain load_weights does", async () => {
    const model = tinyVgg(['a', 'b', 'c']);
    const h5 = await readKerasH5('w.h5', bytes('tiny_vgg_legacy_names.h5'));
    expect(applyKerasWeights(model, h5).matched).toBe('in order');
    model.dispose();
  });

  it('refuses the weights of another model, naming what is missing, and changes nothing', async () => {
    const model = tinyVgg();
    const before = model.getWeights().map((w) => Array.from(w.dataSync()));
    const mlp = await readKerasH5('mlp_weights.h5', bytes('mlp_weights.h5'));
    expect(() => applyKerasWeights(model, mlp)).toThrow(
      'The Keras weights do not fit this model: it has no weights for layers block1_conv1, block1_conv2, block2_conv1; the file has dense_1, dense_2.',
    );
    expect(model.getWeights().map((w) => Array.from(w.dataSync()))).toEqual(before);
    model.dispose();
  });

  it('refuses weights of other shapes, listing each, and changes nothing', async () => {
    const input = tf.input({ shape: [null, null, 3] });
    let x = tf.layers.conv2d({ filters: 8, kernelSize: 3, name: 'block1_conv1' }).apply(input);
    x = tf.layers.conv2d({ filters: 4, kernelSize: 3, name: 'block1_conv2' }).apply(x);
    x = tf.layers.conv2d({ filters: 5, kernelSize: 3, name: 'block2_conv1' }).apply(x);
    const model = tf.model({ inputs: input, outputs: x as tf.SymbolicTensor });
    const before = model.getWeights().map((w) => Array.from(w.dataSync()));
    const h5 = await readKerasH5('w.h5', bytes('tiny_vgg_weights.h5'));
    expect(() => applyKerasWeights(model, h5)).toThrow(
      /block1_conv1\.kernel: needs \[3, 3, 3, 8\], block1_conv1's block1_conv1\/kernel:0 is \[3, 3, 3, 4\].*block1_conv2\.kernel: needs \[3, 3, 8, 4\]/,
    );
    expect(model.getWeights().map((w) => Array.from(w.dataSync()))).toEqual(before);
    model.dispose();
  });
});

describe("Keras's VGG-19 into the app's VGG-19", () => {
  /** keras-applications' notop layout: block1_conv1 … block5_conv4, HWIO, filled by a formula. */
  function kerasVgg(): KerasH5File {
    const perBlock = [2, 2, 4, 4, 4];
    const layers: KerasH5File['layers'] = [];
    let inC = 3;
    let k = 0;
    perBlock.forEach((convs, b) => {
      for (let c = 1; c <= convs; c++) {
        const outC = [64, 128, 256, 512, 512][b]!;
        const name = `block${b + 1}_conv${c}`;
        layers.push({
          layer: name,
          weights: [
            {
              name: `${name}_W_1:0`,
              shape: [3, 3, inC, outC],
              values: Float32Array.from({ length: 9 * inC * outC }, (_, i) => ((i + k) % 11) / 500),
            },
            { name: `${name}_b_1:0`, shape: [outC], values: new Float32Array(outC).fill(k / 100) },
          ],
        });
        inC = outC;
        k++;
      }
    });
    return { kind: 'keras-h5', layers, kerasVersion: null, backend: null, fullModel: false };
  }

  it('maps block{b}_conv{c} to the book layer conv{b}_{c} and leaves block5_conv2–4 unused', () => {
    expect(KERAS_VGG19_NAMES.features_0).toBe('block1_conv1');
    expect(KERAS_VGG19_NAMES.features_21).toBe('block4_conv2');
    expect(KERAS_VGG19_NAMES.features_28).toBe('block5_conv1');
    const model = vgg19Features();
    const file = kerasVgg();
    const result = applyKerasWeights(model, file, {
      names: { ...KERAS_VGG19_NAMES },
      allowUnused: true,
    });
    expect(result.layers).toHaveLength(VGG19_CHANNELS.length);
    const conv4_2 = file.layers.find((l) => l.layer === 'block4_conv2')!;
    expect(Array.from(model.getLayer('features_21').getWeights()[1]!.dataSync())).toEqual(
      Array.from(conv4_2.weights[1]!.values),
    );
    expect(() => applyKerasWeights(model, file, { names: { ...KERAS_VGG19_NAMES } })).toThrow(
      /Keras layers no tfjs layer takes: block5_conv2, block5_conv3, block5_conv4/,
    );
    model.dispose();
  });
});
