import { strFromU8, strToU8, type Zippable, zipSync } from 'fflate';
import { DataError } from '@/data/errors';
import { unzipLimited, ZipFormatError } from '@/data/inflate';
import { sha256Hex } from '@/data/sha256';
import { CheckpointError } from './errors';
import {
  CHECKPOINT_FORMAT,
  type CheckpointArtifacts,
  type CheckpointJson,
  checkpointJsonSchema,
  type ModelJson,
} from './format';
import { artifactsFromModelJson, parseModelJson } from './model-json';

export const MODEL_JSON = 'model.json';
export const WEIGHTS_BIN = 'weights.bin';
export const OPTIMIZER_BIN = 'optimizer.bin';
export const CHECKPOINT_JSON = 'checkpoint.json';

/** tfjs's model.json for these artifacts, its weights in `weightsPath`. */
export function modelJsonOf(artifacts: CheckpointArtifacts, weightsPath: string): ModelJson {
  const { model } = artifacts;
  return {
    modelTopology: model.modelTopology,
    format: 'layers-model',
    generatedBy: model.generatedBy ?? 'TensorFlow.js',
    convertedBy: null,
    ...(model.trainingConfig ? { trainingConfig: model.trainingConfig } : {}),
    weightsManifest: [{ paths: [weightsPath], weights: model.weightSpecs }],
  };
}

function json(value: unknown): Uint8Array {
  return strToU8(JSON.stringify(value));
}

/**
 * One .zip: model.json + weights.bin exactly as stock `tf.loadLayersModel` reads them once
 * unzipped, and checkpoint.json + optimizer.bin with what tfjs's format has no room for.
 */
export async function packCheckpoint(artifacts: CheckpointArtifacts): Promise<Uint8Array> {
  const weights = new Uint8Array(artifacts.model.weightData);
  const optimizer = artifacts.optimizer ? new Uint8Array(artifacts.optimizer.weightData) : null;
  const checkpoint: CheckpointJson = {
    format: CHECKPOINT_FORMAT,
    ...artifacts.meta,
    optimizer: artifacts.optimizer
      ? {
          className: artifacts.optimizer.className,
          config: artifacts.optimizer.config,
          weightSpecs: artifacts.optimizer.weightSpecs,
          weightsFile: OPTIMIZER_BIN,
        }
      : null,
    sha256: {
      [WEIGHTS_BIN]: await sha256Hex(weights),
      ...(optimizer ? { [OPTIMIZER_BIN]: await sha256Hex(optimizer) } : {}),
    },
  };
  // Float weights barely compress (9 % for a trained MLP) and fflate's deflate took 170 ms for
  // 240 kB of them, against 3 ms to store: binaries are stored, JSON is deflated.
  const files: Zippable = {
    [MODEL_JSON]: json(modelJsonOf(artifacts, WEIGHTS_BIN)),
    [WEIGHTS_BIN]: [weights, { level: 0 }],
    [CHECKPOINT_JSON]: json(checkpoint),
  };
  if (optimizer) files[OPTIMIZER_BIN] = [optimizer, { level: 0 }];
  return zipSync(files, { level: 6 });
}

export function looksLikeZip(bytes: Uint8Array): boolean {
  // Local file header "PK\x03\x04", or "PK\x05\x06" for an empty archive.
  return bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b;
}

/**
 * Unpacks with a ceiling on the expanded size (a ratio to the file and an absolute cap), so a
 * small crafted zip cannot take gigabytes of memory before it is refused.
 */
function unzip(bytes: Uint8Array, fileName: string): Map<string, Uint8Array> {
  try {
    return unzipLimited(fileName, bytes);
  } catch (error) {
    if (error instanceof DataError) {
      throw new CheckpointError('too-large', error.message, error.hint);
    }
    const why =
      error instanceof ZipFormatError || error instanceof Error ? error.message : String(error);
    throw new CheckpointError(
      'corrupt',
      `${fileName} is not a readable zip archive (${why}); it may be truncated or damaged.`,
      'Download the checkpoint again and upload the new file.',
    );
  }
}

/** Members by their base name: archivers may put everything in one folder. */
function byBaseName(members: Map<string, Uint8Array>): Map<string, Uint8Array> {
  const out = new Map<string, Uint8Array>();
  for (const [path, data] of members) {
    if (path.endsWith('/')) continue;
    out.set(path.split('/').pop() ?? path, data);
  }
  return out;
}

function parseCheckpointJson(bytes: Uint8Array, fileName: string): CheckpointJson {
  let value: unknown;
  try {
    value = JSON.parse(strFromU8(bytes));
  } catch {
    throw new CheckpointError('corrupt', `${CHECKPOINT_JSON} in ${fileName} is not valid JSON.`);
  }
  const parsed = checkpointJsonSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new CheckpointError(
      'corrupt',
      `${CHECKPOINT_JSON} in ${fileName} is not a checkpoint this app can read${issue ? ` (${issue.path.join('.') || 'file'}: ${issue.message})` : ''}.`,
    );
  }
  return parsed.data;
}

async function verify(
  name: string,
  data: Uint8Array,
  expected: string | undefined,
  fileName: string,
): Promise<void> {
  if (expected !== undefined && (await sha256Hex(data)) !== expected) {
    throw new CheckpointError(
      'corrupt',
      `${name} in ${fileName} is damaged: its checksum does not match the one saved with it.`,
      'Download the checkpoint again and upload the new file.',
    );
  }
}

function copyBuffer(data: Uint8Array): ArrayBuffer {
  return data.slice().buffer;
}

/**
 * Reads a checkpoint .zip back. A zip without checkpoint.json (model.json + weights only) loads
 * as a model with no optimizer state, at epoch 0. Throws CheckpointError for anything else.
 */
export async function unpackCheckpoint(
  bytes: Uint8Array,
  fileName: string,
): Promise<CheckpointArtifacts> {
  const members = byBaseName(unzip(bytes, fileName));
  const modelJsonBytes = members.get(MODEL_JSON);
  if (!modelJsonBytes) {
    throw new CheckpointError(
      'not-checkpoint',
      `${fileName} holds no ${MODEL_JSON}, so it is not a model checkpoint (it has: ${[...members.keys()].slice(0, 5).join(', ') || 'nothing'}).`,
    );
  }
  const modelJson = parseModelJson(strFromU8(modelJsonBytes), `${MODEL_JSON} in ${fileName}`);
  const checkpointBytes = members.get(CHECKPOINT_JSON);
  const checkpoint = checkpointBytes ? parseCheckpointJson(checkpointBytes, fileName) : null;
  for (const [member, hash] of Object.entries(checkpoint?.sha256 ?? {})) {
    const data = members.get(member);
    if (data) await verify(member, data, hash, fileName);
  }
  const files = new Map<string, ArrayBuffer>();
  for (const [name, data] of members) files.set(name, copyBuffer(data));
  const artifacts = artifactsFromModelJson(
    modelJson,
    files,
    `${MODEL_JSON} in ${fileName}`,
    fileName.replace(/\.zip$/i, ''),
  );
  if (!checkpoint) return artifacts;

  const { optimizer, format: _format, sha256: _sha256, ...meta } = checkpoint;
  let optimizerArtifacts: CheckpointArtifacts['optimizer'] = null;
  if (optimizer) {
    const data = files.get(optimizer.weightsFile);
    if (!data) {
      throw new CheckpointError(
        'corrupt',
        `${fileName} lacks ${optimizer.weightsFile}, the optimizer state its checkpoint.json lists.`,
      );
    }
    optimizerArtifacts = {
      className: optimizer.className,
      config: optimizer.config,
      weightSpecs: optimizer.weightSpecs,
      weightData: data,
    };
  }
  return { model: artifacts.model, optimizer: optimizerArtifacts, meta };
}
