import { strToU8 } from 'fflate';
import type { CheckpointDownloadFormat } from '@/protocol';
import type { CheckpointArtifacts } from './format';
import { pytorchFiles } from './pytorch/export';
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
 * The files a download gives: one .zip; or the pair `model.save('downloads://name')` writes
 * (name.json + name.weights.bin), which loads anywhere tfjs runs but keeps no optimizer state;
 * or, for PyTorch, the state dict (name.pth) and the nn.Module that loads it (name_model.py).
 */
export async function modelBundle(
  artifacts: CheckpointArtifacts,
  format: CheckpointDownloadFormat,
): Promise<DownloadFile[]> {
  const base = safeName(artifacts.meta.name);
  if (format === 'zip') {
    return [
      { fileName: `${base}.zip`, mime: 'application/zip', bytes: await packCheckpoint(artifacts) },
    ];
  }
  if (format === 'pytorch') {
    const { pth, modelPy } = await pytorchFiles(artifacts);
    return [
      { fileName: pth.fileName, mime: 'application/octet-stream', bytes: pth.bytes },
      { fileName: modelPy.fileName, mime: 'text/x-python', bytes: strToU8(modelPy.text) },
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
