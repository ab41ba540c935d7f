import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import type { StateDict } from '@/data/torch/pth';
import { applyStateDict } from '../apply-state-dict';
import { packStateDict, unpackStateDict } from '../pack';
import { VGG19_CHANNELS, VGG19_FEATURE_MODULES, VGG19_LAYERS, vgg19Features } from '../vgg19';

/** A VGG-19 features[0..28] state dict in torchvision's names and OIHW shapes, filled by a formula. */
function vggStateDict(): StateDict {
  const sd: StateDict = new Map();
  let inChannels = 3;
  for (const [i, module] of VGG19_FEATURE_MODULES.entries()) {
    const out = VGG19_CHANNELS[i]!;
    const weight = Float32Array.from(
      { length: out * inChannels * 9 },
      (_, i) => ((i % 7) - 3) / 100,
    );
    sd.set(`${module}.weight`, {
      shape: [out, inChannels, 3, 3],
      dtype: 'float32',
      values: weight,
    });
    sd.set(`${module}.bias`, {
      shape: [out],
      dtype: 'float32',
      values: new Float32Array(out).fill(0.01),
    });
    inChannels = out;
  }
  return sd;
}

describe('VGG-19 features', () => {
  it("has the guide's 12,944,960 parameters up to conv5_1, all frozen", () => {
    const model = vgg19Features();
    expect(model.countParams()).toBe(12_944_960);
    expect(model.trainableWeights).toHaveLength(0);
    model.dispose();
  });

  it("gives the book's six layers at their strides: conv4_2 is 1/8 of the image, conv5_1 1/16", () => {
    const model = vgg19Features();
    const outs = tf.tidy(() =>
      (model.predict(tf.zeros([1, 16, 32, 3])) as tf.Tensor[]).map((t) => t.shape),
    );
    expect(outs).toEqual([
      [1, 16, 32, 64],
      [1, 8, 16, 128],
      [1, 4, 8, 256],
      [1, 2, 4, 512],
      [1, 2, 4, 512],
      [1, 1, 2, 512],
    ]);
    model.dispose();
  });

  it('takes every features.N tensor of a torchvision-shaped state dict by name', () => {
    const model = vgg19Features({ outputs: ['conv1_1'] });
    const sd = vggStateDict();
    applyStateDict(model, sd, {
      names: Object.fromEntries(VGG19_FEATURE_MODULES.map((m) => [m.replace('.', '_'), m])),
      allowUnused: true,
    });
    // conv1_1 at one pixel of a constant image: ReLU(Σ w + b) over the 3×3×3 window.
    const w = sd.get('features.0.weight')!.values;
    const manual = Math.max(0, w.slice(0, 27).reduce((a, b) => a + b, 0) + 0.01);
    const got = tf.tidy(() =>
      (model.predict(tf.ones([1, 5, 5, 3])) as tf.Tensor).arraySync(),
    ) as number[][][][];
    expect(got[0]![2]![2]![0]).toBeCloseTo(manual, 5);
    expect(Object.keys(VGG19_LAYERS)).toHaveLength(13);
    model.dispose();
  });

  it('keeps a state dict in the browser cache format and reads it back unchanged', () => {
    const sd: StateDict = new Map([
      [
        'conv.weight',
        { shape: [2, 1, 1, 3], dtype: 'float32', values: Float32Array.of(1, -2, 3.5, 0, 1e-7, -9) },
      ],
      ['conv.bias', { shape: [2], dtype: 'float16', values: Float32Array.of(0.5, -0.25) }],
    ]);
    sd.set('counter', { shape: [], dtype: 'int64', values: Int32Array.of(7) });
    const { stateDict, source } = unpackStateDict(packStateDict(sd, 'a test'))!;
    expect(source).toBe('a test');
    expect([...stateDict.keys()]).toEqual([...sd.keys()]);
    for (const [name, t] of sd) {
      expect(stateDict.get(name)!.shape).toEqual(t.shape);
      expect(Array.from(stateDict.get(name)!.values)).toEqual(Array.from(t.values));
    }
    expect(unpackStateDict(new TextEncoder().encode('nonsense').buffer)).toBeNull();
  });
});
