import * as tf from '@tensorflow/tfjs';
import { UserFacingError } from '@/utils/errors';

/**
 * torchvision's `vgg19().features` up to conv5_1 (features[0..28]), as a tfjs model whose layers
 * carry torchvision's module names (`features_0` ↔ `features.0.weight`), so `weights.apply`
 * loads the real weights by name. Each conv has its ReLU fused in: the book collects a layer's
 * output before torchvision's `ReLU(inplace=True)` runs, and the in-place ReLU then overwrites
 * that very tensor, so what the book's style and content losses see is the ReLU's output.
 */

/** The 3×3 convolutions of VGG-19's features, by torchvision index; 'M' is a 2×2 max-pool. */
const CONFIG: (number | 'M')[] = [
  64,
  64,
  'M',
  128,
  128,
  'M',
  256,
  256,
  256,
  256,
  'M',
  512,
  512,
  512,
  512,
  'M',
  512,
];

/** The book's names for the layers it uses, by torchvision index. */
export const VGG19_LAYERS: Readonly<Record<string, number>> = {
  conv1_1: 0,
  conv1_2: 2,
  conv2_1: 5,
  conv2_2: 7,
  conv3_1: 10,
  conv3_2: 12,
  conv3_3: 14,
  conv3_4: 16,
  conv4_1: 19,
  conv4_2: 21,
  conv4_3: 23,
  conv4_4: 25,
  conv5_1: 28,
};

/**
 * Keras's VGG19 (keras-applications) names the same convolutions block{b}_conv{c}; by the tfjs
 * layer names of `vgg19Features`: features_0 ↔ block1_conv1 … features_28 ↔ block5_conv1.
 */
export const KERAS_VGG19_NAMES: Readonly<Record<string, string>> = Object.fromEntries(
  Object.entries(VGG19_LAYERS).map(([book, index]) => {
    const [block, conv] = book.slice('conv'.length).split('_');
    return [`features_${index}`, `block${block}_conv${conv}`];
  }),
);

/** Output channels of each of those convolutions, in order. */
export const VGG19_CHANNELS: readonly number[] = CONFIG.filter((c): c is number => c !== 'M');

/** The torchvision module prefixes the model takes: features.0 … features.28. */
export const VGG19_FEATURE_MODULES: readonly string[] = Object.values(VGG19_LAYERS).map(
  (i) => `features.${i}`,
);

export interface Vgg19Options {
  /** Outputs, by the book's names (default: the book's style and content layers). */
  outputs?: readonly string[];
}

export const BOOK_LAYERS = ['conv1_1', 'conv2_1', 'conv3_1', 'conv4_1', 'conv4_2', 'conv5_1'];

export function vgg19Features(options: Vgg19Options = {}): tf.LayersModel {
  const wanted = options.outputs ?? BOOK_LAYERS;
  const unknown = wanted.filter((n) => !(n in VGG19_LAYERS));
  if (unknown.length > 0)
    throw new UserFacingError(
      `VGG-19 has no layer ${unknown.join(', ')} up to conv5_1.`,
      `Layers: ${Object.keys(VGG19_LAYERS).join(', ')}.`,
    );
  const input = tf.input({ shape: [null, null, 3], name: 'image' });
  const byIndex = new Map<number, tf.SymbolicTensor>();
  let x: tf.SymbolicTensor = input;
  let index = 0;
  let channels = 3;
  for (const step of CONFIG) {
    if (step === 'M') {
      x = tf.layers
        .maxPooling2d({ poolSize: 2, strides: 2, name: `features_${index}` })
        .apply(x) as tf.SymbolicTensor;
      index += 1;
      continue;
    }
    x = tf.layers
      .conv2d({
        filters: step,
        kernelSize: 3,
        padding: 'same',
        activation: 'relu',
        name: `features_${index}`,
        trainable: false,
        // Overwritten by the real weights; zeros make a missing load obvious, not plausible.
        kernelInitializer: 'zeros',
        inputShape: [null, null, channels],
      })
      .apply(x) as tf.SymbolicTensor;
    byIndex.set(index, x);
    channels = step;
    index += 2;
  }
  const outputs = wanted.map((n) => byIndex.get(VGG19_LAYERS[n]!)!);
  const model = tf.model({ inputs: input, outputs, name: 'vgg19_features' });
  model.trainable = false;
  return model;
}
