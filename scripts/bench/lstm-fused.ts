/**
 * Focused bench for the Bitcoin LSTM of lesson 2 (one sample of 76 weeks × 7 days, LSTM(7) →
 * Dense(7), MSE, RMSprop, so an epoch is one step): ms per epoch of `tf.layers.lstm` and of
 * `fusedLstm` on tfjs's CPU and WASM backends in Node (`model.fit`, no app around it), beside
 * PyTorch's nn.LSTM on the CPU (scripts/bench/torch_bench.py). The configurations take turns
 * in each round, so a busy machine slows them alike; each figure is the median of the rounds'
 * medians. `npm run bench` measures the same model in the browser, through the kernel's fit.
 *
 *   npx tsx --tsconfig tsconfig.base.json scripts/bench/lstm-fused.ts [--rounds=3]
 */
import { loadavg } from 'node:os';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { fusedLstm } from '../../src/kernel/lib/fused-lstm/layer';
import { runTorch } from './pytorch';

type Layer = 'tf.layers.lstm' | 'fusedLstm';
const rounds = Number(/--rounds=(\d+)/.exec(process.argv.join(' '))?.[1] ?? 3);
const log = (message: string) => process.stdout.write(`${message}\n`);
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? (s[m] ?? Number.NaN) : ((s[m - 1] ?? 0) + (s[m] ?? 0)) / 2;
};

/** The median ms of `epochs` one-step epochs, after a warm-up. */
async function epochMs(backend: string, layer: Layer, epochs: number): Promise<number> {
  await tf.setBackend(backend);
  await tf.ready();
  const make = layer === 'fusedLstm' ? fusedLstm : tf.layers.lstm;
  const model = tf.sequential({
    layers: [
      make({ units: 7, batchInputShape: [1, 76, 7], returnSequences: false }),
      tf.layers.dense({ units: 7 }),
      tf.layers.activation({ activation: 'linear' }),
    ],
  });
  model.compile({ loss: 'meanSquaredError', optimizer: tf.train.rmsprop(0.001) });
  const x = tf.randomUniform([1, 76, 7]);
  const y = tf.randomUniform([1, 7]);
  await model.fit(x, y, { epochs: 5, verbose: 0 });
  const times: number[] = [];
  let start = 0;
  await model.fit(x, y, {
    epochs,
    verbose: 0,
    callbacks: {
      onEpochBegin: async () => {
        start = performance.now();
      },
      onEpochEnd: async () => {
        times.push(performance.now() - start);
      },
    },
  });
  model.dispose();
  tf.dispose([x, y]);
  return median(times);
}

const configs: [string, Layer, number][] = [
  ['cpu', 'tf.layers.lstm', 20],
  ['cpu', 'fusedLstm', 200],
  ['wasm', 'tf.layers.lstm', 20],
  ['wasm', 'fusedLstm', 200],
];
const ours = new Map<string, number[]>();
const torch: number[] = [];
let torchNote = '';
for (let r = 0; r < rounds; r++) {
  for (const [backend, layer, epochs] of configs) {
    const key = `${backend} · ${layer}`;
    ours.set(key, [...(ours.get(key) ?? []), await epochMs(backend, layer, epochs)]);
  }
  const t = runTorch(0, 2000, ['lstm']);
  if (t.available) {
    const ms = t.results[0]?.epochMs;
    if (typeof ms === 'number') torch.push(ms);
    torchNote = `PyTorch ${t.version}, ${t.threads} thread(s)`;
  } else torchNote = `PyTorch not available: ${t.reason}`;
}
const torchMs = torch.length ? median(torch) : undefined;
log(
  `\n${rounds} rounds · load average ${loadavg()
    .map((l) => l.toFixed(1))
    .join(' / ')} · ${torchNote}\n`,
);
log('| layer, backend | ms/epoch | × PyTorch CPU speed |');
log('|---|---|---|');
for (const [key, values] of ours) {
  const ms = median(values);
  const ratio = torchMs === undefined ? '—' : `${(torchMs / ms).toFixed(2)}×`;
  log(`| ${key} | ${ms.toFixed(2)} | ${ratio} |`);
}
if (torchMs !== undefined) log(`| PyTorch nn.LSTM, CPU | ${torchMs.toFixed(2)} | 1× |`);
