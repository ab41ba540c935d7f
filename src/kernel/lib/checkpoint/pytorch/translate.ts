import * as tf from '@tensorflow/tfjs';
import type { TensorToWrite } from '@/data/torch/write-pth';
import { PytorchExportError } from './errors';
import { type Flow, type TorchModule, translateLayer } from './modules';

/**
 * A tfjs model as a PyTorch `nn.Module`: its layers must form one chain (one input, one
 * output, each layer fed by the one before, as the books' Sequential and `forward` models
 * are), and each must be one `translateLayer` knows. The first layer it cannot write stops
 * the whole model, with an error naming it.
 */

export interface TorchModel {
  className: string;
  modules: TorchModule[];
  forward: string[];
  tensors: TensorToWrite[];
  input: Flow;
  output: Flow;
}

const PYTHON_KEYWORDS = new Set(
  'False None True and as assert async await break class continue def del elif else except finally for from global if import in is lambda nonlocal not or pass raise return try while with yield'.split(
    ' ',
  ),
);
/** nn.Module's own attributes: a submodule by one of these names would shadow it. */
const MODULE_ATTRIBUTES = new Set(
  'forward training eval train parameters buffers children modules state_dict load_state_dict to cpu cuda apply register_buffer zero_grad'.split(
    ' ',
  ),
);

/** A Python identifier for a layer name (PyTorch's state dict keys are attribute names). */
function attrName(name: string, used: Set<string>): string {
  let base = name.replace(/[^A-Za-z0-9_]/g, '_');
  if (/^[0-9]/.test(base) || base === '') base = `layer_${base}`;
  if (PYTHON_KEYWORDS.has(base) || MODULE_ATTRIBUTES.has(base)) base = `${base}_`;
  let attr = base;
  for (let n = 2; used.has(attr); n++) attr = `${base}_${n}`;
  used.add(attr);
  return attr;
}

export function className(modelName: string): string {
  const id = modelName.replace(/[^A-Za-z0-9_]/g, '_').replace(/^[0-9_]+/, '');
  return id ? id[0]!.toUpperCase() + id.slice(1) : 'Net';
}

function inputFlow(model: tf.LayersModel): Flow {
  const shape = model.inputs[0]!.shape;
  const fail = (): never => {
    throw new PytorchExportError(
      model.name,
      model.getClassName(),
      `takes inputs of shape [${shape.join(', ')}]; the writer takes vectors [null, n] or images [null, h, w, c]`,
      'model',
    );
  };
  if (shape.length === 2 && typeof shape[1] === 'number')
    return { kind: 'vector', size: shape[1], order: null };
  const [, h, w, c] = shape;
  if (shape.length === 4 && typeof h === 'number' && typeof w === 'number' && typeof c === 'number')
    return { kind: 'image', h, w, c };
  return fail();
}

export function translateModel(model: tf.LayersModel): TorchModel {
  if (model.inputs.length !== 1 || model.outputs.length !== 1)
    throw new PytorchExportError(
      model.name,
      model.getClassName(),
      `has ${model.inputs.length} inputs and ${model.outputs.length} outputs, where the writer takes one of each`,
      'model',
    );
  const input = inputFlow(model);
  let flow = input;
  const used = new Set<string>();
  const modules: TorchModule[] = [];
  const forward: string[] = [];
  const tensors: TensorToWrite[] = [];
  let previous: tf.layers.Layer | null = null;
  for (const layer of model.layers) {
    const fail = (problem: string): never => {
      throw new PytorchExportError(layer.name, layer.getClassName(), problem);
    };
    if (layer instanceof tf.LayersModel) fail('is a model inside the model');
    if (layer.inboundNodes.length !== 1) fail('is used more than once');
    const from = layer.inboundNodes[0]!.inboundLayers;
    const isInput = layer.getClassName() === 'InputLayer';
    const fedByPrevious =
      from.length === 1 &&
      (from[0] === previous || (previous === null && from[0]!.getClassName() === 'InputLayer'));
    if (!isInput && !fedByPrevious)
      fail(
        from.length === 1
          ? `takes the output of "${from[0]!.name}", not of the layer before it: the writer takes a chain`
          : `takes ${from.length} inputs, where the writer takes a chain of one-input layers`,
      );
    const step = translateLayer(layer, isInput ? '' : attrName(layer.name, used), flow);
    if (step.module) modules.push(step.module);
    forward.push(...step.forward);
    tensors.push(...step.tensors);
    flow = step.flow;
    previous = layer;
  }
  if (previous && model.outputs[0]!.sourceLayer !== previous)
    throw new PytorchExportError(
      model.outputs[0]!.sourceLayer.name,
      model.outputs[0]!.sourceLayer.getClassName(),
      'is the output but not the last layer of the chain',
    );
  return { className: className(model.name), modules, forward, tensors, input, output: flow };
}
