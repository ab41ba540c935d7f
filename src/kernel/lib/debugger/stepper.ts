import * as tf from '@tensorflow/tfjs';
import type { DebuggerAction, MimeBundle, StepDebuggerView, TensorStats } from '@/protocol';
import { UserFacingError } from '@/utils/errors';
import { post } from '../../post';
import { currentRun, type RunContext } from '../../run-context';
import { clearInterrupt, interruptRequested } from '../interrupt';
import { yieldToEventLoop } from '../yield';
import { tensorStats } from './tensor-stats';

export interface StepperOptions {
  batchSize?: number;
  /** Compiles the model with it (with `loss`); a compiled model keeps its own when absent. */
  optimizer?: tf.Optimizer | string;
  loss?: string | ((yTrue: tf.Tensor, yPred: tf.Tensor) => tf.Tensor);
  title?: string;
}

export class StepperError extends UserFacingError {
  override name = 'StepperError';
}

/** Redraws at most this often while continuing, so a long Continue still shows its progress. */
const REDRAW_MS = 250;
/** The most batches one Continue may ask for. */
export const MAX_CONTINUE = 100_000;

const steppers = new Map<string, Stepper>();
let nextId = 0;

function isInputLayer(layer: tf.layers.Layer): boolean {
  return layer.getClassName() === 'InputLayer';
}

/**
 * Trains `model` one batch at a time on (x, y), in order, wrapping around at the end of an
 * epoch, and shows a layer's output on the last batch and its weights. Its output in the cell
 * has Step, Continue and a layer picker; the page's presses arrive as 'debugger' messages.
 */
export class Stepper {
  readonly debuggerId = `debugger-${Date.now().toString(36)}-${++nextId}`;
  private readonly run: RunContext | null = currentRun();
  private readonly batchSize: number;
  private readonly samples: number;
  private step = 0;
  private readonly losses: number[] = [];
  private inspected: { layer: string; tensors: TensorStats[] } | undefined;
  private busy = false;
  private problem: string | undefined;
  private lastShown = 0;
  private readonly probes = new Map<string, tf.LayersModel>();
  private readonly title: string;

  constructor(
    readonly model: tf.LayersModel,
    private readonly x: tf.Tensor,
    private readonly y: tf.Tensor,
    options: StepperOptions = {},
  ) {
    if (!(x instanceof tf.Tensor) || !(y instanceof tf.Tensor)) {
      throw new StepperError(
        'debug.stepper takes x and y as tensors.',
        'Turn arrays into tensors first, e.g. tf.tensor2d(rows).',
      );
    }
    this.samples = x.shape[0] ?? 0;
    if (this.samples === 0 || y.shape[0] !== this.samples) {
      throw new StepperError(
        `x has ${this.samples} rows and y ${y.shape[0] ?? 0}: they must have as many, and some.`,
      );
    }
    this.batchSize = options.batchSize ?? 32;
    if (!Number.isInteger(this.batchSize) || this.batchSize < 1) {
      throw new StepperError(`batchSize must be a whole number ≥ 1; got ${this.batchSize}.`);
    }
    if (options.optimizer !== undefined || options.loss !== undefined) {
      const optimizer = options.optimizer ?? model.optimizer;
      const loss = options.loss ?? model.loss;
      if (optimizer === undefined || loss === undefined) {
        throw new StepperError(
          `${model.name} is not compiled, so the stepper needs both an optimizer and a loss.`,
          "For example debug.stepper(model, x, y, { optimizer: tf.train.sgd(0.1), loss: 'meanSquaredError' }).",
        );
      }
      model.compile({ optimizer, loss: loss as string });
    } else if (!model.optimizer) {
      throw new StepperError(
        `${model.name} is not compiled: the stepper has no optimizer and no loss to step with.`,
        "Compile it first, or pass { optimizer, loss }, e.g. { optimizer: 'adam', loss: 'categoricalCrossentropy' }.",
      );
    }
    this.title = options.title ?? `Step debugger: ${model.name}`;
    steppers.set(this.debuggerId, this);
    this.show();
  }

  /** Batches in one pass over x. */
  get batchesPerEpoch(): number {
    return Math.ceil(this.samples / this.batchSize);
  }

  /** The loss of the last batch stepped (NaN before the first). */
  get loss(): number {
    return this.losses.at(-1) ?? Number.NaN;
  }

  get steps(): number {
    return this.step;
  }

  /** The rows of the batch step `index` (0-based) trains on. */
  private batch(index: number): { x: tf.Tensor; y: tf.Tensor } {
    const start = (index % this.batchesPerEpoch) * this.batchSize;
    const size = Math.min(this.batchSize, this.samples - start);
    return { x: this.x.slice(start, size), y: this.y.slice(start, size) };
  }

  /** Trains `batches` batches (1: Step); returns their losses. Interrupt stops between batches. */
  async continue(batches = 1): Promise<number[]> {
    if (!Number.isInteger(batches) || batches < 1 || batches > MAX_CONTINUE) {
      throw new StepperError(
        `Continue takes a whole number of batches from 1 to ${MAX_CONTINUE}; got ${batches}.`,
      );
    }
    const out: number[] = [];
    this.busy = true;
    this.problem = undefined;
    this.show();
    try {
      for (let i = 0; i < batches; i++) {
        if (interruptRequested()) break;
        const { x, y } = this.batch(this.step);
        try {
          const result = await this.model.trainOnBatch(x, y);
          const loss = Array.isArray(result) ? (result[0] ?? Number.NaN) : result;
          this.step += 1;
          this.losses.push(loss);
          out.push(loss);
        } finally {
          tf.dispose([x, y]);
        }
        if (performance.now() - this.lastShown > REDRAW_MS) this.show();
        await yieldToEventLoop();
      }
      if (this.inspected) this.inspected = this.look(this.inspected.layer);
    } finally {
      this.busy = false;
      this.show();
    }
    return out;
  }

  /** One batch; returns its loss. */
  async stepOnce(): Promise<number> {
    const [loss] = await this.continue(1);
    return loss ?? Number.NaN;
  }

  /** Shows the layer's output on the last batch stepped (the first before any) and its weights. */
  inspect(layerName: string): TensorStats[] {
    this.inspected = this.look(layerName);
    this.show();
    return this.inspected.tensors;
  }

  private look(layerName: string): { layer: string; tensors: TensorStats[] } {
    const layer = this.model.layers.find((l) => l.name === layerName);
    if (!layer || isInputLayer(layer)) {
      throw new StepperError(
        `${this.model.name} has no layer "${layerName}".`,
        `Its layers: ${this.layerNames().join(', ')}.`,
      );
    }
    const output = Array.isArray(layer.output) ? layer.output[0] : layer.output;
    if (!output) throw new StepperError(`Layer "${layerName}" has no output to show.`);
    // One sub-model per layer, kept: it shares the layers' weights and holds no tensor of its own.
    const probe =
      this.probes.get(layerName) ?? tf.model({ inputs: this.model.inputs, outputs: output });
    this.probes.set(layerName, probe);
    const { x, y } = this.batch(Math.max(0, this.step - 1));
    const activation = tf.tidy(() => probe.predict(x) as tf.Tensor);
    try {
      const tensors = [
        tensorStats(`${layerName} output`, activation.shape, activation.dataSync()),
        // read() is the variable itself, not a copy: read from, never disposed.
        ...layer.weights.map((w) => {
          const name = w.originalName.split('/').at(-1) ?? w.originalName;
          const value = w.read();
          return tensorStats(`${layerName}/${name}`, value.shape, value.dataSync());
        }),
      ];
      return { layer: layerName, tensors };
    } finally {
      tf.dispose([activation, x, y]);
    }
  }

  layerNames(): string[] {
    return this.model.layers.filter((l) => !isInputLayer(l)).map((l) => l.name);
  }

  /** What the UI's buttons ask: step or inspect, then redraw. Failures show in the output. */
  async act(action: DebuggerAction): Promise<void> {
    clearInterrupt();
    try {
      if (action.kind === 'step') await this.continue(action.batches);
      else this.inspect(action.layer);
    } catch (error) {
      this.busy = false;
      this.problem = error instanceof Error ? error.message : String(error);
      this.show();
    }
  }

  /** Forgets the stepper: its buttons then say the kernel no longer holds it. */
  dispose(): void {
    steppers.delete(this.debuggerId);
  }

  view(): StepDebuggerView {
    return {
      debuggerId: this.debuggerId,
      title: this.title,
      step: this.step,
      epoch: Math.floor(this.step / this.batchesPerEpoch),
      batchesPerEpoch: this.batchesPerEpoch,
      batchSize: this.batchSize,
      losses: [...this.losses],
      layers: this.layerNames(),
      ...(this.inspected ? { inspected: this.inspected } : {}),
      busy: this.busy,
      ...(this.problem ? { problem: this.problem } : {}),
    };
  }

  private show(): void {
    this.lastShown = performance.now();
    if (!this.run) return;
    post({
      type: 'display',
      runId: this.run.runId,
      cellId: this.run.cellId,
      data: stepperBundle(this.view()),
      displayId: this.debuggerId,
    });
  }
}

function stepperBundle(view: StepDebuggerView): MimeBundle {
  const loss = view.losses.at(-1);
  return {
    'application/vnd.tfnb.step-debugger+json': view,
    'text/plain': `${view.title}: ${view.step} step${view.step === 1 ? '' : 's'}${loss === undefined ? '' : `, loss ${loss.toPrecision(4)}`}`,
  };
}

/** A press in the page; a stepper the kernel no longer holds (a restart) is ignored. */
export async function answerDebugger(debuggerId: string, action: DebuggerAction): Promise<void> {
  await steppers.get(debuggerId)?.act(action);
}

/** The `debug` global. */
export const debug = {
  stepper: (model: tf.LayersModel, x: tf.Tensor, y: tf.Tensor, options?: StepperOptions) =>
    new Stepper(model, x, y, options),
};
