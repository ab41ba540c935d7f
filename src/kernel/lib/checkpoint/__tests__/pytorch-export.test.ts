import './worker-globals';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { strFromU8 } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readPth } from '@/data/torch/pth';
import { jupyterPython, runPython } from '../../../../../scripts/jupyter/python';
import { manualSeed } from '../../seed';
import { torchLinear } from '../../torch-layers';
import { applyStateDict } from '../../weights/apply-state-dict';
import { checkpoint } from '../api';
import { PytorchExportError } from '../pytorch/errors';

/**
 * `checkpoint.download(name, { format: 'pytorch' })` for the models of the PyTorch book's
 * chapters 1–4, checked with the real PyTorch (Debian's python3-torch): torch.load with
 * weights_only=True reads the .pth, the generated model.py loads it strictly, and its outputs
 * match the app's to 1e-5. Under CI=1 a missing PyTorch fails; locally those tests skip.
 */

// Debian's python3-torch, in /usr/bin/python3 first (see scripts/jupyter/python.ts).
const python = jupyterPython(['torch']);
const dir = mkdtempSync(join(tmpdir(), 'tfnb-pytorch-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/**
 * Loads each case's `.pth` with `torch.load(weights_only=True)` into its generated module
 * (strict `load_state_dict`), runs it in eval mode on the case's input (N×H×W×C images are
 * permuted to PyTorch's N×C×H×W, and 4-D outputs back) and prints the outputs as JSON.
 */
const RUN_EXPORTED = `
import importlib.util, json, sys
import torch

cases = json.load(open(sys.argv[1]))
out = {}
for case in cases:
    spec = importlib.util.spec_from_file_location(case["module"], case["model_py"])
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    model = getattr(module, case["class_name"])()
    state = torch.load(case["pth"], weights_only=True)
    model.load_state_dict(state)
    model.eval()
    x = torch.tensor(case["input"], dtype=torch.float32)
    if x.dim() == 4:
        x = x.permute(0, 3, 1, 2)
    with torch.no_grad():
        y = model(x)
    if y.dim() == 4:
        y = y.permute(0, 2, 3, 1)
    out[case["name"]] = {
        "output": y.flatten().tolist(),
        "shape": list(y.shape),
        "keys": list(state.keys()),
        "dtypes": sorted({str(t.dtype) for t in state.values()}),
        "input_shape": list(module.INPUT_SHAPE),
    }
print(json.dumps(out))
`;

/** Every weight set to seeded values, so biases and BatchNorm statistics are not 0 and 1. */
function randomise(model: tf.LayersModel, seed: number): void {
  let state = seed;
  const next = () => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return state / 2 ** 31;
  };
  for (const layer of model.layers) {
    const values = layer.weights.map((w) => {
      const n = w.shape.reduce((a, b) => a * b, 1);
      const end = w.originalName.split('/').pop();
      const fanIn = w.shape.length > 1 ? n / (w.shape.at(-1) ?? 1) : 1;
      const draw = (): number => {
        const u = next() - 0.5;
        if (end === 'kernel') return (2 * u) / Math.sqrt(fanIn);
        if (end === 'gamma') return 1 + u;
        if (end === 'moving_variance') return 1 + u;
        if (end === 'moving_mean') return 0.4 * u;
        return 0.2 * u;
      };
      return tf.tensor(Float32Array.from({ length: n }, draw), w.shape);
    });
    if (values.length > 0) layer.setWeights(values);
    tf.dispose(values);
  }
}

/** Inputs that are the same on both sides: a smooth pattern in [-1, 1]. */
function inputFor(model: tf.LayersModel, rows = 3): { tensor: tf.Tensor; nested: unknown } {
  const shape = [rows, ...(model.inputs[0]!.shape.slice(1) as number[])];
  const n = shape.reduce((a, b) => a * b, 1);
  const tensor = tf.tensor(
    Float32Array.from({ length: n }, (_, i) => Math.sin(i * 0.37) * Math.cos(i * 0.011)),
    shape,
  );
  return { tensor, nested: tensor.arraySync() };
}

/** Exercise 3.01's Classifier: a custom forward with ReLU and softmax as layers of their own. */
function ch03Classifier(): tf.LayersModel {
  const linear1 = torchLinear({ inputDim: 10, units: 5, name: 'linear1' });
  const linear2 = torchLinear({ inputDim: 5, units: 2, name: 'linear2' });
  const x = tf.input({ shape: [10] });
  const z = tf.layers.reLU().apply(linear1.apply(x)) as tf.SymbolicTensor;
  const o = tf.layers.softmax().apply(linear2.apply(z)) as tf.SymbolicTensor;
  return tf.model({ inputs: x, outputs: o, name: 'Classifier' });
}

/** Activity 3.02's final model: 22 → 100 → 100 → 50 → 50 → 2 with dropout, as the book names it. */
function ch03Final(): tf.LayersModel {
  const x = tf.input({ shape: [22] });
  let h = x as tf.SymbolicTensor;
  let fanIn = 22;
  [100, 100, 50, 50].forEach((units, i) => {
    h = torchLinear({ inputDim: fanIn, units, activation: 'relu', name: `hidden_${i + 1}` }).apply(
      h,
    ) as tf.SymbolicTensor;
    h = tf.layers.dropout({ rate: 0.1, name: `dropout_${i + 1}` }).apply(h) as tf.SymbolicTensor;
    fanIn = units;
  });
  const out = torchLinear({ inputDim: fanIn, units: 2, activation: 'softmax', name: 'output' });
  return tf.model({ inputs: x, outputs: out.apply(h) as tf.SymbolicTensor, name: 'Classifier' });
}

/** Activity 1.01: one Linear and a sigmoid. */
function ch01Happiness(): tf.LayersModel {
  return tf.sequential({
    name: 'happiness',
    layers: [
      torchLinear({ inputDim: 6, units: 1, name: 'linear' }),
      tf.layers.activation({ activation: 'sigmoid', name: 'sigmoid' }),
    ],
  });
}

/** Activity 4.03's Net: three conv/BatchNorm/pool blocks, then 640 → 100 → 10 with BatchNorm1d. */
function ch04BatchNorm(): tf.LayersModel {
  const conv = (i: number, filters: number) => [
    tf.layers.conv2d({
      filters,
      kernelSize: 3,
      strides: 1,
      padding: 'same',
      activation: 'relu',
      name: `conv${i}`,
    }),
    tf.layers.batchNormalization({ momentum: 0.9, epsilon: 1e-5, name: `norm${i}` }),
    tf.layers.maxPooling2d({ poolSize: 2, strides: 2, name: `pool${i}` }),
  ];
  return tf.sequential({
    name: 'Net',
    layers: [
      tf.layers.inputLayer({ inputShape: [32, 32, 3] }),
      ...conv(1, 10),
      ...conv(2, 20),
      ...conv(3, 40),
      tf.layers.flatten({ name: 'flatten' }),
      tf.layers.dropout({ rate: 0.2, name: 'dropout1' }),
      tf.layers.dense({ units: 100, activation: 'relu', name: 'linear1' }),
      tf.layers.batchNormalization({ momentum: 0.9, epsilon: 1e-5, name: 'norm4' }),
      tf.layers.dropout({ rate: 0.2, name: 'dropout2' }),
      tf.layers.dense({ units: 10, name: 'linear2' }),
    ],
  });
}

/** The chapter 4 MNIST demo: a 5×5 conv, a pool, `x.view(-1, n)` as a Reshape, two Linears. */
function ch04Mnist(): tf.LayersModel {
  return tf.sequential({
    name: 'CNN_network',
    layers: [
      tf.layers.inputLayer({ inputShape: [28, 28, 1] }),
      tf.layers.conv2d({
        filters: 16,
        kernelSize: 5,
        strides: 1,
        padding: 'same',
        activation: 'relu',
        name: 'conv1',
      }),
      tf.layers.maxPooling2d({ poolSize: 2, strides: 2, name: 'pool1' }),
      tf.layers.reshape({ targetShape: [14 * 14 * 16], name: 'view' }),
      tf.layers.dense({ units: 64, activation: 'relu', name: 'linear1' }),
      tf.layers.dense({ units: 10, name: 'linear2' }),
    ],
  });
}

/**
 * What the books do not do but tfjs allows: odd sizes, where TensorFlow's 'same' pads one
 * pixel more after than before; BatchNorm right after a flatten; layer names Python rejects.
 */
function oddShapes(): tf.LayersModel {
  return tf.sequential({
    name: 'odd shapes',
    layers: [
      tf.layers.zeroPadding2d({
        inputShape: [19, 15, 2],
        padding: [
          [1, 0],
          [0, 2],
        ],
        name: 'pad',
      }),
      tf.layers.conv2d({ filters: 4, kernelSize: 3, strides: 2, padding: 'same', name: 'conv-a' }),
      tf.layers.leakyReLU({ alpha: 0.1, name: 'leaky' }),
      tf.layers.maxPooling2d({ poolSize: 3, strides: 2, padding: 'same', name: 'pool' }),
      tf.layers.conv2d({
        filters: 3,
        kernelSize: [2, 3],
        padding: 'valid',
        useBias: false,
        activation: 'tanh',
        name: 'class',
      }),
      tf.layers.averagePooling2d({ poolSize: 2, strides: 1, padding: 'valid', name: 'avg' }),
      tf.layers.batchNormalization({ epsilon: 1e-3, name: 'norm2d' }),
      tf.layers.flatten({ name: 'flat' }),
      tf.layers.batchNormalization({ momentum: 0.99, name: 'norm1d' }),
      tf.layers.dense({ units: 5, activation: 'elu', name: '2nd' }),
      tf.layers.activation({ activation: 'softmax', name: 'probabilities' }),
    ],
  });
}

/** A global average pool head and a symmetric 'same' average pool. */
function globalPool(): tf.LayersModel {
  return tf.sequential({
    name: 'gap',
    layers: [
      tf.layers.conv2d({ inputShape: [8, 8, 3], filters: 6, kernelSize: 3, padding: 'same' }),
      tf.layers.averagePooling2d({ poolSize: 3, strides: 1, padding: 'same' }),
      tf.layers.reLU({ maxValue: 6 }),
      tf.layers.globalAveragePooling2d({}),
      tf.layers.dense({ units: 3, activation: 'sigmoid' }),
    ],
  });
}

const CASES: [string, () => tf.LayersModel][] = [
  ['ch01-happiness', ch01Happiness],
  ['ch03-classifier', ch03Classifier],
  ['ch03-final', ch03Final],
  ['ch04-batchnorm', ch04BatchNorm],
  ['ch04-mnist', ch04Mnist],
  ['odd-shapes', oddShapes],
  ['global-pool', globalPool],
];

interface Exported {
  name: string;
  model: tf.LayersModel;
  predicted: Float32Array;
  pth: Uint8Array;
  modelPy: string;
  input: unknown;
}

async function exportCase(name: string, build: () => tf.LayersModel, seed: number) {
  manualSeed(seed);
  const model = build();
  randomise(model, seed);
  await checkpoint.save(model, name);
  const files = await checkpoint.files(name, { format: 'pytorch' });
  const { tensor, nested } = inputFor(model);
  const predicted = tf.tidy(() => (model.predict(tensor) as tf.Tensor).dataSync()) as Float32Array;
  tensor.dispose();
  const pth = files.find((f) => f.fileName.endsWith('.pth'))!;
  const py = files.find((f) => f.fileName.endsWith('.py'))!;
  return { name, model, predicted, pth: pth.bytes, modelPy: strFromU8(py.bytes), input: nested };
}

describe("checkpoint.download(name, { format: 'pytorch' })", () => {
  const exported: Exported[] = [];
  beforeAll(async () => {
    for (const [i, [name, build]] of CASES.entries())
      exported.push(await exportCase(name, build, 11 + i));
  });

  it('gives name.pth and an importable name_model.py', async () => {
    const files = await checkpoint.files('ch03-final', { format: 'pytorch' });
    expect(files.map((f) => f.fileName)).toEqual(['ch03_final.pth', 'ch03_final_model.py']);
    const py = strFromU8(files[1]!.bytes);
    expect(py).toContain('class Classifier(nn.Module):');
    expect(py).toContain('        self.hidden_1 = nn.Linear(22, 100)');
    expect(py).toContain('        self.dropout_1 = nn.Dropout(p=0.1)');
    expect(py).toContain('        x = torch.softmax(self.output(x), dim=1)');
    expect(py).toContain('torch.load("ch03_final.pth", weights_only=True)');
  });

  it("writes PyTorch's names and layouts: Linear [out, in], Conv2d OIHW, BatchNorm's buffers", () => {
    const net = exported.find((e) => e.name === 'ch04-batchnorm')!;
    const sd = readPth('net.pth', net.pth).stateDict;
    expect([...sd.keys()].slice(0, 7)).toEqual([
      'conv1.weight',
      'conv1.bias',
      'norm1.weight',
      'norm1.bias',
      'norm1.running_mean',
      'norm1.running_var',
      'norm1.num_batches_tracked',
    ]);
    expect(sd.get('conv1.weight')!.shape).toEqual([10, 3, 3, 3]);
    expect(sd.get('linear1.weight')!.shape).toEqual([100, 640]);
    expect(sd.get('norm1.num_batches_tracked')!.dtype).toBe('int64');
    // OIHW[o][i][h][w] = HWIO[h][w][i][o]
    const hwio = net.model.getLayer('conv1').getWeights()[0]!.arraySync() as number[][][][];
    const oihw = sd.get('conv1.weight')!.values;
    expect(oihw[((7 * 3 + 2) * 3 + 1) * 3 + 0]).toBe(hwio[1]![0]![2]![7]);
    expect(net.modelPy).toContain('nn.BatchNorm2d(10, eps=1e-5, momentum=0.1)');
    expect(net.modelPy).toContain('nn.BatchNorm1d(100, eps=1e-5, momentum=0.1)');
    expect(net.modelPy).toContain('nn.Conv2d(3, 10, kernel_size=3, stride=1, padding=1)');
    expect(net.modelPy).toContain('nn.MaxPool2d(2, stride=2)');
    expect(net.modelPy).toContain('x = torch.flatten(x, 1)');
  });

  it('reads back into the same tfjs model through weights.apply, predicting the same', () => {
    for (const e of exported) {
      const twin = CASES.find(([n]) => n === e.name)![1]();
      applyStateDict(twin, readPth(`${e.name}.pth`, e.pth).stateDict, {
        names: Object.fromEntries(
          twin.layers.map((l, i) => [l.name, e.model.layers[i]!.name.replace(/[^\w]/g, '_')]),
        ),
      });
      const { tensor } = inputFor(twin);
      const got = tf.tidy(() => (twin.predict(tensor) as tf.Tensor).dataSync());
      tensor.dispose();
      const worst = Math.max(...Array.from(got, (v, i) => Math.abs(v - e.predicted[i]!)));
      expect(worst, e.name).toBeLessThan(1e-6);
      twin.dispose();
    }
  });

  describe('loaded by the real PyTorch', () => {
    if (!python.ok) {
      if (process.env.CI) {
        it('has PyTorch to load the downloads with', () => {
          throw new Error(python.reason);
        });
      } else {
        process.stdout.write(`Skipping the PyTorch checks: ${python.reason}\n`);
        it.skip(`loads the downloads in PyTorch [skipped: ${python.reason}]`, () => undefined);
      }
      return;
    }
    let results: Record<
      string,
      { output: number[]; shape: number[]; keys: string[]; dtypes: string[]; input_shape: number[] }
    >;
    beforeAll(() => {
      const cases = exported.map((e) => {
        const base = e.name.replace(/-/g, '_');
        const pth = join(dir, `${base}.pth`);
        const modelPy = join(dir, `${base}_model.py`);
        writeFileSync(pth, e.pth);
        writeFileSync(modelPy, e.modelPy);
        const className = /^class (\w+)\(nn\.Module\):/m.exec(e.modelPy)![1];
        return {
          name: e.name,
          module: `${base}_model`,
          model_py: modelPy,
          pth,
          class_name: className,
          input: e.input,
        };
      });
      const manifest = join(dir, 'cases.json');
      writeFileSync(manifest, JSON.stringify(cases));
      results = JSON.parse(runPython(python.python, RUN_EXPORTED, [manifest]));
    }, 120_000);

    it.each(CASES.map(([n]) => n))(
      '%s: torch.load(weights_only=True) + load_state_dict(strict) + forward match the app to 1e-5',
      (name) => {
        const e = exported.find((x) => x.name === name)!;
        const r = results[name]!;
        expect(r.shape.slice(1)).toEqual(e.model.outputs[0]!.shape.slice(1));
        expect(r.output.length).toBe(e.predicted.length);
        const worst = Math.max(...r.output.map((v, i) => Math.abs(v - e.predicted[i]!)));
        expect(worst).toBeLessThan(1e-5);
      },
    );

    it('keeps the state dict to float32 weights and the int64 BatchNorm counters', () => {
      expect(results['ch04-batchnorm']!.dtypes).toEqual(['torch.float32', 'torch.int64']);
      expect(results['ch03-final']!.keys).toEqual(
        ['hidden_1', 'hidden_2', 'hidden_3', 'hidden_4', 'output'].flatMap((m) => [
          `${m}.weight`,
          `${m}.bias`,
        ]),
      );
      expect(results['ch04-batchnorm']!.input_shape).toEqual([3, 32, 32]);
    });
  });
});

describe('models the PyTorch writer refuses, naming the layer', () => {
  async function refusal(model: tf.LayersModel, name: string): Promise<PytorchExportError> {
    await checkpoint.save(model, name);
    const error = await checkpoint.files(name, { format: 'pytorch' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PytorchExportError);
    return error as PytorchExportError;
  }

  it('a model of sequences (an LSTM), by its input', async () => {
    const model = tf.sequential({
      layers: [
        tf.layers.lstm({ inputShape: [5, 3], units: 4, name: 'memory' }),
        tf.layers.dense({ units: 1 }),
      ],
    });
    const error = await refusal(model, 'lstm');
    expect(error.message).toMatch(/model "sequential_\d+" \(Sequential\) takes inputs of shape/);
  });

  it('a layer the writer does not know, in a model it could otherwise write', async () => {
    const model = tf.sequential({
      layers: [
        tf.layers.dense({ inputShape: [4], units: 3, name: 'first' }),
        tf.layers.repeatVector({ n: 2, name: 'again' }),
      ],
    });
    const error = await refusal(model, 'repeat');
    expect(error.layer).toBe('again');
    expect(error.message).toBe(
      'The model cannot be written for PyTorch: layer "again" (RepeatVector) has no PyTorch equivalent in this writer.',
    );
    expect(error.hint).toMatch(/Download the \.zip or the tfjs files/);
  });

  it('a graph that is not a chain (a skip connection)', async () => {
    const x = tf.input({ shape: [4] });
    const a = tf.layers.dense({ units: 4, name: 'a' }).apply(x) as tf.SymbolicTensor;
    const b = tf.layers.dense({ units: 4, name: 'b' }).apply(a) as tf.SymbolicTensor;
    const sum = tf.layers.add({ name: 'skip' }).apply([a, b]) as tf.SymbolicTensor;
    const error = await refusal(tf.model({ inputs: x, outputs: sum }), 'skip');
    expect(error.layer).toBe('skip');
    expect(error.message).toContain('takes 2 inputs');
  });
});
