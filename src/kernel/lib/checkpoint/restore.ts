import * as tf from '@tensorflow/tfjs';
import { CheckpointError } from './errors';
import type { CheckpointArtifacts, WeightSpec } from './format';

type Shape = readonly (number | null)[];
type NamedTensor = { name: string; tensor: tf.Tensor };

function shapeText(shape: Shape): string {
  return shape.length === 0 ? 'scalar' : shape.join('×');
}

function sameShape(a: Shape, b: Shape): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

function listShapes(shapes: Shape[]): string {
  const text = shapes.slice(0, 8).map(shapeText).join(', ');
  return shapes.length > 8 ? `${text}, … (${shapes.length} in all)` : text;
}

/**
 * Weights are matched by position, not by name: layer names carry counters (dense_Dense3) that
 * differ between two builds of the same architecture in one kernel.
 */
function checkModelFits(model: tf.LayersModel, artifacts: CheckpointArtifacts): void {
  const saved = artifacts.model.weightSpecs;
  const own = model.weights;
  const fits =
    saved.length === own.length &&
    saved.every((spec, i) => {
      const w = own[i];
      return w !== undefined && sameShape(spec.shape, w.shape) && spec.dtype === w.dtype;
    });
  if (!fits) {
    throw new CheckpointError(
      'mismatch',
      `Checkpoint "${artifacts.meta.name}" was made by another architecture: its weights are [${listShapes(saved.map((s) => s.shape))}], this model's are [${listShapes(own.map((w) => w.shape))}]. Nothing was changed.`,
      'Build the model exactly as the cell that saved the checkpoint did, or load the checkpoint with checkpoint.load() to get its own model.',
    );
  }
}

/** Moments and accumulators come in groups shaped like the trainable weights, after the step. */
function checkOptimizerFits(
  model: tf.LayersModel,
  optimizer: tf.Optimizer,
  state: NonNullable<CheckpointArtifacts['optimizer']>,
  name: string,
): void {
  if (optimizer.getClassName() !== state.className) {
    throw new CheckpointError(
      'mismatch',
      `Checkpoint "${name}" holds the state of a ${state.className} optimizer, but this model is compiled with ${optimizer.getClassName()}. Nothing was changed.`,
      `Compile the model with the same optimizer (${state.className}) to resume.`,
    );
  }
  const slots = state.weightSpecs.filter((s) => s.name !== 'iter');
  const trainable = model.trainableWeights;
  const fits =
    trainable.length > 0 &&
    slots.length % trainable.length === 0 &&
    slots.every((s, i) => sameShape(s.shape, trainable[i % trainable.length]?.shape ?? []));
  if (slots.length > 0 && !fits) {
    throw new CheckpointError(
      'mismatch',
      `The optimizer state in checkpoint "${name}" does not fit this model's trainable weights. Nothing was changed.`,
    );
  }
}

function decode(data: ArrayBuffer, specs: WeightSpec[], label: string): tf.NamedTensorMap {
  try {
    return tf.io.decodeWeights(data, asManifest(specs));
  } catch (error) {
    throw new CheckpointError(
      'corrupt',
      `The ${label} cannot be read: ${error instanceof Error ? error.message : String(error)}.`,
    );
  }
}

// Our specs are tfjs's WeightsManifestEntry as zod validated them; only `quantization` is typed
// looser (unknown), and tfjs reads it field by field.
export function asManifest(specs: WeightSpec[]): tf.io.WeightsManifestEntry[] {
  return specs as tf.io.WeightsManifestEntry[];
}

// decodeWeights answers a map keyed by name; the specs give the order the model needs.
function decodeOrdered(data: ArrayBuffer, specs: WeightSpec[], label: string): NamedTensor[] {
  const map = decode(data, specs, label);
  return specs.map((spec) => {
    const tensor = map[spec.name];
    if (!tensor) throw new CheckpointError('corrupt', `The ${label} lack "${spec.name}".`);
    return { name: spec.name, tensor };
  });
}

async function setOptimizerState(
  optimizer: tf.Optimizer,
  state: NonNullable<CheckpointArtifacts['optimizer']>,
): Promise<void> {
  const weights = decodeOrdered(state.weightData, state.weightSpecs, 'optimizer weights');
  try {
    await optimizer.setWeights(weights);
  } finally {
    tf.dispose(weights.map((w) => w.tensor));
  }
}

export interface ApplyResult {
  optimizerRestored: boolean;
}

/**
 * Puts a checkpoint's weights and optimizer state into an existing model. Everything is checked
 * before anything is written, so a refused checkpoint leaves the model as it was.
 */
export async function applyCheckpoint(
  model: tf.LayersModel,
  artifacts: CheckpointArtifacts,
): Promise<ApplyResult> {
  checkModelFits(model, artifacts);
  const optimizer = model.optimizer;
  const state = artifacts.optimizer;
  if (optimizer && state) checkOptimizerFits(model, optimizer, state, artifacts.meta.name);
  const weights = decodeOrdered(
    artifacts.model.weightData,
    artifacts.model.weightSpecs,
    'model weights',
  );
  try {
    model.setWeights(weights.map((w) => w.tensor));
  } finally {
    tf.dispose(weights.map((w) => w.tensor));
  }
  if (!optimizer || !state) return { optimizerRestored: false };
  await setOptimizerState(optimizer, state);
  return { optimizerRestored: true };
}

/**
 * A new model from a checkpoint, as stock `tf.loadLayersModel` builds it (compiled when the
 * checkpoint kept its training config), with the optimizer state put back.
 */
export async function buildModel(
  artifacts: CheckpointArtifacts,
): Promise<{ model: tf.LayersModel } & ApplyResult> {
  const { model: saved } = artifacts;
  let model: tf.LayersModel;
  try {
    model = await tf.loadLayersModel(
      tf.io.fromMemory({
        modelTopology: saved.modelTopology,
        weightSpecs: asManifest(saved.weightSpecs),
        weightData: saved.weightData,
        // Validated as an object by zod; tfjs checks the fields it needs when compiling.
        ...(saved.trainingConfig
          ? { trainingConfig: saved.trainingConfig as unknown as tf.io.TrainingConfig }
          : {}),
      }),
    );
  } catch (error) {
    throw new CheckpointError(
      error instanceof CheckpointError ? error.problem : 'corrupt',
      `The model in checkpoint "${artifacts.meta.name}" cannot be rebuilt: ${error instanceof Error ? error.message : String(error)}.`,
    );
  }
  const state = artifacts.optimizer;
  if (!model.optimizer || !state) return { model, optimizerRestored: false };
  try {
    checkOptimizerFits(model, model.optimizer, state, artifacts.meta.name);
    await setOptimizerState(model.optimizer, state);
  } catch (error) {
    model.dispose();
    throw error;
  }
  return { model, optimizerRestored: true };
}
