/**
 * The notebook cells the bench types into the app, one per model. They use only what a user's
 * cell has (tf, fit, trainLoop, console) and print one `BENCH {json}` line each, which the
 * driver reads from the cell's output. Every cell adapts its repeats to a time budget so that a
 * slow backend costs a bounded time; the figure is always the median of the timed repeats.
 */

/** Shared helpers, run once per page. */
export const PRELUDE = `
const benchMedian = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const benchReport = (o: object) => console.log('BENCH ' + JSON.stringify(o));
const benchMissing = (names: string[]) => names.filter((n) => !tf.getKernel(n, tf.getBackend()));
const benchClamp = (v: number, lo: number, hi: number) => Math.max(lo, Math.min(hi, Math.round(v)));
/** fit() callbacks that time each epoch. */
const benchEpochTimer = () => {
  const times: number[] = [];
  let start = 0;
  return {
    times,
    callbacks: {
      onEpochBegin: async () => { start = performance.now(); },
      onEpochEnd: async () => { times.push(performance.now() - start); },
    },
  };
};
tf.getBackend()
`;

export interface CellBudget {
  /** Milliseconds the timed repeats may take together (the warm-up comes on top). */
  budgetMs: number;
}

/** PyTorch Workshop Activity 3.02: 22→100→100→50→50→2, ReLU, dropout 0.1, Adam 1e-3, batch 128. */
export function mlpCell({ budgetMs }: CellBudget): string {
  return `
// Activity 3.02's final network on random data of the same shape (bench)
const mlpSteps = 100;
const mlpX = tf.randomNormal([128 * mlpSteps, 22]);
const mlpY = tf.oneHot(tf.randomUniform([128 * mlpSteps], 0, 2, 'int32') as tf.Tensor1D, 2);
const mlp = tf.sequential({ layers: [
  tf.layers.dense({ inputShape: [22], units: 100, activation: 'relu' }), tf.layers.dropout({ rate: 0.1 }),
  tf.layers.dense({ units: 100, activation: 'relu' }), tf.layers.dropout({ rate: 0.1 }),
  tf.layers.dense({ units: 50, activation: 'relu' }), tf.layers.dropout({ rate: 0.1 }),
  tf.layers.dense({ units: 50, activation: 'relu' }), tf.layers.dropout({ rate: 0.1 }),
  tf.layers.dense({ units: 2, activation: 'softmax' }),
] });
mlp.compile({ optimizer: tf.train.adam(0.001), loss: 'categoricalCrossentropy' });
const mlpWarm = benchEpochTimer();
await fit(mlp, mlpX.slice(0, 128 * 10), mlpY.slice(0, 128 * 10), { batchSize: 128, epochs: 1, callbacks: mlpWarm.callbacks, title: 'MLP warm-up' });
const mlpRepeats = benchClamp(${budgetMs} / (mlpWarm.times[0] * 10), 1, 5);
const mlpTensors = tf.memory().numTensors;
const mlpTimer = benchEpochTimer();
await fit(mlp, mlpX, mlpY, { batchSize: 128, epochs: mlpRepeats, callbacks: mlpTimer.callbacks, title: 'MLP' });
const mlpMs = benchMedian(mlpTimer.times);
const mlpGrowth = tf.memory().numTensors - mlpTensors;
// fit's histograms (issue 16): epochs with them on, each paired with a plain one right before it.
// On a shared machine the load swings epoch times by more than 10 %, so the headline is the
// recording's own time (History.histograms.recordMs) against the rest of the same epoch: the
// load slows both alike. The paired medians are reported beside it.
const mlpPlain = benchEpochTimer();
const mlpHist = benchEpochTimer();
const mlpRecordMs: number[] = [];
for (let r = 0; r < Math.max(3, mlpRepeats); r++) {
  await fit(mlp, mlpX, mlpY, { batchSize: 128, epochs: 1, callbacks: mlpPlain.callbacks, title: 'MLP (paired, plain)' });
  const mlpH = await fit(mlp, mlpX, mlpY, { batchSize: 128, epochs: 1, callbacks: mlpHist.callbacks, histograms: { every: 1 }, title: 'MLP (paired, histograms)' });
  mlpRecordMs.push(...(mlpH.histograms?.recordMs ?? []));
}
benchReport({ model: 'mlp', backend: tf.getBackend(), steps: mlpSteps, repeats: mlpRepeats,
  epochMs: mlpTimer.times, stepsPerSec: mlpSteps / (mlpMs / 1000), tensorGrowth: mlpGrowth,
  plainEpochMs: mlpPlain.times, histogramsEpochMs: mlpHist.times, histogramsRecordMs: mlpRecordMs,
  histogramsOverhead: benchMedian(mlpRecordMs) / benchMedian(mlpHist.times.map((t, i) => t - mlpRecordMs[i])),
  histogramsPairedOverhead: benchMedian(mlpHist.times) / benchMedian(mlpPlain.times) - 1 });
`;
}

const CONV_TRAINING_KERNELS = `['Conv2D', 'Conv2DBackpropFilter', 'Conv2DBackpropInput', 'MaxPoolGrad']`;

/** PyTorch Workshop Activity 4.03: conv 10/20/40 + ReLU + BN + max-pool, dense 100 + BN, dropout 0.2, batch 100. */
export function cnnCell({ budgetMs }: CellBudget): string {
  return `
// Activity 4.03's CNN on random CIFAR-shaped data (bench)
const cnnMissing = benchMissing(${CONV_TRAINING_KERNELS});
if (cnnMissing.length > 0) {
  benchReport({ model: 'cnn', backend: tf.getBackend(), status: 'unsupported', missing: cnnMissing });
} else {
  const block = (filters: number, first: boolean) => [
    tf.layers.conv2d({ ...(first ? { inputShape: [32, 32, 3] } : {}), filters, kernelSize: 3, padding: 'same', activation: 'relu' }),
    tf.layers.batchNormalization({ momentum: 0.9, epsilon: 1e-5 }),
    tf.layers.maxPooling2d({ poolSize: 2, strides: 2 }),
  ];
  const cnn = tf.sequential({ layers: [
    ...block(10, true), ...block(20, false), ...block(40, false),
    tf.layers.flatten(), tf.layers.dropout({ rate: 0.2 }),
    tf.layers.dense({ units: 100, activation: 'relu' }),
    tf.layers.batchNormalization({ momentum: 0.9, epsilon: 1e-5 }), tf.layers.dropout({ rate: 0.2 }),
    tf.layers.dense({ units: 10, activation: 'softmax' }),
  ] });
  cnn.compile({ optimizer: tf.train.adam(0.001), loss: 'categoricalCrossentropy' });
  // 20 steps an epoch, as PyTorch's loop in torch_bench.py: fit's per-epoch work is then a
  // twentieth of a step's, and both figures steadier than with 10.
  const cnnMaxSteps = 20;
  const cnnX = tf.randomNormal([100 * cnnMaxSteps, 32, 32, 3]);
  const cnnY = tf.oneHot(tf.randomUniform([100 * cnnMaxSteps], 0, 10, 'int32') as tf.Tensor1D, 10);
  const cnnWarm = benchEpochTimer();
  await fit(cnn, cnnX.slice(0, 100), cnnY.slice(0, 100), { batchSize: 100, epochs: 2, callbacks: cnnWarm.callbacks, title: 'CNN warm-up' });
  const cnnStepMs = cnnWarm.times[1];
  const cnnSteps = benchClamp(${budgetMs} / (3 * cnnStepMs), 1, cnnMaxSteps);
  const cnnRepeats = cnnSteps * 5 * cnnStepMs <= ${budgetMs} ? 5 : cnnSteps * 3 * cnnStepMs > ${budgetMs} ? 1 : 3;
  const cnnTimer = benchEpochTimer();
  await fit(cnn, cnnX.slice(0, 100 * cnnSteps), cnnY.slice(0, 100 * cnnSteps), { batchSize: 100, epochs: cnnRepeats, callbacks: cnnTimer.callbacks, title: 'CNN' });
  const cnnMs = benchMedian(cnnTimer.times);
  benchReport({ model: 'cnn', backend: tf.getBackend(), steps: cnnSteps, repeats: cnnRepeats,
    epochMs: cnnTimer.times, imagesPerSec: (100 * cnnSteps) / (cnnMs / 1000) });
}
`;
}

/** TF/Keras lesson 2: LSTM(7) over 76 weekly steps of 7 days, dense 7, MSE, rmsprop, batch 1. */
export function lstmCell({ budgetMs }: CellBudget): string {
  return `
// Lesson 2's Bitcoin LSTM: one sample of 76 weeks × 7 days, so an epoch is one step (bench)
const lstm = tf.sequential({ layers: [
  tf.layers.lstm({ units: 7, batchInputShape: [1, 76, 7], returnSequences: false }),
  tf.layers.dense({ units: 7 }), tf.layers.activation({ activation: 'linear' }),
] });
lstm.compile({ loss: 'meanSquaredError', optimizer: 'rmsprop' });
const lstmX = tf.randomUniform([1, 76, 7]);
const lstmY = tf.randomUniform([1, 7]);
const lstmWarm = benchEpochTimer();
await fit(lstm, lstmX, lstmY, { batchSize: 1, epochs: 3, callbacks: lstmWarm.callbacks, title: 'LSTM warm-up' });
const lstmEpochs = benchClamp(${budgetMs} / lstmWarm.times[2], 3, 50);
const lstmTimer = benchEpochTimer();
await fit(lstm, lstmX, lstmY, { batchSize: 1, epochs: lstmEpochs, callbacks: lstmTimer.callbacks, title: 'LSTM' });
benchReport({ model: 'lstm', backend: tf.getBackend(), repeats: lstmEpochs,
  epochMs: benchMedian(lstmTimer.times) });
`;
}

/**
 * The same model with \`fusedLstm\`, the app's drop-in for tf.layers.lstm that runs the 76 steps
 * forward and backward as one op (src/kernel/lib/fused-lstm/): what the notebooks train.
 */
export function lstmFusedCell({ budgetMs }: CellBudget): string {
  return `
// Lesson 2's Bitcoin LSTM on fusedLstm (bench)
const lstmF = tf.sequential({ layers: [
  fusedLstm({ units: 7, batchInputShape: [1, 76, 7], returnSequences: false }),
  tf.layers.dense({ units: 7 }), tf.layers.activation({ activation: 'linear' }),
] });
lstmF.compile({ loss: 'meanSquaredError', optimizer: 'rmsprop' });
const lstmFX = tf.randomUniform([1, 76, 7]);
const lstmFY = tf.randomUniform([1, 7]);
const lstmFWarm = benchEpochTimer();
await fit(lstmF, lstmFX, lstmFY, { batchSize: 1, epochs: 10, callbacks: lstmFWarm.callbacks, title: 'fused LSTM warm-up' });
const lstmFEpochs = benchClamp(${budgetMs} / lstmFWarm.times[9], 10, 400);
const lstmFTimer = benchEpochTimer();
await fit(lstmF, lstmFX, lstmFY, { batchSize: 1, epochs: lstmFEpochs, callbacks: lstmFTimer.callbacks, title: 'fused LSTM' });
benchReport({ model: 'lstm-fused', backend: tf.getBackend(), repeats: lstmFEpochs,
  epochMs: benchMedian(lstmFTimer.times) });
`;
}

/**
 * Style transfer (PyTorch Workshop ch. 5): gradients of content + style losses with respect to a
 * 224×298 image through VGG-19's convolutions up to conv5_1 (random weights), one Adam step.
 */
export function styleCell({ budgetMs }: CellBudget): string {
  return `
// One style-transfer step through a VGG-19-shaped stack up to conv5_1 (random weights, bench)
const styleMissing = benchMissing(['Conv2D', 'Conv2DBackpropInput', 'MaxPoolGrad']);
if (styleMissing.length > 0) {
  benchReport({ model: 'style', backend: tf.getBackend(), status: 'unsupported', missing: styleMissing });
} else {
  // 'M' is a 2×2 max-pool; names are the layers the book reads.
  const vggPlan: (number | 'M')[] = [64, 64, 'M', 128, 128, 'M', 256, 256, 256, 256, 'M', 512, 512, 512, 512, 'M', 512];
  const vggNames = ['conv1_1', 'conv1_2', 'conv2_1', 'conv2_2', 'conv3_1', 'conv3_2', 'conv3_3', 'conv3_4', 'conv4_1', 'conv4_2', 'conv4_3', 'conv4_4', 'conv5_1'];
  const vggWeights: { w: tf.Tensor4D; b: tf.Tensor1D }[] = [];
  let channels = 3;
  for (const p of vggPlan) {
    if (p === 'M') continue;
    vggWeights.push({ w: tf.randomNormal([3, 3, channels, p], 0, Math.sqrt(2 / (9 * channels))), b: tf.zeros([p]) });
    channels = p;
  }
  const features = (img: tf.Tensor4D) => {
    const out: Record<string, tf.Tensor4D> = {};
    let x = img;
    let i = 0;
    for (const p of vggPlan) {
      if (p === 'M') { x = tf.maxPool(x, 2, 2, 'valid'); continue; }
      const { w, b } = vggWeights[i];
      const conv = tf.add(tf.conv2d(x, w, 1, 'same'), b) as tf.Tensor4D;
      out[vggNames[i]] = conv;
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
  const styleWeights: Record<string, number> = { conv1_1: 1, conv2_1: 0.8, conv3_1: 0.6, conv4_1: 0.4, conv5_1: 0.2 };
  const contentImg = tf.randomNormal([1, 224, 298, 3]) as tf.Tensor4D;
  const styleImg = tf.randomNormal([1, 224, 298, 3]) as tf.Tensor4D;
  const contentTarget = tf.tidy(() => features(contentImg).conv4_2);
  const styleGrams = tf.tidy(() => {
    const f = features(styleImg);
    return Object.fromEntries(Object.keys(styleWeights).map((k) => [k, gram(f[k])]));
  });
  const target = tf.variable(contentImg.clone());
  const styleOpt = tf.train.adam(0.001);
  const styleLoss = () => {
    const f = features(target as unknown as tf.Tensor4D);
    let loss = tf.mean(tf.squaredDifference(f.conv4_2, contentTarget));
    for (const [k, weight] of Object.entries(styleWeights)) {
      const [, h, w, d] = f[k].shape;
      const g = gram(f[k]);
      loss = loss.add(tf.mean(tf.squaredDifference(g, styleGrams[k])).mul(1e6 * weight / (d * h * w)));
    }
    return loss as tf.Scalar;
  };
  const styleStarts: number[] = [];
  const styleStep = () => { styleStarts.push(performance.now()); return styleOpt.minimize(styleLoss, true, [target]) as tf.Scalar; };
  await trainLoop({ iterations: 1, step: styleStep, title: 'Style warm-up' });
  const styleStepMs = performance.now() - styleStarts[0];
  const styleIters = benchClamp(${budgetMs} / styleStepMs, 1, 3);
  styleStarts.length = 0;
  await trainLoop({ iterations: styleIters, step: styleStep, title: 'Style transfer' });
  styleStarts.push(performance.now());
  const styleTimes = styleStarts.slice(1).map((t, i) => t - styleStarts[i]);
  benchReport({ model: 'style', backend: tf.getBackend(), repeats: styleIters, warmupMs: styleStepMs,
    stepMs: styleTimes, secPerStep: benchMedian(styleTimes) / 1000 });
}
`;
}

/**
 * For the app measurements: the MLP for 5 epochs of the book's training-set size (28,036 rows,
 * 220 steps), printing the tensor count before training and after each epoch.
 */
export const APP_MLP_CELL = `
// Activity 3.02's MLP for 5 epochs of the book's training-set size (bench: app responsiveness)
const appX = tf.randomNormal([28036, 22]);
const appY = tf.oneHot(tf.randomUniform([28036], 0, 2, 'int32') as tf.Tensor1D, 2);
const appMlp = tf.sequential({ layers: [
  tf.layers.dense({ inputShape: [22], units: 100, activation: 'relu' }), tf.layers.dropout({ rate: 0.1 }),
  tf.layers.dense({ units: 100, activation: 'relu' }), tf.layers.dropout({ rate: 0.1 }),
  tf.layers.dense({ units: 50, activation: 'relu' }), tf.layers.dropout({ rate: 0.1 }),
  tf.layers.dense({ units: 50, activation: 'relu' }), tf.layers.dropout({ rate: 0.1 }),
  tf.layers.dense({ units: 2, activation: 'softmax' }),
] });
appMlp.compile({ optimizer: tf.train.adam(0.001), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
const appTensors: number[] = [tf.memory().numTensors];
const appStart = performance.now();
await fit(appMlp, appX, appY, { batchSize: 128, epochs: 5, validationSplit: 0.2, title: 'MLP (app metrics)',
  callbacks: { onEpochEnd: async () => { appTensors.push(tf.memory().numTensors); } } });
benchReport({ model: 'app-mlp', backend: tf.getBackend(), tensors: appTensors,
  trainMs: performance.now() - appStart });
`;

export const APP_CNN_CELL = `
// Activity 4.03's CNN (BatchNorm after each ReLU) for 5 epochs of 2,000 CIFAR-sized images in
// batches of 100 (bench: the page while a CNN trains; issue #17)
const cnnX = tf.randomUniform([2000, 32, 32, 3], -1, 1);
const cnnY = tf.oneHot(tf.randomUniform([2000], 0, 10, 'int32') as tf.Tensor1D, 10);
const cnnBlock = (filters: number) => [
  tf.layers.conv2d({ filters, kernelSize: 3, padding: 'same', activation: 'relu' }),
  tf.layers.batchNormalization({ momentum: 0.9, epsilon: 1e-5 }),
  tf.layers.maxPooling2d({ poolSize: 2, strides: 2 }),
];
const appCnn = tf.sequential({ layers: [
  tf.layers.inputLayer({ inputShape: [32, 32, 3] }),
  ...cnnBlock(10), ...cnnBlock(20), ...cnnBlock(40),
  tf.layers.flatten(), tf.layers.dropout({ rate: 0.2 }),
  tf.layers.dense({ units: 100, activation: 'relu' }),
  tf.layers.batchNormalization({ momentum: 0.9, epsilon: 1e-5 }), tf.layers.dropout({ rate: 0.2 }),
  tf.layers.dense({ units: 10, activation: 'softmax' }),
] });
appCnn.compile({ optimizer: tf.train.adam(0.001), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
const cnnTensors: number[] = [tf.memory().numTensors];
const cnnStart = performance.now();
await fit(appCnn, cnnX, cnnY, { batchSize: 100, epochs: 5, validationSplit: 0.2, title: 'CNN (app metrics)',
  callbacks: { onEpochEnd: async () => { cnnTensors.push(tf.memory().numTensors); } } });
benchReport({ model: 'app-cnn', backend: tf.getBackend(), tensors: cnnTensors,
  trainMs: performance.now() - cnnStart });
`;
