import * as tf from '@tensorflow/tfjs';
import type { StateDict, TorchTensor } from '@/data/torch/pth';
import { UserFacingError } from '@/utils/errors';
import { tfjsPositionOfTorchFeature } from './feature-order';

/**
 * Puts a PyTorch state dict into a tfjs model. PyTorch's modules are matched to the model's
 * layers by name (`hidden_1` ↔ `hidden_1.weight`, dots read as underscores, so `features.0` ↔
 * `features_0`), else in order; each tensor is laid out as tfjs wants it: nn.Linear's [out, in]
 * weight is the transposed Dense kernel, nn.Conv2d's OIHW kernel becomes HWIO, BatchNorm's
 * weight/bias/running stats become gamma/beta/moving mean/variance. After a flatten of an image
 * PyTorch's features come in C·H·W order and tfjs's in H·W·C, so the next Linear's columns
 * (and a BatchNorm1d's values) are reordered. Nothing is set until every layer has matched, so
 * a wrong file never leaves a half-loaded model.
 */

export interface ApplyOptions {
  /** tfjs layer name → PyTorch module prefix, where names differ and order does not fit. */
  names?: Record<string, string>;
  /** Allow tensors of the file that no layer takes (e.g. a classifier head left out). */
  allowUnused?: boolean;
}

export interface AppliedLayer {
  layer: string;
  module: string;
  tensors: string;
  conversion: string;
}

/** Which tfjs weight (by the end of its name) each PyTorch tensor of a module fills. */
const TARGET: Record<string, string> = {
  kernel: 'weight',
  bias: 'bias',
  gamma: 'weight',
  beta: 'bias',
  moving_mean: 'running_mean',
  moving_variance: 'running_var',
};
/** Buffers PyTorch saves that tfjs has no weight for and needs none. */
const IGNORED = new Set(['num_batches_tracked']);

const norm = (name: string) => name.replace(/[.\-/]/g, '_').toLowerCase();
const shapeText = (s: readonly (number | null)[]) => `[${s.join(', ')}]`;

function modulesOf(stateDict: StateDict): Map<string, Map<string, TorchTensor>> {
  const modules = new Map<string, Map<string, TorchTensor>>();
  for (const [name, tensor] of stateDict) {
    const dot = name.lastIndexOf('.');
    const prefix = dot < 0 ? '' : name.slice(0, dot);
    const leaf = name.slice(dot + 1);
    if (IGNORED.has(leaf)) continue;
    if (!modules.has(prefix)) modules.set(prefix, new Map());
    modules.get(prefix)!.set(leaf, tensor);
  }
  return modules;
}

/** Layers that keep each feature where it is: a flatten's order reaches through them. */
const ELEMENTWISE = new Set([
  'Dropout',
  'Activation',
  'ReLU',
  'LeakyReLU',
  'ELU',
  'Softmax',
  'BatchNormalization',
]);

/**
 * When the layer's input is a flattened image (through elementwise layers only), PyTorch's
 * feature j is tfjs's feature order[j]; otherwise null.
 */
export function flattenedImageOrder(layer: tf.layers.Layer): Int32Array | null {
  let from = layer.inboundNodes[0]?.inboundLayers;
  for (let hops = 0; from?.length === 1 && hops < 64; hops++) {
    const source = from[0]!;
    const name = source.getClassName();
    if (name === 'Flatten' || name === 'Reshape') {
      const shapes = source.inboundNodes[0]?.inputShapes ?? [];
      const shape = (Array.isArray(shapes[0]) ? shapes[0] : shapes) as (number | null)[];
      const [, h, w, c] = shape;
      if (
        shape.length === 4 &&
        typeof h === 'number' &&
        typeof w === 'number' &&
        typeof c === 'number'
      )
        return tfjsPositionOfTorchFeature(h, w, c);
      return null;
    }
    if (!ELEMENTWISE.has(name)) return null;
    from = source.inboundNodes[0]?.inboundLayers;
  }
  return null;
}

/** The tfjs layout of a PyTorch tensor for this layer's weight, or why it cannot be. */
function convert(
  layer: tf.layers.Layer,
  weightEnd: string,
  t: TorchTensor,
): { values: tf.Tensor; how: string } {
  const className = layer.getClassName();
  const order = flattenedImageOrder(layer);
  if (weightEnd === 'kernel' && className === 'Dense' && t.shape.length === 2) {
    const [out, inp] = t.shape as [number, number];
    if (order && order.length === inp) {
      // kernel[order[j]][o] = weight[o][j]
      const kernel = new Float32Array(inp * out);
      for (let o = 0; o < out; o++)
        for (let j = 0; j < inp; j++) kernel[order[j]! * out + o] = t.values[o * inp + j]!;
      return {
        values: tf.tensor2d(kernel, [inp, out]),
        how: 'Linear [out, in] → kernel [in, out], features C·H·W → H·W·C',
      };
    }
    return {
      values: tf.tensor2d(t.values, [out, inp]).transpose(),
      how: 'Linear [out, in] → kernel [in, out]',
    };
  }
  if (
    className === 'BatchNormalization' &&
    order &&
    t.shape.length === 1 &&
    t.shape[0] === order.length
  ) {
    const values = new Float32Array(order.length);
    order.forEach((tfPosition, j) => {
      values[tfPosition] = t.values[j]!;
    });
    return { values: tf.tensor1d(values), how: 'BatchNorm1d features C·H·W → H·W·C' };
  }
  if (weightEnd === 'kernel' && className === 'Conv2D' && t.shape.length === 4) {
    return {
      values: tf
        .tensor4d(t.values, t.shape as [number, number, number, number])
        .transpose([2, 3, 1, 0]),
      how: 'Conv2d OIHW → HWIO',
    };
  }
  return { values: tf.tensor(t.values, t.shape), how: 'as is' };
}

interface Plan {
  layer: tf.layers.Layer;
  module: string;
  tensors: Map<string, TorchTensor>;
}

function matchLayers(
  layers: tf.layers.Layer[],
  modules: Map<string, Map<string, TorchTensor>>,
  options: ApplyOptions,
): { plans: Plan[]; how: string } {
  const byNorm = new Map([...modules.keys()].map((m) => [norm(m), m]));
  const named = layers.map((l) => options.names?.[l.name] ?? byNorm.get(norm(l.name)));
  if (named.every((m) => m !== undefined && modules.has(m)))
    return {
      plans: layers.map((layer, i) => ({
        layer,
        module: named[i]!,
        tensors: modules.get(named[i]!)!,
      })),
      how: 'by name',
    };
  const moduleNames = [...modules.keys()];
  if (moduleNames.length !== layers.length) {
    const unmatched = layers.filter((_, i) => named[i] === undefined).map((l) => l.name);
    throw new UserFacingError(
      `The weights do not fit this model: it has ${layers.length} layers with weights, the file has ${moduleNames.length} modules (${moduleNames.slice(0, 12).join(', ')}${moduleNames.length > 12 ? '…' : ''}), and layers ${unmatched.join(', ')} match no module by name.`,
      'Name the layers like the PyTorch modules (e.g. name: "hidden_1" for hidden_1.weight), or pass { names: { layerName: "module.prefix" } }.',
    );
  }
  return {
    plans: layers.map((layer, i) => ({
      layer,
      module: moduleNames[i]!,
      tensors: modules.get(moduleNames[i]!)!,
    })),
    how: 'in order',
  };
}

export function applyStateDict(
  model: tf.LayersModel,
  stateDict: StateDict,
  options: ApplyOptions = {},
): { layers: AppliedLayer[]; matched: string } {
  const layers = model.layers.filter((l) => l.weights.length > 0);
  const modules = modulesOf(stateDict);
  const { plans, how } = matchLayers(layers, modules, options);

  const problems: string[] = [];
  const staged: { layer: tf.layers.Layer; values: tf.Tensor[] }[] = [];
  const applied: AppliedLayer[] = [];
  const used = new Set<string>();
  try {
    for (const { layer, module, tensors } of plans) {
      const values: tf.Tensor[] = [];
      const conversions = new Set<string>();
      for (const weight of layer.weights) {
        const end = Object.keys(TARGET).find((k) => weight.originalName.endsWith(k));
        const source = end ? TARGET[end]! : undefined;
        const t = source ? tensors.get(source) : undefined;
        const full = module ? `${module}.${source ?? '?'}` : (source ?? '?');
        if (!t || !end) {
          problems.push(`${layer.name}: no ${full} for its ${weight.originalName}`);
          continue;
        }
        used.add(full);
        const { values: v, how: conversion } = convert(layer, end, t);
        values.push(v);
        if (shapeText(v.shape) !== shapeText(weight.shape))
          problems.push(
            `${layer.name}.${end}: needs ${shapeText(weight.shape)}, ${full} is ${shapeText(t.shape)}${conversion === 'as is' ? '' : ` (${conversion})`}`,
          );
        conversions.add(conversion);
      }
      staged.push({ layer, values });
      applied.push({
        layer: layer.name,
        module: module || '(top level)',
        tensors: [...tensors.keys()].join(', '),
        conversion: [...conversions].join('; '),
      });
    }
    const unused = [...modules]
      .flatMap(([m, ts]) => [...ts.keys()].map((leaf) => (m ? `${m}.${leaf}` : leaf)))
      .filter((n) => !used.has(n));
    if (unused.length > 0 && !options.allowUnused)
      problems.push(
        `tensors no layer takes: ${unused.slice(0, 12).join(', ')}${unused.length > 12 ? '…' : ''}`,
      );
    if (problems.length > 0)
      throw new UserFacingError(
        `The weights do not fit this model (matched ${how}): ${problems.join('; ')}.`,
        'Check that the model is built like the PyTorch one (layer sizes and order); { allowUnused: true } loads a part of a bigger network.',
      );
    for (const { layer, values } of staged) layer.setWeights(values);
    return { layers: applied, matched: how };
  } finally {
    for (const { values } of staged) tf.dispose(values);
  }
}
