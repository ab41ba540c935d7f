import type { CheckpointSummary } from '@/protocol';
import type { CheckpointArtifacts } from './format';

/** The best validation value so far: the lowest val loss, else the highest val accuracy. */
export function bestValidation(
  history: CheckpointArtifacts['meta']['history'],
): CheckpointSummary['best'] {
  const epochs = history.filter((p) => p.kind === 'epoch');
  const keys = new Set(epochs.flatMap((p) => Object.keys(p.logs)));
  const metric =
    ['val_loss', 'val_acc', 'val_accuracy'].find((k) => keys.has(k)) ??
    [...keys].find((k) => k.startsWith('val_'));
  if (metric === undefined) return undefined;
  const higherIsBetter = /acc/.test(metric);
  let best: number | undefined;
  for (const point of epochs) {
    const value = point.logs[metric];
    if (value === undefined || !Number.isFinite(value)) continue;
    if (best === undefined || (higherIsBetter ? value > best : value < best)) best = value;
  }
  return best === undefined ? undefined : { metric, value: best };
}

export function summarize(artifacts: CheckpointArtifacts): CheckpointSummary {
  const { meta } = artifacts;
  const best = bestValidation(meta.history);
  const modelName = artifacts.model.modelTopology.config;
  return {
    name: meta.name,
    notebook: meta.notebook,
    cellId: meta.cellId,
    epoch: meta.epoch,
    ...(meta.targetEpochs === undefined ? {} : { targetEpochs: meta.targetEpochs }),
    finished: meta.finished,
    ...(best ? { best } : {}),
    sizeBytes:
      artifacts.model.weightData.byteLength +
      (artifacts.optimizer?.weightData.byteLength ?? 0) +
      JSON.stringify(meta.history).length,
    savedAt: meta.savedAt,
    modelName:
      typeof modelName === 'object' &&
      modelName !== null &&
      'name' in modelName &&
      typeof modelName.name === 'string'
        ? modelName.name
        : 'model',
  };
}
