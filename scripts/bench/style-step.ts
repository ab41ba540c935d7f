/**
 * `npx tsx --tsconfig tsconfig.base.json scripts/bench/style-step.ts [--profile]`: one
 * style-transfer step (the bench's style cell: VGG-19-shaped convolutions to conv5_1 on a
 * 224×298 image, content + style losses, Adam on the pixels) in Node on tfjs-backend-wasm with
 * the app's gradient kernels, one thread, as the app's kernel runs it below 4 cores. Prints wall
 * and CPU time per step (the CPU time is what an idle core would take on a loaded machine) and,
 * with --profile, the kernels that take the time.
 */
import { loadavg } from 'node:os';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { registerWasmGradKernels } from '../../src/kernel/wasm-grad/register';

const say = (line: string) => process.stdout.write(`${line}\n`);
const STEPS = Number(process.env.STEPS ?? 3);

function styleStep() {
  const plan: (number | 'M')[] = [
    64,
    64,
    'M',
    128,
    128,
    'M',
    256,
    256,
    256,
    256,
    'M',
    512,
    512,
    512,
    512,
    'M',
    512,
  ];
  const names = [
    'conv1_1',
    'conv1_2',
    'conv2_1',
    'conv2_2',
    'conv3_1',
    'conv3_2',
    'conv3_3',
    'conv3_4',
    'conv4_1',
    'conv4_2',
    'conv4_3',
    'conv4_4',
    'conv5_1',
  ];
  const weights: { w: tf.Tensor4D; b: tf.Tensor1D }[] = [];
  let channels = 3;
  for (const p of plan) {
    if (p === 'M') continue;
    weights.push({
      w: tf.randomNormal([3, 3, channels, p], 0, Math.sqrt(2 / (9 * channels))),
      b: tf.zeros([p]),
    });
    channels = p;
  }
  const features = (img: tf.Tensor4D) => {
    const out: Record<string, tf.Tensor4D> = {};
    let x = img;
    let i = 0;
    for (const p of plan) {
      if (p === 'M') {
        x = tf.maxPool(x, 2, 2, 'valid');
        continue;
      }
      const { w, b } = weights[i]!;
      const conv = tf.add(tf.conv2d(x, w, 1, 'same'), b) as tf.Tensor4D;
      out[names[i]!] = conv;
      x = tf.relu(conv);
      i++;
    }
    return out;
  };
  const gram = (f: tf.Tensor4D) => {
    const [, h, w, d] = f.shape;
    const m = f.reshape([h * w, d]);
    return tf.matMul(m, m, true, false);
  };
  const styleWeights: Record<string, number> = {
    conv1_1: 1,
    conv2_1: 0.8,
    conv3_1: 0.6,
    conv4_1: 0.4,
    conv5_1: 0.2,
  };
  const content = tf.randomNormal([1, 224, 298, 3]) as tf.Tensor4D;
  const style = tf.randomNormal([1, 224, 298, 3]) as tf.Tensor4D;
  const contentTarget = tf.tidy(() => features(content).conv4_2!);
  const styleGrams = tf.tidy(() => {
    const f = features(style);
    return Object.fromEntries(Object.keys(styleWeights).map((k) => [k, gram(f[k]!)]));
  });
  const target = tf.variable(content.clone());
  const opt = tf.train.adam(0.001);
  const loss = () => {
    const f = features(target as unknown as tf.Tensor4D);
    let l = tf.mean(tf.squaredDifference(f.conv4_2!, contentTarget));
    for (const [k, weight] of Object.entries(styleWeights)) {
      const [, h, w, d] = f[k]!.shape;
      l = l.add(
        tf
          .mean(tf.squaredDifference(gram(f[k]!), styleGrams[k]!))
          .mul((1e6 * weight) / (d * h * w)),
      );
    }
    return l as tf.Scalar;
  };
  return () => (opt.minimize(loss, true, [target]) as tf.Scalar).dataSync()[0];
}

async function main() {
  registerWasmGradKernels();
  await tf.setBackend('wasm');
  const step = styleStep();
  step();
  const wall0 = performance.now();
  const cpu0 = process.cpuUsage();
  for (let i = 0; i < STEPS; i++) step();
  const cpu = process.cpuUsage(cpu0);
  say(
    `style step, wasm 1 thread: ${((performance.now() - wall0) / STEPS / 1000).toFixed(2)} s wall, ${((cpu.user + cpu.system) / 1e6 / STEPS).toFixed(2)} s CPU a step (${STEPS} steps, load ${loadavg()[0]!.toFixed(1)})`,
  );
  if (process.argv.includes('--profile')) {
    const info = await tf.profile(() => {
      step();
    });
    const byKernel = new Map<string, number>();
    for (const k of info.kernels)
      byKernel.set(k.name, (byKernel.get(k.name) ?? 0) + Number(k.kernelTimeMs));
    const rows = [...byKernel].sort((a, b) => b[1] - a[1]).slice(0, 15);
    for (const [name, ms] of rows) say(`  ${name.padEnd(24)} ${ms.toFixed(0).padStart(6)} ms`);
    say(`  ${info.kernels.length} kernels`);
  }
}

void main();
