import type * as tf from '@tensorflow/tfjs';
import type { TensorToWrite } from '@/data/torch/write-pth';
import { tfjsPositionOfTorchFeature } from '../../weights/feature-order';
import { PytorchExportError } from './errors';

/**
 * One tfjs layer as PyTorch writes it: the `nn` module `__init__` creates (if any), the lines
 * `forward` runs, and the tensors of its state dict in PyTorch's layouts (Linear [out, in],
 * Conv2d OIHW, BatchNorm's running stats and counter).
 */

/** What flows between layers: a batch of vectors, or of images (PyTorch: N × C × H × W). */
export type Flow =
  | {
      kind: 'vector';
      size: number;
      /** Set by a flatten of an image: PyTorch's feature j is tfjs's feature order[j]. */
      order: Int32Array | null;
    }
  | { kind: 'image'; h: number; w: number; c: number };

export interface TorchModule {
  attr: string;
  ctor: string;
  /** The tfjs layer it stands for, when the names differ. */
  from: string;
}

export interface Step {
  module: TorchModule | null;
  forward: string[];
  tensors: TensorToWrite[];
  flow: Flow;
}

/** tfjs activations by the name getConfig() gives, as PyTorch expressions on `x`. */
const ACTIVATIONS: Record<string, (x: string) => string> = {
  linear: (x) => x,
  relu: (x) => `F.relu(${x})`,
  relu6: (x) => `F.relu6(${x})`,
  sigmoid: (x) => `torch.sigmoid(${x})`,
  tanh: (x) => `torch.tanh(${x})`,
  // tfjs normalises over the last axis: the features, or an image's channels (dim 1 in NCHW).
  softmax: (x) => `torch.softmax(${x}, dim=1)`,
  logSoftmax: (x) => `torch.log_softmax(${x}, dim=1)`,
  elu: (x) => `F.elu(${x})`,
  selu: (x) => `F.selu(${x})`,
  softplus: (x) => `F.softplus(${x})`,
  softsign: (x) => `F.softsign(${x})`,
  swish: (x) => `F.silu(${x})`,
  mish: (x) => `F.mish(${x})`,
  gelu: (x) => `F.gelu(${x})`,
  gelu_new: (x) => `F.gelu(${x}, approximate="tanh")`,
  // Keras's piecewise one, not torch's Hardsigmoid (x / 6 + 1/2).
  hardSigmoid: (x) => `torch.clamp(0.2 * ${x} + 0.5, 0.0, 1.0)`,
};

/** A number as Python source, without float noise (1 − 0.9 is 0.09999999999999998). */
export function py(n: number): string {
  const v = Number(n.toPrecision(12));
  return v !== 0 && Math.abs(v) < 1e-4 ? v.toExponential() : `${v}`;
}

const pyFloat = (n: number) => {
  const s = py(n);
  return /[.e]/.test(s) ? s : `${s}.0`;
};

/** `3` for (3, 3), `(3, 5)` otherwise: how PyTorch itself prints module arguments. */
const pair = (a: number, b: number) => (a === b ? `${a}` : `(${a}, ${b})`);

function pairOf(v: unknown, what: string, fail: (problem: string) => never): [number, number] {
  if (typeof v === 'number') return [v, v];
  if (Array.isArray(v) && v.length === 2 && v.every((n) => typeof n === 'number'))
    return [v[0] as number, v[1] as number];
  return fail(`has a ${what} of ${JSON.stringify(v)}`);
}

function activation(name: unknown, fail: (problem: string) => never): (x: string) => string {
  const f = typeof name === 'string' ? ACTIVATIONS[name] : undefined;
  return f ?? fail(`uses the activation ${JSON.stringify(name)}, which has no PyTorch twin here`);
}

/** The layer's weights by the end of their names (kernel, bias, gamma…), as float32 copies. */
function weightsOf(layer: tf.layers.Layer): Map<string, { shape: number[]; values: Float32Array }> {
  const out = new Map<string, { shape: number[]; values: Float32Array }>();
  const values = layer.getWeights();
  layer.weights.forEach((w, i) => {
    const t = values[i]!;
    const end = w.originalName.split('/').pop() ?? w.originalName;
    out.set(end, { shape: t.shape, values: Float32Array.from(t.dataSync()) });
  });
  return out;
}

function imageShape(shape: tf.Shape | tf.Shape[], fail: (p: string) => never) {
  const s = (Array.isArray(shape[0]) ? shape[0] : shape) as (number | null)[];
  const [, h, w, c] = s;
  if (s.length !== 4 || typeof h !== 'number' || typeof w !== 'number' || typeof c !== 'number')
    return fail(`has an output of shape [${s.join(', ')}], not a batch of sized images`);
  return { kind: 'image' as const, h, w, c };
}

/** TensorFlow's 'same' padding of one axis: the total split with the odd pixel at the end. */
function samePadding(size: number, kernel: number, stride: number, dilation: number) {
  const out = Math.ceil(size / stride);
  const total = Math.max((out - 1) * stride + (kernel - 1) * dilation + 1 - size, 0);
  const before = Math.floor(total / 2);
  return { before, after: total - before };
}

/** Pads for a 2-D 'same' layer: symmetric ones go in the module, others in an F.pad line. */
function padding2d(
  flow: Flow & { kind: 'image' },
  mode: unknown,
  kernel: [number, number],
  stride: [number, number],
  dilation: [number, number],
  fail: (p: string) => never,
): { symmetric: [number, number] | null; pad: [number, number, number, number] | null } {
  if (mode === 'valid') return { symmetric: [0, 0], pad: null };
  if (mode !== 'same') return fail(`has padding ${JSON.stringify(mode)}`);
  const y = samePadding(flow.h, kernel[0], stride[0], dilation[0]);
  const x = samePadding(flow.w, kernel[1], stride[1], dilation[1]);
  if (y.before === y.after && x.before === x.after)
    return { symmetric: [y.before, x.before], pad: null };
  // F.pad takes (left, right, top, bottom).
  return { symmetric: null, pad: [x.before, x.after, y.before, y.after] };
}

function requireImage(flow: Flow, fail: (p: string) => never): Flow & { kind: 'image' } {
  return flow.kind === 'image' ? flow : fail('takes vectors, where PyTorch needs images');
}

function requireChannelsLast(config: tf.serialization.ConfigDict, fail: (p: string) => never) {
  const format = config.dataFormat;
  if (format !== undefined && format !== null && format !== 'channelsLast')
    fail(`uses dataFormat ${JSON.stringify(format)}`);
}

/** BatchNorm params in PyTorch's feature order when a flatten came before (see Flow). */
function reorder(values: Float32Array, order: Int32Array | null): Float32Array {
  return order ? Float32Array.from(order, (j) => values[j]!) : values;
}

export function translateLayer(layer: tf.layers.Layer, attr: string, flow: Flow): Step {
  const className = layer.getClassName();
  const fail = (problem: string): never => {
    throw new PytorchExportError(layer.name, className, problem);
  };
  const config = layer.getConfig();
  const self = `self.${attr}`;
  const mod = (ctor: string): TorchModule => ({ attr, ctor, from: layer.name });
  const w = () => weightsOf(layer);

  switch (className) {
    case 'InputLayer':
      return { module: null, forward: [], tensors: [], flow };

    case 'Dense': {
      if (flow.kind !== 'vector')
        fail('takes images: tfjs applies it to each pixel, PyTorch needs a flatten first');
      const vec = flow as Flow & { kind: 'vector' };
      const weights = w();
      const kernel = weights.get('kernel') ?? fail('has no kernel');
      const [inF, outF] = kernel.shape as [number, number];
      if (inF !== vec.size) fail(`takes ${inF} features where ${vec.size} arrive`);
      const weight = new Float32Array(outF * inF);
      for (let o = 0; o < outF; o++)
        for (let j = 0; j < inF; j++) {
          const row = vec.order ? vec.order[j]! : j;
          weight[o * inF + j] = kernel.values[row * outF + o]!;
        }
      const bias = weights.get('bias');
      const act = activation(config.activation, fail);
      return {
        module: mod(`nn.Linear(${inF}, ${outF}${bias ? '' : ', bias=False'})`),
        forward: [`x = ${act(`${self}(x)`)}`],
        tensors: [
          { name: `${attr}.weight`, shape: [outF, inF], values: weight },
          ...(bias ? [{ name: `${attr}.bias`, shape: [outF], values: bias.values }] : []),
        ],
        flow: { kind: 'vector', size: outF, order: null },
      };
    }

    case 'Conv2D': {
      const image = requireImage(flow, fail);
      requireChannelsLast(config, fail);
      const weights = w();
      const kernel = weights.get('kernel') ?? fail('has no kernel');
      const [kh, kw, inC, outC] = kernel.shape as [number, number, number, number];
      if (inC !== image.c) fail(`takes ${inC} channels where ${image.c} arrive`);
      const stride = pairOf(config.strides, 'stride', fail);
      const dilation = pairOf(config.dilationRate ?? 1, 'dilation', fail);
      const { symmetric, pad } = padding2d(image, config.padding, [kh, kw], stride, dilation, fail);
      // HWIO → OIHW
      const weight = new Float32Array(kernel.values.length);
      for (let y = 0; y < kh; y++)
        for (let x = 0; x < kw; x++)
          for (let i = 0; i < inC; i++)
            for (let o = 0; o < outC; o++)
              weight[((o * inC + i) * kh + y) * kw + x] =
                kernel.values[((y * kw + x) * inC + i) * outC + o]!;
      const bias = weights.get('bias');
      const p = symmetric ?? [0, 0];
      const args = [
        `${inC}`,
        `${outC}`,
        `kernel_size=${pair(kh, kw)}`,
        `stride=${pair(...stride)}`,
        `padding=${pair(...p)}`,
        ...(dilation[0] !== 1 || dilation[1] !== 1 ? [`dilation=${pair(...dilation)}`] : []),
        ...(bias ? [] : ['bias=False']),
      ];
      const act = activation(config.activation, fail);
      return {
        module: mod(`nn.Conv2d(${args.join(', ')})`),
        forward: [
          // TensorFlow's 'same' puts the odd row or column of padding after: F.pad can, Conv2d can't.
          ...(pad ? [`x = F.pad(x, (${pad.join(', ')}))`] : []),
          `x = ${act(`${self}(x)`)}`,
        ],
        tensors: [
          { name: `${attr}.weight`, shape: [outC, inC, kh, kw], values: weight },
          ...(bias ? [{ name: `${attr}.bias`, shape: [outC], values: bias.values }] : []),
        ],
        flow: imageShape(layer.outputShape, fail),
      };
    }

    case 'MaxPooling2D':
    case 'AveragePooling2D': {
      const image = requireImage(flow, fail);
      requireChannelsLast(config, fail);
      const kernel = pairOf(config.poolSize, 'pool size', fail);
      const stride = pairOf(config.strides ?? config.poolSize, 'stride', fail);
      const { symmetric, pad } = padding2d(image, config.padding, kernel, stride, [1, 1], fail);
      const max = className === 'MaxPooling2D';
      if (pad && !max)
        fail("pads unevenly ('same' with this size and stride), which nn.AvgPool2d cannot");
      const p = symmetric ?? [0, 0];
      const padded = p[0] > 0 || p[1] > 0;
      const args = [
        `${pair(...kernel)}`,
        `stride=${pair(...stride)}`,
        ...(padded ? [`padding=${pair(...p)}`] : []),
        // TensorFlow averages over the pixels inside the image only.
        ...(padded && !max ? ['count_include_pad=False'] : []),
      ];
      return {
        module: mod(`nn.${max ? 'MaxPool2d' : 'AvgPool2d'}(${args.join(', ')})`),
        forward: [
          ...(pad ? [`x = F.pad(x, (${pad.join(', ')}), value=float("-inf"))`] : []),
          `x = ${self}(x)`,
        ],
        tensors: [],
        flow: imageShape(layer.outputShape, fail),
      };
    }

    case 'GlobalAveragePooling2D':
    case 'GlobalMaxPooling2D': {
      const image = requireImage(flow, fail);
      requireChannelsLast(config, fail);
      if (config.keepDims === true) fail('keeps its dimensions');
      const op = className === 'GlobalMaxPooling2D' ? 'torch.amax' : 'torch.mean';
      return {
        module: null,
        forward: [`x = ${op}(x, dim=(2, 3))`],
        tensors: [],
        flow: { kind: 'vector', size: image.c, order: null },
      };
    }

    case 'ZeroPadding2D': {
      requireImage(flow, fail);
      requireChannelsLast(config, fail);
      const padding = config.padding as unknown;
      const ok =
        Array.isArray(padding) &&
        padding.length === 2 &&
        padding.every((p) => Array.isArray(p) && p.length === 2);
      if (!ok) fail(`has padding ${JSON.stringify(padding)}`);
      const [[top, bottom], [left, right]] = padding as [[number, number], [number, number]];
      return {
        module: mod(`nn.ZeroPad2d((${left}, ${right}, ${top}, ${bottom}))`),
        forward: [`x = ${self}(x)`],
        tensors: [],
        flow: imageShape(layer.outputShape, fail),
      };
    }

    case 'BatchNormalization': {
      const rank = flow.kind === 'image' ? 4 : 2;
      const axis = config.axis;
      if (axis !== -1 && axis !== rank - 1 && !(Array.isArray(axis) && axis[0] === rank - 1))
        fail(`normalises axis ${JSON.stringify(axis)}, not the channels`);
      const affine = config.center !== false && config.scale !== false;
      if (!affine && (config.center !== false || config.scale !== false))
        fail('has only one of center and scale, where BatchNorm has both or neither');
      const weights = w();
      const order = flow.kind === 'vector' ? flow.order : null;
      const get = (key: string) =>
        reorder((weights.get(key) ?? fail(`has no ${key}`)).values, order);
      const features = flow.kind === 'image' ? flow.c : flow.size;
      const args = [
        `${features}`,
        `eps=${py(Number(config.epsilon))}`,
        // Keras keeps `momentum` of the old average, PyTorch takes `momentum` of the new batch.
        `momentum=${py(1 - Number(config.momentum))}`,
        ...(affine ? [] : ['affine=False']),
      ];
      return {
        module: mod(`nn.BatchNorm${flow.kind === 'image' ? '2d' : '1d'}(${args.join(', ')})`),
        forward: [`x = ${self}(x)`],
        tensors: [
          ...(affine
            ? [
                { name: `${attr}.weight`, shape: [features], values: get('gamma') },
                { name: `${attr}.bias`, shape: [features], values: get('beta') },
              ]
            : []),
          { name: `${attr}.running_mean`, shape: [features], values: get('moving_mean') },
          { name: `${attr}.running_var`, shape: [features], values: get('moving_variance') },
          // tfjs counts no batches; the counter only matters with momentum=None.
          { name: `${attr}.num_batches_tracked`, shape: [], values: BigInt64Array.of(0n) },
        ],
        flow,
      };
    }

    case 'Dropout':
      return {
        module: mod(`nn.Dropout(p=${pyFloat(Number(config.rate))})`),
        forward: [`x = ${self}(x)`],
        tensors: [],
        flow,
      };

    case 'Flatten':
    case 'Reshape': {
      if (className === 'Reshape') {
        const target = config.targetShape as unknown;
        if (!Array.isArray(target) || target.length !== 1)
          fail(
            `reshapes to [${String(target)}]; only a reshape to one axis (a flatten) is written`,
          );
      } else requireChannelsLast(config, fail);
      if (flow.kind === 'vector') return { module: null, forward: [], tensors: [], flow };
      const { h, w: width, c } = flow;
      return {
        module: null,
        forward: ['x = torch.flatten(x, 1)'],
        tensors: [],
        flow: {
          kind: 'vector',
          size: h * width * c,
          order: tfjsPositionOfTorchFeature(h, width, c),
        },
      };
    }

    case 'Activation':
      return {
        module: null,
        forward: [`x = ${activation(config.activation, fail)('x')}`],
        tensors: [],
        flow,
      };

    case 'ReLU': {
      const max = config.maxValue;
      const code =
        max === null || max === undefined
          ? 'F.relu(x)'
          : max === 6
            ? 'F.relu6(x)'
            : `torch.clamp(x, 0.0, ${pyFloat(Number(max))})`;
      return { module: null, forward: [`x = ${code}`], tensors: [], flow };
    }

    case 'LeakyReLU':
      return {
        module: null,
        forward: [`x = F.leaky_relu(x, negative_slope=${pyFloat(Number(config.alpha ?? 0.3))})`],
        tensors: [],
        flow,
      };

    case 'ELU':
      return {
        module: null,
        forward: [`x = F.elu(x, alpha=${pyFloat(Number(config.alpha ?? 1))})`],
        tensors: [],
        flow,
      };

    case 'Softmax': {
      const axis = config.axis;
      const last = flow.kind === 'image' ? 3 : 1;
      if (
        axis !== -1 &&
        axis !== last &&
        !(Array.isArray(axis) && axis.length === 1 && (axis[0] === -1 || axis[0] === last))
      )
        fail(`normalises axis ${JSON.stringify(axis)}`);
      return { module: null, forward: ['x = torch.softmax(x, dim=1)'], tensors: [], flow };
    }

    default:
      return fail('has no PyTorch equivalent in this writer');
  }
}
