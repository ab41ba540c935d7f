import * as tf from '@tensorflow/tfjs';
import { manualSeed } from '../../seed';

/** A small MLP compiled with Adam, the books' usual setup, built from a seed. */
export function tinyModel(seed = 7, hidden = 8): tf.Sequential {
  manualSeed(seed);
  const model = tf.sequential({
    layers: [
      tf.layers.dense({ inputShape: [4], units: hidden, activation: 'relu' }),
      tf.layers.dense({ units: 1, activation: 'sigmoid' }),
    ],
  });
  model.compile({
    optimizer: tf.train.adam(0.01),
    loss: 'binaryCrossentropy',
    metrics: ['accuracy'],
  });
  return model;
}

/** 64 rows of a separable toy problem, the same every time. */
export function toyData(): { x: tf.Tensor2D; y: tf.Tensor2D } {
  const rows = Array.from({ length: 64 }, (_, i) =>
    Array.from({ length: 4 }, (_, j) => Math.sin(i * 1.7 + j * 0.9)),
  );
  const labels = rows.map((r) => [r[0]! + r[1]! > 0 ? 1 : 0]);
  return { x: tf.tensor2d(rows), y: tf.tensor2d(labels) };
}

export async function weightValues(model: tf.LayersModel): Promise<Float32Array[]> {
  return Promise.all(model.getWeights().map(async (w) => (await w.data()) as Float32Array));
}

export async function optimizerValues(optimizer: tf.Optimizer): Promise<Float32Array[]> {
  const weights = await optimizer.getWeights();
  return Promise.all(weights.map(async (w) => (await w.tensor.data()) as Float32Array));
}
