import { strFromU8 } from 'fflate';
import type { UploadedFile } from '../../uploads';
import { CheckpointError } from './errors';
import type { CheckpointArtifacts } from './format';
import { artifactsFromModelJson, parseModelJson } from './model-json';
import { looksLikeZip, unpackCheckpoint } from './zip';

function listNames(files: UploadedFile[]): string {
  return files.map((f) => f.name).join(', ');
}

/**
 * Reads what the user uploaded: a checkpoint .zip, or tfjs's model.json with its weight files
 * (as `model.save('downloads://name')` writes them). Refuses anything else with CheckpointError.
 */
export async function readUploadedCheckpoint(files: UploadedFile[]): Promise<CheckpointArtifacts> {
  const zips = files.filter((f) =>
    looksLikeZip(new Uint8Array(f.bytes, 0, Math.min(4, f.bytes.byteLength))),
  );
  if (zips.length > 1) {
    throw new CheckpointError(
      'not-checkpoint',
      `Upload one checkpoint .zip at a time (got ${listNames(zips)}).`,
    );
  }
  const [zip] = zips;
  if (zip) return unpackCheckpoint(new Uint8Array(zip.bytes), zip.name);
  if (files.some((f) => /\.zip$/i.test(f.name))) {
    const named = files.find((f) => /\.zip$/i.test(f.name));
    throw new CheckpointError(
      'corrupt',
      `${named?.name ?? 'The file'} is not a readable zip archive: it may be truncated or damaged.`,
      'Download the checkpoint again and upload the new file.',
    );
  }
  const jsons = files.filter((f) => /\.json$/i.test(f.name));
  if (jsons.length !== 1 || !jsons[0]) {
    throw new CheckpointError(
      'not-checkpoint',
      jsons.length === 0
        ? `${listNames(files)} is not a checkpoint: expected a .zip, or a model.json with its .bin weight files.`
        : `Choose one model.json at a time (got ${listNames(jsons)}).`,
    );
  }
  const [modelFile] = jsons;
  const modelJson = parseModelJson(strFromU8(new Uint8Array(modelFile.bytes)), modelFile.name);
  const weights = new Map(
    files.filter((f) => f !== modelFile).map((f) => [f.name, f.bytes] as const),
  );
  return artifactsFromModelJson(
    modelJson,
    weights,
    modelFile.name,
    modelFile.name.replace(/\.json$/i, ''),
  );
}
