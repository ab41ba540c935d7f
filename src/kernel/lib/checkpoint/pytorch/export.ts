import * as tf from '@tensorflow/tfjs';
import { writePth } from '@/data/torch/write-pth';
import { CheckpointError } from '../errors';
import type { CheckpointArtifacts } from '../format';
import { asManifest } from '../restore';
import { renderModelPy } from './model-py';
import { translateModel } from './translate';

export interface PytorchFiles {
  /** `<name>.pth`: the state dict, as torch.save writes it (zip format). */
  pth: { fileName: string; bytes: Uint8Array };
  /** `<name>_model.py`: the nn.Module that loads it. */
  modelPy: { fileName: string; text: string };
  className: string;
}

/** A file name Python can import (`from dccc_final_model import Classifier`). */
function moduleBase(name: string): string {
  const id = name.replace(/[^A-Za-z0-9_]+/g, '_').replace(/^_+|_+$/g, '');
  return /^[A-Za-z]/.test(id) ? id : `checkpoint_${id}`;
}

/** The model of a checkpoint, rebuilt with its weights but without compiling it. */
async function rebuild(artifacts: CheckpointArtifacts): Promise<tf.LayersModel> {
  try {
    return await tf.loadLayersModel(
      tf.io.fromMemory({
        modelTopology: artifacts.model.modelTopology,
        weightSpecs: asManifest(artifacts.model.weightSpecs),
        weightData: artifacts.model.weightData,
      }),
    );
  } catch (error) {
    throw new CheckpointError(
      'corrupt',
      `The model in checkpoint "${artifacts.meta.name}" cannot be rebuilt: ${error instanceof Error ? error.message : String(error)}.`,
    );
  }
}

/** The checkpoint as PyTorch files, or a PytorchExportError naming the layer it cannot write. */
export async function pytorchFiles(artifacts: CheckpointArtifacts): Promise<PytorchFiles> {
  const model = await rebuild(artifacts);
  try {
    const torchModel = translateModel(model);
    const base = moduleBase(artifacts.meta.name);
    const pthFile = `${base}.pth`;
    return {
      pth: { fileName: pthFile, bytes: writePth(torchModel.tensors) },
      modelPy: {
        fileName: `${base}_model.py`,
        text: renderModelPy(torchModel, {
          checkpoint: artifacts.meta.name,
          epoch: artifacts.meta.epoch,
          modelName: model.name,
          pthFile,
          tfjsVersion: artifacts.meta.tfjsVersion,
        }),
      },
      className: torchModel.className,
    };
  } finally {
    model.dispose();
  }
}
