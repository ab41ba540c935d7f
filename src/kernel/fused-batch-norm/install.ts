import * as tf from '@tensorflow/tfjs';
import {
  BATCH_NORM_TRAIN,
  batchNormTrain,
  batchNormTrainConfigs,
  batchNormTrainGradConfig,
} from './kernel';

/** The fields of tfjs-layers' BatchNormalization that its declaration keeps protected. */
interface BatchNormInternals {
  axis: number;
  momentum: number;
  epsilon: number;
  gamma: tf.LayerVariable | null | undefined;
  beta: tf.LayerVariable | null | undefined;
  movingMean: tf.LayerVariable;
  movingVariance: tf.LayerVariable;
}

type Call = (
  this: unknown,
  inputs: tf.Tensor | tf.Tensor[],
  kwargs: tf.serialization.ConfigDict,
) => tf.Tensor | tf.Tensor[];

const patched = new WeakSet<Call>();

/** tfjs-layers' own moving-average update, op for op, so the moving statistics match. */
function moveAverage(variable: tf.LayerVariable, value: tf.Tensor, momentum: number): void {
  tf.tidy(() => {
    const decay = 1 - momentum;
    const origValue = variable.read();
    variable.write(tf.sub(origValue, tf.mul(tf.sub(origValue, value), decay)));
  });
}

/** The one input tensor, when the layer was called with exactly one. */
function single(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor | undefined {
  if (!Array.isArray(inputs)) return inputs;
  return inputs.length === 1 ? inputs[0] : undefined;
}

function fusable(layer: BatchNormInternals, x: tf.Tensor): boolean {
  const axis = layer.axis >= 0 ? layer.axis : layer.axis + x.rank;
  return (
    axis === x.rank - 1 &&
    x.rank >= 2 &&
    x.dtype === 'float32' &&
    layer.gamma != null &&
    layer.beta != null &&
    tf.getKernel(BATCH_NORM_TRAIN, tf.getBackend()) !== undefined
  );
}

function layerClass(): { prototype: { call: Call } } {
  const entry = tf.serialization.SerializationMap.getMap().classNameMap.BatchNormalization;
  if (entry === undefined) throw new Error('tfjs-layers registered no BatchNormalization class');
  return entry[0] as unknown as { prototype: { call: Call } };
}

/**
 * Makes every `tf.layers.batchNormalization` normalise a training batch with one kernel and
 * take its gradient with one more, on WASM and CPU, when it normalises the last axis (the
 * default, and what PyTorch's BatchNorm1d/2d are in NHWC) with a scale and an offset. tfjs
 * builds that from moments and FusedBatchNorm, and its gradient from ~25 ops that each sweep
 * the whole activation, some tiling 1/σ to its full size: in Activity 4.03's CNN on WASM, more
 * time than the convolutions. Inference, other axes and other backends keep tfjs's path.
 * Idempotent.
 */
export function installFusedBatchNorm(): void {
  for (const config of batchNormTrainConfigs) {
    if (tf.getKernel(config.kernelName, config.backendName) === undefined)
      tf.registerKernel(config);
  }
  tf.registerGradient(batchNormTrainGradConfig);
  const proto = layerClass().prototype;
  const original = proto.call;
  if (patched.has(original)) return;
  const call: Call = function (this: unknown, inputs, kwargs) {
    const layer = this as BatchNormInternals;
    const x = single(inputs);
    if (kwargs.training !== true || x === undefined || !fusable(layer, x)) {
      return original.call(this, inputs, kwargs);
    }
    return tf.tidy(() => {
      const [y, mean, variance] = batchNormTrain(
        x,
        (layer.gamma as tf.LayerVariable).read() as tf.Tensor1D,
        (layer.beta as tf.LayerVariable).read() as tf.Tensor1D,
        layer.epsilon,
      );
      moveAverage(layer.movingMean, mean, layer.momentum);
      moveAverage(layer.movingVariance, variance, layer.momentum);
      return y;
    });
  };
  patched.add(call);
  proto.call = call;
}
