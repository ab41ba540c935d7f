import type * as tf from '@tensorflow/tfjs';
import type { ModelSummaryView } from '@/protocol';

function shapeText(shape: unknown): string {
  if (!Array.isArray(shape)) return '';
  // A list of shapes (multi-output layers) prints each shape.
  if (shape.length > 0 && Array.isArray(shape[0])) return shape.map(shapeText).join(', ');
  return `[${shape.map((d) => (d === null ? 'null' : String(d))).join(',')}]`;
}

/** The table `model.summary()` prints in Keras, as data. */
export function modelSummary(model: tf.LayersModel): ModelSummaryView {
  const layers = model.layers.map((layer) => {
    let outputShape = '';
    try {
      outputShape = shapeText(layer.outputShape);
    } catch {
      outputShape = 'multiple';
    }
    return {
      name: layer.name,
      type: layer.getClassName(),
      outputShape,
      params: layer.countParams(),
    };
  });
  const trainableParams = model.trainableWeights.reduce(
    (sum, w) => sum + w.shape.reduce((a: number, b) => a * (b ?? 1), 1),
    0,
  );
  return { name: model.name, layers, totalParams: model.countParams(), trainableParams };
}
