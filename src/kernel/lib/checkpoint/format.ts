import { z } from 'zod';

/** Bumped when checkpoint.json changes in a way older readers cannot follow. */
export const CHECKPOINT_FORMAT = 1;

const weightSpec = z.object({
  name: z.string(),
  shape: z.array(z.number().int().nonnegative()),
  dtype: z.enum(['float32', 'int32', 'bool', 'string', 'complex64']),
  group: z.string().optional(),
  quantization: z.unknown().optional(),
});
export type WeightSpec = z.infer<typeof weightSpec>;

/** tfjs's own model.json, as `model.save('downloads://…')` writes it. */
export const modelJsonSchema = z.looseObject({
  modelTopology: z.record(z.string(), z.unknown()),
  format: z.string().optional(),
  generatedBy: z.string().optional(),
  convertedBy: z.string().nullable().optional(),
  trainingConfig: z.record(z.string(), z.unknown()).optional(),
  weightsManifest: z
    .array(z.object({ paths: z.array(z.string()).min(1), weights: z.array(weightSpec) }))
    .min(1),
});
export type ModelJson = z.infer<typeof modelJsonSchema>;

const metricPoint = z.object({
  step: z.number(),
  epoch: z.number(),
  kind: z.enum(['batch', 'epoch']),
  logs: z.record(z.string(), z.number()),
});

const optimizerState = z.object({
  className: z.string(),
  config: z.record(z.string(), z.unknown()),
  weightSpecs: z.array(weightSpec),
  /** The zip member holding the optimizer's weights (Adam's moments and step). */
  weightsFile: z.string(),
});

/** checkpoint.json: everything a checkpoint holds besides what model.json and the .bin hold. */
export const checkpointJsonSchema = z.object({
  format: z.literal(CHECKPOINT_FORMAT),
  name: z.string().min(1),
  epoch: z.number().int().nonnegative(),
  targetEpochs: z.number().int().nonnegative().optional(),
  finished: z.boolean(),
  history: z.array(metricPoint),
  /** manualSeed's seed and the generator's state when saved: resuming repeats the same shuffles. */
  seed: z.object({ seed: z.number(), state: z.number() }).nullable(),
  notebook: z.string(),
  cellId: z.string(),
  savedAt: z.number(),
  backend: z.string(),
  tfjsVersion: z.string(),
  optimizer: optimizerState.nullable(),
  /** sha256 of each binary member, so a damaged zip is refused instead of loading wrong weights. */
  sha256: z.record(z.string(), z.string()),
});
export type CheckpointJson = z.infer<typeof checkpointJsonSchema>;
export type CheckpointMeta = Omit<CheckpointJson, 'format' | 'optimizer' | 'sha256'>;

/**
 * One checkpoint in memory and in IndexedDB: the tfjs artifacts, the optimizer's weights, and
 * the metadata. Only plain data and ArrayBuffers, so IndexedDB stores it by structured clone.
 */
export interface CheckpointArtifacts {
  model: {
    modelTopology: Record<string, unknown>;
    trainingConfig?: Record<string, unknown>;
    weightSpecs: WeightSpec[];
    weightData: ArrayBuffer;
    generatedBy?: string;
  };
  optimizer: {
    className: string;
    config: Record<string, unknown>;
    weightSpecs: WeightSpec[];
    weightData: ArrayBuffer;
  } | null;
  meta: CheckpointMeta;
}

/** Bytes of a tensor of this spec, as tfjs packs it in a weights file. */
export function specBytes(spec: WeightSpec): number {
  const size = spec.shape.reduce((a, b) => a * b, 1);
  return size * (spec.dtype === 'complex64' ? 8 : spec.dtype === 'bool' ? 1 : 4);
}
