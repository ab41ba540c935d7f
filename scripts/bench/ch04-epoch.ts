/**
 * `npx tsx --tsconfig tsconfig.base.json scripts/bench/ch04-epoch.ts`: the wall time of one book-preset epoch of Activity 4.01
 * on WASM, estimated from steps on the real CIFAR-10 subset, because the full tarball is not on
 * this machine. Runs the notebook's own loop (uint8 batch → ToTensor → Normalize, Adam 0.001,
 * batches of 100) in Node on tfjs-backend-wasm with the app's gradient kernels, one thread, as
 * the app's kernel does. Reports wall time and this process's CPU time per step: on a shared,
 * loaded machine the CPU time is what an idle core would take; the wall time is what it took.
 * Then scales to the book: 400 training steps and 100 validation batches an epoch, 50 epochs.
 */
import { readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { readCifar10 } from '../../src/data/cifar10/read';
import { batchOf, Compose, Normalize, ToTensor } from '../../src/kernel/lib/transforms';
import { registerWasmGradKernels } from '../../src/kernel/wasm-grad/register';
import { sharedDataPath } from '../shared-data';

const say = (line: string) => process.stdout.write(`${line}\n`);
const TRAIN_STEPS = Number(process.env.STEPS ?? 20);
const BOOK = { trainSteps: 400, evalBatches: 100, epochs: 50, testBatches: 100 };

function net(): tf.Sequential {
  const conv = (filters: number) => [
    tf.layers.conv2d({ filters, kernelSize: 3, padding: 'same', activation: 'relu' }),
    tf.layers.maxPooling2d({ poolSize: 2, strides: 2 }),
  ];
  return tf.sequential({
    layers: [
      tf.layers.inputLayer({ inputShape: [32, 32, 3] }),
      ...conv(10),
      ...conv(20),
      ...conv(40),
      tf.layers.flatten(),
      tf.layers.dropout({ rate: 0.2 }),
      tf.layers.dense({ units: 100, activation: 'relu' }),
      tf.layers.dropout({ rate: 0.2 }),
      tf.layers.dense({ units: 10 }),
    ],
  });
}

/** Wall and CPU milliseconds of `f`, run `n` times after `warm` untimed runs. */
async function time(n: number, warm: number, f: (i: number) => Promise<void>) {
  for (let i = 0; i < warm; i++) await f(i);
  const wall0 = performance.now();
  const cpu0 = process.cpuUsage();
  for (let i = 0; i < n; i++) await f(warm + i);
  const cpu = process.cpuUsage(cpu0);
  return { wallMs: (performance.now() - wall0) / n, cpuMs: (cpu.user + cpu.system) / 1000 / n };
}

async function main() {
  const path = sharedDataPath('cifar-10/cifar-10-subset-binary.tar.gz', 'ch04-epoch');
  if (!path) throw new Error('needs ../shared/data/cifar-10/cifar-10-subset-binary.tar.gz');
  const data = await readCifar10([
    { name: 'subset.tar.gz', bytes: new Uint8Array(readFileSync(path)) },
  ]);
  registerWasmGradKernels();
  await tf.setBackend('wasm');
  await tf.ready();
  const model = net();
  const optimizer = tf.train.adam(0.001);
  const toInput = Compose([ToTensor(), Normalize([0.5, 0.5, 0.5], [0.5, 0.5, 0.5])]);
  const batch = (i: number) => {
    const start = (i * 100) % (data.train.count - 100);
    const b = batchOf(data.train, start, start + 100);
    return { x: toInput(b) as tf.Tensor4D, y: tf.oneHot(tf.tensor1d(b.labels!, 'int32'), 10) };
  };
  const step = await time(TRAIN_STEPS, 3, async (i) => {
    const loss = tf.tidy((): tf.Scalar => {
      const { x, y } = batch(i);
      return optimizer.minimize(
        () =>
          tf.losses.softmaxCrossEntropy(
            y,
            model.apply(x, { training: true }) as tf.Tensor,
          ) as tf.Scalar,
        true,
      ) as tf.Scalar;
    });
    await loss.data();
    loss.dispose();
  });
  const evaluate = await time(TRAIN_STEPS, 2, async (i) => {
    const out = tf.tidy(() => (model.predict(batch(i).x) as tf.Tensor).argMax(1));
    await out.data();
    out.dispose();
  });
  const epoch = (k: 'wallMs' | 'cpuMs') =>
    (BOOK.trainSteps * step[k] + BOOK.evalBatches * evaluate[k]) / 1000;
  const whole = (k: 'wallMs' | 'cpuMs') =>
    (BOOK.epochs * epoch(k) * 1000 + BOOK.testBatches * evaluate[k]) / 1000 / 60;
  const r = (v: number, d = 1) => v.toFixed(d);
  say(
    `backend ${tf.getBackend()}, ${TRAIN_STEPS} timed steps of 100 images (Activity 4.01's Net, Adam 0.001)`,
  );
  say(
    `training step: ${r(step.wallMs, 0)} ms wall, ${r(step.cpuMs, 0)} ms CPU (${r(100000 / step.cpuMs, 0)} images/s on a free core)`,
  );
  say(`evaluation batch: ${r(evaluate.wallMs, 0)} ms wall, ${r(evaluate.cpuMs, 0)} ms CPU`);
  say(
    `book epoch (400 steps + 100 validation batches): ${r(epoch('cpuMs'))} s CPU, ${r(epoch('wallMs'))} s wall here`,
  );
  say(
    `Activity 4.01 book run (50 epochs + test): ${r(whole('cpuMs'))} min CPU, ${r(whole('wallMs'))} min wall here`,
  );
  const load = loadavg()[0] ?? 0;
  say(`load average while measuring: ${r(load)} on ${cpus().length} cores`);
}

void main();
