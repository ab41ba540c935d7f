import * as tf from '@tensorflow/tfjs';
import type { MetricPoint } from '@/protocol';
import { currentRun } from '../../run-context';
import { seedState } from '../seed';
import type { CheckpointArtifacts, WeightSpec } from './format';
import { kernelNotebook } from './notebook-id';

export interface CaptureOptions {
  /** The optimizer whose state to keep; defaults to the one the model was compiled with. */
  optimizer?: tf.Optimizer;
  /** Epochs completed. */
  epoch?: number;
  targetEpochs?: number;
  finished?: boolean;
  /** The points of the training chart, or the History `fit`/`model.fit` returned. */
  history?: MetricPoint[] | tf.History;
}

interface TrainingConfigSource {
  getTrainingConfig(): Record<string, unknown>;
}

// LayersModel.getTrainingConfig is protected in the typings but is what model.save() itself
// writes into model.json; a compiled model needs it to be compiled again on load.
function hasTrainingConfig(model: object): model is TrainingConfigSource {
  return typeof (model as Partial<TrainingConfigSource>).getTrainingConfig === 'function';
}

function trainingConfigOf(model: tf.LayersModel): Record<string, unknown> | undefined {
  if (model.optimizer == null || !hasTrainingConfig(model)) return undefined;
  try {
    return model.getTrainingConfig();
  } catch {
    // A custom loss function has no name to save: the user compiles the loaded model again.
    return undefined;
  }
}

/** tfjs's History, turned into the end-of-epoch points the chart would have drawn. */
export function historyPoints(history: MetricPoint[] | tf.History | undefined): MetricPoint[] {
  if (history === undefined) return [];
  if (Array.isArray(history)) return history;
  return history.epoch.map((epoch, i) => {
    const logs: Record<string, number> = {};
    for (const [key, values] of Object.entries(history.history)) {
      const value = values[i];
      if (typeof value === 'number') logs[key] = value;
    }
    return { step: epoch + 1, epoch, kind: 'epoch', logs };
  });
}

async function captureModel(model: tf.LayersModel): Promise<CheckpointArtifacts['model']> {
  const saved: { artifacts?: tf.io.ModelArtifacts } = {};
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      saved.artifacts = artifacts;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  const { artifacts } = saved;
  if (artifacts === undefined || artifacts.weightData === undefined) {
    throw new Error('model.save() produced no weights');
  }
  const trainingConfig = trainingConfigOf(model);
  return {
    modelTopology: artifacts.modelTopology as Record<string, unknown>,
    ...(trainingConfig ? { trainingConfig } : {}),
    weightSpecs: (artifacts.weightSpecs ?? []) as WeightSpec[],
    weightData: tf.io.concatenateArrayBuffers(artifacts.weightData),
    ...(artifacts.generatedBy ? { generatedBy: artifacts.generatedBy } : {}),
  };
}

async function captureOptimizer(
  optimizer: tf.Optimizer | undefined,
): Promise<CheckpointArtifacts['optimizer']> {
  if (optimizer == null) return null;
  const weights = await optimizer.getWeights();
  const { data, specs } = await tf.io.encodeWeights(weights, 'optimizer');
  return {
    className: optimizer.getClassName(),
    config: optimizer.getConfig() as Record<string, unknown>,
    weightSpecs: specs as WeightSpec[],
    weightData: tf.io.concatenateArrayBuffers(data),
  };
}

/** Reads a model, its optimizer and the run's metadata into plain data that can be stored. */
export async function captureCheckpoint(
  model: tf.LayersModel,
  name: string,
  options: CaptureOptions = {},
): Promise<CheckpointArtifacts> {
  const history = historyPoints(options.history);
  const lastEpoch = history.filter((p) => p.kind === 'epoch').at(-1)?.epoch;
  return {
    model: await captureModel(model),
    optimizer: await captureOptimizer(options.optimizer ?? model.optimizer),
    meta: {
      name,
      epoch: options.epoch ?? (lastEpoch === undefined ? 0 : lastEpoch + 1),
      ...(options.targetEpochs === undefined ? {} : { targetEpochs: options.targetEpochs }),
      finished: options.finished ?? true,
      history,
      seed: seedState(),
      notebook: kernelNotebook(),
      cellId: currentRun()?.cellId ?? '',
      savedAt: Date.now(),
      backend: tf.getBackend(),
      tfjsVersion: tf.version.tfjs,
    },
  };
}
