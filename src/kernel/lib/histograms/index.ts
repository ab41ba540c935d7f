import type * as tf from '@tensorflow/tfjs';
import type { HistogramsView } from '@/protocol';
import { UserFacingError } from '@/utils/errors';
import { Rich } from '../../display';
import { kernelMap } from './kernel-map';
import { histogramsBundle } from './recorder';
import { namedVariables, shapeOf } from './variables';

export class NoKernelError extends UserFacingError {
  override name = 'NoKernelError';
}

/**
 * `histograms.kernel(model, 'dense_1')`: the layer's kernel now, as a heatmap (inputs × units),
 * for a look between fits; `fit(…, { histograms })` shows every layer's after each epoch.
 */
function kernel(model: tf.LayersModel, layerName: string): Rich {
  const variables = namedVariables(model);
  const found = variables.find(
    (v) => v.layer === layerName && v.variable.shape.length >= 2 && /kernel/.test(v.name),
  );
  if (!found) {
    const withKernels = [
      ...new Set(variables.filter((v) => v.variable.shape.length >= 2).map((v) => v.layer)),
    ];
    throw new NoKernelError(
      `${model.name} has no layer "${layerName}" with a kernel.`,
      `Layers with kernels: ${withKernels.join(', ') || 'none'}.`,
    );
  }
  const values = found.variable.read().dataSync();
  const view: HistogramsView = {
    histId: `kernel-${layerName}`,
    title: `${layerName} kernel`,
    epochs: [],
    gradientBatch: '',
    tracks: [],
    norms: [],
    kernels: [kernelMap(layerName, shapeOf(found), values)],
    recordMs: [],
    state: 'done',
  };
  return new Rich(histogramsBundle(view));
}

export const histograms = { kernel };
