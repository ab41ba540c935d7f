import * as tf from '@tensorflow/tfjs';

/**
 * Activity 4.03 (PyTorch Workshop): three conv/ReLU/BatchNorm/pool blocks, dense 100 with
 * BatchNorm, dense 10, for the tests that train it on two backends. Seeded weights: Adam moves a
 * weight whose gradient is ~0 by ±lr whichever way float noise tips it, so with random ones an
 * unlucky draw made such comparisons fail now and then. `dropout` adds the book's two seeded
 * dropouts (the generator runs in JS, so every backend draws the same masks).
 */
export function activity403({
  dropout = false,
  output = 'linear',
}: {
  dropout?: boolean;
  output?: 'linear' | 'softmax';
} = {}): tf.Sequential {
  const seeded = (seed: number) => tf.initializers.glorotUniform({ seed });
  const block = (filters: number, first: boolean) => [
    tf.layers.conv2d({
      ...(first ? { inputShape: [32, 32, 3] } : {}),
      filters,
      kernelSize: 3,
      padding: 'same',
      activation: 'relu',
      kernelInitializer: seeded(filters),
    }),
    tf.layers.batchNormalization({ momentum: 0.9, epsilon: 1e-5 }),
    tf.layers.maxPooling2d({ poolSize: 2, strides: 2 }),
  ];
  return tf.sequential({
    layers: [
      ...block(10, true),
      ...block(20, false),
      ...block(40, false),
      tf.layers.flatten(),
      ...(dropout ? [tf.layers.dropout({ rate: 0.2, seed: 7 })] : []),
      tf.layers.dense({ units: 100, activation: 'relu', kernelInitializer: seeded(100) }),
      tf.layers.batchNormalization({ momentum: 0.9, epsilon: 1e-5 }),
      ...(dropout ? [tf.layers.dropout({ rate: 0.2, seed: 8 })] : []),
      tf.layers.dense({ units: 10, activation: output, kernelInitializer: seeded(10) }),
    ],
  });
}
