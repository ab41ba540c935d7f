import * as tf from '@tensorflow/tfjs';
import { UserFacingError } from '@/utils/errors';
import { display, isLayersModel, Rich } from './display';
import { api } from './lib/api';
import {
  cosineAnnealing,
  EarlyStopping,
  LearningRateScheduler,
  ModelCheckpoint,
  ReduceLROnPlateau,
  TerminateOnNaN,
} from './lib/callbacks';
import { checkpoint } from './lib/checkpoint/api';
import { clipGradients, globalNorm } from './lib/clip/clip-gradients';
import { controls } from './lib/controls/panel';
import { data } from './lib/data-api';
import { debug } from './lib/debugger/stepper';
import { drawingPad } from './lib/drawing-pad';
import { env } from './lib/env-check';
import { fit } from './lib/fit';
import { fusedLstm } from './lib/fused-lstm/layer';
import { histograms } from './lib/histograms';
import { imageGrid } from './lib/image-grid';
import { checkInterrupt } from './lib/interrupt';
import { LimeTextExplainer } from './lib/lime/lime-text';
import { TfidfVectorizer } from './lib/lime/tfidf';
import { geometricRates, lrFinder } from './lib/lr-finder/lr-finder';
import { marbles } from './lib/marbles/marbles';
import { modelSummary } from './lib/model-summary';
import { Nadam, nadam } from './lib/optimizers/nadam';
import { image, plot, sleep, table } from './lib/plot';
import { predict } from './lib/predict';
import { progress } from './lib/progress';
import { report } from './lib/report';
import { runs } from './lib/runs/api';
import { gridSearchCV } from './lib/search/grid-search-cv';
import { search } from './lib/search/search';
import { manualSeed } from './lib/seed';
import { smooth } from './lib/smooth';
import { Image } from './lib/style-transfer/pil-image';
import { downloadImage, showImages } from './lib/style-transfer/show-images';
import { trainableImage } from './lib/style-transfer/trainable-image';
import { torchLinear } from './lib/torch-layers';
import { trainLoop } from './lib/train-loop';
import { transforms } from './lib/transforms';
import { weights } from './lib/weights/api';

/** What notebook cells see as globals, besides the standard JavaScript ones. */
export function cellGlobals(): Record<string, unknown> {
  return {
    tf,
    display,
    fit,
    checkpoint,
    trainLoop,
    progress,
    plot,
    table,
    image,
    imageGrid,
    transforms,
    sleep,
    manualSeed,
    torchLinear,
    data,
    report,
    predict,
    api,
    // Keras's callbacks, by their Keras names (src/kernel/lib/callbacks/).
    LearningRateScheduler,
    ReduceLROnPlateau,
    EarlyStopping,
    ModelCheckpoint,
    TerminateOnNaN,
    cosineAnnealing,
    // Keras 2's clipvalue / clipnorm for custom loops (fit and trainLoop take them as options).
    clipGradients,
    globalNorm,
    // The optimizer tfjs lacks; registered for serialisation, so checkpoints rebuild it.
    Nadam,
    nadam,
    lrFinder,
    geometricRates,
    search,
    gridSearchCV,
    // PyTorch state dicts (.pth) read in the worker and put into tfjs models.
    weights,
    // Every fit / trainLoop is a run kept in IndexedDB; runs.show() compares them.
    runs,
    // Lesson 1 of the TF/Keras app book: the stack check, the digit pad, TensorBoard's smoothing.
    env,
    drawingPad,
    smooth,
    // TensorBoard's kernel heatmap (fit's `histograms` option records the rest) and a step debugger.
    histograms,
    debug,
    // tf.layers.lstm with the sequence loop fused into one op (registered for serialisation).
    fusedLstm,
    // The Finance book's ch. 8: marbles-style data tests, LIME on text, scikit-learn's TF-IDF.
    marbles,
    LimeTextExplainer,
    TfidfVectorizer,
    // A form, buttons and a file chooser whose presses run the cell's handlers (lesson 4's app).
    controls,
    // The PyTorch book's ch. 5: PIL's Image.open, titled pictures, a PNG download, trainable pixels.
    Image,
    showImages,
    downloadImage,
    trainableImage,
  };
}

const MODULES: Record<string, unknown> = {
  '@tensorflow/tfjs': tf,
  '@tensorflow/tfjs-core': tf,
  '@tensorflow/tfjs-layers': tf,
};

/** `import * as tf from '@tensorflow/tfjs'` in a cell: served from the kernel's own copy. */
export function kernelImport(name: string): unknown {
  const module = MODULES[name];
  if (module === undefined) {
    throw new UserFacingError(
      `Cells cannot import "${name}": the kernel runs offline with its own libraries.`,
      `Available: ${Object.keys(MODULES).join(', ')} (already loaded as \`tf\`), and the globals ${[...Object.keys(cellGlobals()), 'preset'].join(', ')}.`,
    );
  }
  return module;
}

let hooksInstalled = false;

/**
 * Kernel-wide hooks: every tfjs op checks for Interrupt (so a loop of tensor ops stops even
 * when it never yields), and model.summary() shows a table instead of printed text.
 */
export function installHooks(): void {
  if (hooksInstalled) return;
  hooksInstalled = true;
  const engine = tf.engine();
  const runKernel = engine.runKernel.bind(engine);
  engine.runKernel = ((...args: Parameters<typeof runKernel>) => {
    checkInterrupt();
    return runKernel(...args);
  }) as typeof engine.runKernel;

  const original = tf.LayersModel.prototype.summary;
  tf.LayersModel.prototype.summary = function summary(
    this: tf.LayersModel,
    lineLength?: number,
    positions?: number[],
    printFn?: (message?: unknown, ...rest: unknown[]) => void,
  ) {
    // Sequential passes console.log as its default printFn; only a caller's own printFn prints.
    // biome-ignore lint/suspicious/noConsole: comparing with, not calling, the captured console
    const ownPrinter = printFn !== undefined && printFn !== console.log;
    if (ownPrinter || !isLayersModel(this))
      return original.call(this, lineLength, positions, printFn);
    const view = modelSummary(this);
    display(
      new Rich({
        'application/vnd.tfnb.model-summary+json': view,
        'text/plain': `${view.name}: ${view.totalParams} parameters`,
      }),
    );
  };
}
