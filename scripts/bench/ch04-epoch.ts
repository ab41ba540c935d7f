/**
 * `npx tsx --tsconfig tsconfig.base.json scripts/bench/ch04-epoch.ts`: the wall time of one
 * book-preset epoch of Activity 4.01 (`NET=4.03`: Activity 4.03, the same net with BatchNorm
 * after each ReLU, 100 book epochs) on WASM, estimated from steps on the real CIFAR-10 subset,
 * because the full tarball is not on this machine. Runs the notebook's own loop (uint8 batch → ToTensor → Normalize, Adam 0.001,
 * batches of 100) in Node on tfjs-backend-wasm with the app's gradient kernels, one thread, as
 * the app's kernel does. Reports wall time and this process's CPU time per step: on a shared,
 * loaded machine the CPU time is what an idle core would take; the wall time is what it took.
 * Then scales to the book: 400 training steps and 100 validation batches an epoch, 50 epochs.
 * `PROFILE=n` also profiles n more training steps with `tf.profile` and prints the kernels'
 * times (min over the steps), to see where a step goes; `PROFILE_DUMP=file` writes the last
 * profiled step's kernels (name, ms, input and output shapes) one a line. `UNFUSED_BN=1` leaves
 * BatchNorm to tfjs's ops, for an A/B of the fused kernel; `NO_SIMD=1` turns off our WASM SIMD
 * kernels (src/kernel/wasm-simd), for an A/B of those. `EPOCH=1` also runs one whole book epoch
 * (400 training steps and 100 validation batches, the subset's images cycled) and reports its
 * measured time beside the estimate.
 */
import { readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { readCifar10 } from '../../src/data/cifar10/read';
import { installFusedAdam } from '../../src/kernel/fused-adam/install';
import { installFusedBatchNorm } from '../../src/kernel/fused-batch-norm/install';
import { batchOf, Compose, Normalize, ToTensor } from '../../src/kernel/lib/transforms';
import { registerWasmGradKernels } from '../../src/kernel/wasm-grad/register';
import { setSimdKernelsEnabled } from '../../src/kernel/wasm-simd/instance';
import { sharedDataPath } from '../shared-data';

const say = (line: string) => process.stdout.write(`${line}\n`);
const TRAIN_STEPS = Number(process.env.STEPS ?? 20);
const PROFILE = Number(process.env.PROFILE ?? 0);
const NET = process.env.NET === '4.03' ? '4.03' : '4.01';
const BOOK = {
  trainSteps: 400,
  evalBatches: 100,
  epochs: NET === '4.03' ? 100 : 50,
  testBatches: 100,
};

/** The notebooks' Net: Activity 4.01's, or 4.03's with BatchNorm (PyTorch's defaults). */
function net(): tf.Sequential {
  const norm = () =>
    NET === '4.03' ? [tf.layers.batchNormalization({ momentum: 0.9, epsilon: 1e-5 })] : [];
  const conv = (filters: number) => [
    tf.layers.conv2d({ filters, kernelSize: 3, padding: 'same', activation: 'relu' }),
    ...norm(),
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
      ...norm(),
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
  // What the app's kernel installs (src/kernel/backend.ts).
  registerWasmGradKernels();
  setSimdKernelsEnabled(process.env.NO_SIMD !== '1');
  installFusedAdam();
  if (process.env.UNFUSED_BN !== '1') installFusedBatchNorm();
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
  const trainStep = async (i: number) => {
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
  };
  const step = await time(TRAIN_STEPS, 3, trainStep);
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
    `backend ${tf.getBackend()}, ${TRAIN_STEPS} timed steps of 100 images (Activity ${NET}'s Net, Adam 0.001)`,
  );
  say(
    `training step: ${r(step.wallMs, 0)} ms wall, ${r(step.cpuMs, 0)} ms CPU (${r(100000 / step.cpuMs, 0)} images/s on a free core)`,
  );
  say(`evaluation batch: ${r(evaluate.wallMs, 0)} ms wall, ${r(evaluate.cpuMs, 0)} ms CPU`);
  say(
    `book epoch (400 steps + 100 validation batches): ${r(epoch('cpuMs'))} s CPU, ${r(epoch('wallMs'))} s wall here`,
  );
  say(
    `Activity ${NET} book run (${BOOK.epochs} epochs + test): ${r(whole('cpuMs'))} min CPU, ${r(whole('wallMs'))} min wall here`,
  );
  if (process.env.EPOCH === '1') {
    const wall0 = performance.now();
    const cpu0 = process.cpuUsage();
    for (let i = 0; i < BOOK.trainSteps; i++) await trainStep(i);
    for (let i = 0; i < BOOK.evalBatches; i++) {
      const out = tf.tidy(() => (model.predict(batch(i).x) as tf.Tensor).argMax(1));
      await out.data();
      out.dispose();
    }
    const cpu = process.cpuUsage(cpu0);
    const wallS = (performance.now() - wall0) / 1000;
    const cpuS = (cpu.user + cpu.system) / 1e6;
    say(
      `one book epoch, measured (400 steps + 100 validation batches): ${r(cpuS)} s CPU, ${r(wallS)} s wall here; ${BOOK.epochs} epochs: ${r((BOOK.epochs * cpuS) / 60)} min CPU, ${r((BOOK.epochs * wallS) / 60)} min wall`,
    );
  }
  const load = loadavg()[0] ?? 0;
  say(`load average while measuring: ${r(load)} on ${cpus().length} cores`);
  if (PROFILE > 0) await profile(PROFILE, (i) => trainStep(TRAIN_STEPS + 3 + i));
}

/** Per-kernel milliseconds of a training step: each kernel's total in a step, min over `n` steps. */
async function profile(n: number, step: (i: number) => Promise<void>) {
  const best = new Map<string, { ms: number; calls: number }>();
  let kernels = Number.POSITIVE_INFINITY;
  for (let i = 0; i < n; i++) {
    const info = await tf.profile(() => step(i));
    if (process.env.PROFILE_DUMP && i === n - 1) {
      const { writeFileSync } = await import('node:fs');
      writeFileSync(
        process.env.PROFILE_DUMP,
        info.kernels
          .map(
            (k) =>
              `${k.name}\t${k.kernelTimeMs}\t${JSON.stringify(k.inputShapes)}\t${JSON.stringify(k.outputShapes)}`,
          )
          .join('\n'),
      );
    }
    kernels = Math.min(kernels, info.kernels.length);
    const totals = new Map<string, { ms: number; calls: number }>();
    for (const k of info.kernels) {
      const t = totals.get(k.name) ?? { ms: 0, calls: 0 };
      t.ms += typeof k.kernelTimeMs === 'number' ? k.kernelTimeMs : 0;
      t.calls += 1;
      totals.set(k.name, t);
    }
    for (const [name, t] of totals) {
      const b = best.get(name);
      if (b === undefined || t.ms < b.ms) best.set(name, t);
    }
  }
  const rows = [...best].sort((a, b) => b[1].ms - a[1].ms);
  const sum = rows.reduce((s, [, t]) => s + t.ms, 0);
  say(`profile (min of ${n} steps): ${kernels} kernels, ${sum.toFixed(1)} ms in kernels`);
  for (const [name, t] of rows.slice(0, 25)) {
    say(
      `  ${name.padEnd(28)} ${t.ms.toFixed(1).padStart(7)} ms  ${String(t.calls).padStart(4)} calls`,
    );
  }
}

void main();
