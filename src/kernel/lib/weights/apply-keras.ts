import * as tf from '@tensorflow/tfjs';
import { UserFacingError } from '@/utils/errors';
import type { KerasH5File, KerasLayerWeights } from './keras-h5';

/**
 * Puts a Keras file's weights into a tfjs model, as Keras's `load_weights(path, by_name=True)`
 * does: each tfjs layer with weights takes the Keras layer of its name (or of the name given in
 * `names`), its weights in the file's order, each of the shape tfjs wants (tfjs and Keras share
 * TensorFlow's layouts: no transposes). When the names do not match at all but the counts do,
 * layers are matched in order, as Keras's plain `load_weights` does. Nothing is set until
 * every layer fits, so a wrong file never leaves a half-loaded model.
 */

export interface KerasApplyOptions {
  /** tfjs layer name → Keras layer name, where they differ. */
  names?: Record<string, string>;
  /** Allow Keras layers no tfjs layer takes (a part of a bigger network). */
  allowUnused?: boolean;
}

export interface AppliedKerasLayer {
  layer: string;
  keras: string;
  weights: string;
}

const shapeText = (s: readonly (number | null)[]) => `[${s.join(', ')}]`;

export function applyKerasWeights(
  model: tf.LayersModel,
  file: KerasH5File,
  options: KerasApplyOptions = {},
): { layers: AppliedKerasLayer[]; matched: 'by name' | 'in order' } {
  const layers = model.layers.filter((l) => l.weights.length > 0);
  const byName = new Map(file.layers.map((l) => [l.layer, l]));
  const named = layers.map((l) => byName.get(options.names?.[l.name] ?? l.name));
  let plan: KerasLayerWeights[];
  let matched: 'by name' | 'in order';
  if (named.every((k) => k !== undefined)) {
    plan = named as KerasLayerWeights[];
    matched = 'by name';
  } else if (named.every((k) => k === undefined) && file.layers.length === layers.length) {
    plan = file.layers;
    matched = 'in order';
  } else {
    const missing = layers
      .filter((_, i) => named[i] === undefined)
      .map((l) => options.names?.[l.name] ?? l.name);
    throw new UserFacingError(
      `The Keras weights do not fit this model: it has no weights for layer${missing.length > 1 ? 's' : ''} ${missing.slice(0, 12).join(', ')}${missing.length > 12 ? '…' : ''}; the file has ${file.layers
        .map((l) => l.layer)
        .slice(0, 12)
        .join(', ')}${file.layers.length > 12 ? '…' : ''}.`,
      'Name the tfjs layers like the Keras ones, or pass { names: { tfjsLayer: "keras_layer" } }.',
    );
  }

  const problems: string[] = [];
  const staged: { layer: tf.layers.Layer; values: tf.Tensor[] }[] = [];
  try {
    layers.forEach((layer, i) => {
      const keras = plan[i]!;
      if (keras.weights.length !== layer.weights.length) {
        problems.push(
          `${layer.name}: needs ${layer.weights.length} weights, ${keras.layer} has ${keras.weights.length} (${keras.weights.map((w) => w.name).join(', ')})`,
        );
        return;
      }
      const values = keras.weights.map((w) => tf.tensor(w.values, w.shape));
      staged.push({ layer, values });
      layer.weights.forEach((target, j) => {
        const source = keras.weights[j]!;
        if (shapeText(target.shape) !== shapeText(source.shape))
          problems.push(
            `${layer.name}.${target.originalName.split('/').pop()}: needs ${shapeText(target.shape)}, ${keras.layer}'s ${source.name} is ${shapeText(source.shape)}`,
          );
      });
    });
    const used = new Set(plan);
    const unused = file.layers.filter((l) => !used.has(l)).map((l) => l.layer);
    if (unused.length > 0 && !options.allowUnused)
      problems.push(
        `Keras layers no tfjs layer takes: ${unused.slice(0, 12).join(', ')}${unused.length > 12 ? '…' : ''}`,
      );
    if (problems.length > 0)
      throw new UserFacingError(
        `The Keras weights do not fit this model (matched ${matched}): ${problems.join('; ')}.`,
        'Check that the model is built like the Keras one (layer sizes and order); { allowUnused: true } loads a part of a bigger network.',
      );
    for (const { layer, values } of staged) layer.setWeights(values);
    return {
      layers: layers.map((layer, i) => ({
        layer: layer.name,
        keras: plan[i]!.layer,
        weights: plan[i]!.weights.map((w) => `${w.name} ${w.shape.join('×')}`).join(', '),
      })),
      matched,
    };
  } finally {
    for (const { values } of staged) tf.dispose(values);
  }
}
