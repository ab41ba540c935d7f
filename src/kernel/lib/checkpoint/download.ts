import { strToU8 } from 'fflate';
import type { CheckpointArtifacts } from './format';
import { modelJsonOf, packCheckpoint } from './zip';

export interface DownloadFile {
  fileName: string;
  mime: string;
  bytes: Uint8Array;
}

function safeName(name: string): string {
  return name.replace(/[^\w.-]+/g, '_') || 'checkpoint';
}

/**
 * The files a download gives: one .zip, or the pair `model.save('downloads://name')` writes
 * (name.json + name.weights.bin), which loads anywhere tfjs runs but keeps no optimizer state.
 */
export async function modelBundle(
  artifacts: CheckpointArtifacts,
  format: 'zip' | 'tfjs',
): Promise<DownloadFile[]> {
  const base = safeName(artifacts.meta.name);
  if (format === 'zip') {
    return [
      { fileName: `${base}.zip`, mime: 'application/zip', bytes: await packCheckpoint(artifacts) },
    ];
  }
  const weightsName = `${base}.weights.bin`;
  return [
    {
      fileName: `${base}.json`,
      mime: 'application/json',
      bytes: strToU8(JSON.stringify(modelJsonOf(artifacts, `./${weightsName}`))),
    },
    {
      fileName: weightsName,
      mime: 'application/octet-stream',
      bytes: new Uint8Array(artifacts.model.weightData),
    },
  ];
}
