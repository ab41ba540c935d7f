import * as tf from '@tensorflow/tfjs';

export interface TorchLinearArgs {
  /** in_features */
  inputDim: number;
  /** out_features */
  units: number;
  activation?: 'relu' | 'sigmoid' | 'tanh' | 'softmax' | 'linear';
  name?: string;
}

/**
 * A dense layer initialised as PyTorch's nn.Linear: weights and biases both drawn from
 * U(−1/√in_features, +1/√in_features). tfjs's default (Glorot weights, zero bias) trains
 * differently at the start, which shows in the books' early loss values.
 */
export function torchLinear({
  inputDim,
  units,
  activation,
  name,
}: TorchLinearArgs): tf.layers.Layer {
  const bound = 1 / Math.sqrt(inputDim);
  return tf.layers.dense({
    inputDim,
    units,
    kernelInitializer: tf.initializers.randomUniform({ minval: -bound, maxval: bound }),
    biasInitializer: tf.initializers.randomUniform({ minval: -bound, maxval: bound }),
    ...(activation ? { activation } : {}),
    ...(name ? { name } : {}),
  });
}
