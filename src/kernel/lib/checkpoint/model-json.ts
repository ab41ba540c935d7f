import { CheckpointError } from './errors';
import { type CheckpointArtifacts, type ModelJson, modelJsonSchema, specBytes } from './format';

/** Parses tfjs's model.json; anything else is refused as not a model. */
export function parseModelJson(text: string, label: string): ModelJson {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new CheckpointError('not-checkpoint', `${label} is not JSON, so it is not a tfjs model.`);
  }
  const parsed = modelJsonSchema.safeParse(value);
  if (!parsed.success) {
    throw new CheckpointError(
      'not-checkpoint',
      `${label} is not a TensorFlow.js layers model: it needs "modelTopology" and "weightsManifest".`,
      'Upload the model.json that model.save() wrote, or a checkpoint .zip.',
    );
  }
  return parsed.data;
}

/** tfjs writes manifest paths relative to model.json, often as "./name.bin". */
function baseName(path: string): string {
  return path.split('/').pop() ?? path;
}

function concat(parts: ArrayBuffer[]): ArrayBuffer {
  const total = parts.reduce((n, p) => n + p.byteLength, 0);
  const out = new Uint8Array(total);
  let offset = 0;
  for (const part of parts) {
    out.set(new Uint8Array(part), offset);
    offset += part.byteLength;
  }
  return out.buffer;
}

/**
 * The model part of a checkpoint from model.json and its weight files (by base name). Checks
 * that every listed file is there and that their size is what the weight specs describe.
 */
export function artifactsFromModelJson(
  modelJson: ModelJson,
  files: ReadonlyMap<string, ArrayBuffer>,
  label: string,
  name: string,
): CheckpointArtifacts {
  const paths = modelJson.weightsManifest.flatMap((group) => group.paths.map(baseName));
  const missing = paths.filter((p) => !files.has(p));
  if (missing.length > 0) {
    throw new CheckpointError(
      'missing',
      `${label} lists weight files that were not given: ${missing.join(', ')}.`,
      'Choose model.json together with all of its .bin files (select them at once).',
    );
  }
  const weightSpecs = modelJson.weightsManifest.flatMap((group) => group.weights);
  const weightData = concat(paths.map((p) => files.get(p) ?? new ArrayBuffer(0)));
  const quantized = weightSpecs.some((s) => s.quantization !== undefined);
  const expected = weightSpecs.reduce((n, s) => n + specBytes(s), 0);
  if (!quantized && expected !== weightData.byteLength) {
    throw new CheckpointError(
      'mismatch',
      `The weights do not match ${label}: it describes ${expected} bytes of weights, but ${paths.join(' + ')} hold ${weightData.byteLength}.`,
      'The .bin files belong to another model or were cut short. Use the files saved together.',
    );
  }
  return {
    model: {
      modelTopology: modelJson.modelTopology,
      ...(modelJson.trainingConfig ? { trainingConfig: modelJson.trainingConfig } : {}),
      weightSpecs,
      weightData,
      ...(modelJson.generatedBy ? { generatedBy: modelJson.generatedBy } : {}),
    },
    optimizer: null,
    meta: {
      name,
      epoch: 0,
      finished: true,
      history: [],
      seed: null,
      notebook: '',
      cellId: '',
      savedAt: Date.now(),
      backend: '',
      tfjsVersion: modelJson.generatedBy ?? '',
    },
  };
}
