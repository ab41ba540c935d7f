import type * as tf from '@tensorflow/tfjs';
import type { CheckpointDownloadFormat, CheckpointSummary } from '@/protocol';
import { display } from '../../display';
import { post } from '../../post';
import { requestUploads } from '../../uploads';
import { type CaptureOptions, captureCheckpoint } from './capture';
import { type DownloadFile, modelBundle } from './download';
import type { CheckpointArtifacts } from './format';
import { LoadedCheckpoint } from './loaded';
import { buildModel } from './restore';
import { deleteCheckpoint, getCheckpoint, listCheckpoints, putCheckpoint } from './store';
import { summarize } from './summary';
import { readUploadedCheckpoint } from './upload';

const ANNOUNCE_SAVE_ABOVE_BYTES = 8 * 1024 * 1024;

function kb(bytes: number): string {
  return bytes < 1024 * 1024
    ? `${(bytes / 1024).toFixed(1)} kB`
    : `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** Stores a checkpoint and tells the page, so its Checkpoints panel lists it at once. */
export async function storeCheckpoint(artifacts: CheckpointArtifacts): Promise<CheckpointSummary> {
  const size = summarize(artifacts).sizeBytes;
  // A large write takes a moment; saying so explains the wait (and what a reload then costs).
  if (size >= ANNOUNCE_SAVE_ABOVE_BYTES)
    display(`Saving checkpoint "${artifacts.meta.name}" (${kb(size)})…`);
  const summary = await putCheckpoint(artifacts);
  post({ type: 'checkpoint-saved', summary });
  return summary;
}

async function open(artifacts: CheckpointArtifacts): Promise<LoadedCheckpoint> {
  const { model, optimizerRestored } = await buildModel(artifacts);
  const loaded = new LoadedCheckpoint(model, artifacts, optimizerRestored);
  display(
    `Loaded checkpoint "${loaded.name}": epoch ${loaded.epoch}, ${model.countParams()} parameters, ${
      optimizerRestored
        ? `${artifacts.optimizer?.className} state restored`
        : 'no optimizer state (compile the model before training)'
    }.`,
  );
  return loaded;
}

/** Posts files for the page to save; the bytes are transferred, not copied. */
export function offerDownload(
  files: { fileName: string; mime: string; bytes: Uint8Array }[],
): void {
  for (const file of files) {
    const bytes = file.bytes.slice().buffer;
    post({ type: 'download', fileName: file.fileName, mime: file.mime, bytes }, [bytes]);
  }
}

/** The `checkpoint` global of notebook cells. */
export const checkpoint = {
  /** Saves the model, its optimizer state, the epoch and the metric history under `name`. */
  async save(
    model: tf.LayersModel,
    name: string,
    options: CaptureOptions = {},
  ): Promise<CheckpointSummary> {
    const summary = await storeCheckpoint(await captureCheckpoint(model, name, options));
    display(`Saved checkpoint "${name}" at epoch ${summary.epoch} (${kb(summary.sizeBytes)}).`);
    return summary;
  },

  /** Every stored checkpoint, newest first. */
  list(): Promise<CheckpointSummary[]> {
    return listCheckpoints();
  },

  /** A new model built from the checkpoint, compiled and with its optimizer state restored. */
  async load(name: string): Promise<LoadedCheckpoint> {
    return open(await getCheckpoint(name));
  },

  /**
   * Downloads the checkpoint as one .zip, as tfjs's own model.json + weights.bin pair, or for
   * PyTorch: `{ format: 'pytorch' }` gives name.pth (torch.load(path, weights_only=True) reads
   * it) and name_model.py, the nn.Module with the same layers that loads it.
   */
  async download(name: string, options: { format?: CheckpointDownloadFormat } = {}): Promise<void> {
    offerDownload(await modelBundle(await getCheckpoint(name), options.format ?? 'zip'));
  },

  delete(name: string): Promise<void> {
    return deleteCheckpoint(name);
  },

  /**
   * The files `download` offers, as bytes in the kernel: what the user would save, for a cell
   * to inspect or to load back with `fromFiles` (a download and upload without the dialogs).
   */
  async files(
    name: string,
    options: { format?: CheckpointDownloadFormat } = {},
  ): Promise<DownloadFile[]> {
    return modelBundle(await getCheckpoint(name), options.format ?? 'zip');
  },

  /** Loads files already in the kernel (a checkpoint .zip, or model.json + .bin) as `upload` does. */
  async fromFiles(
    files: readonly { fileName?: string; name?: string; bytes: ArrayBuffer | Uint8Array }[],
  ): Promise<LoadedCheckpoint> {
    const uploaded = files.map((f, i) => ({
      name: f.name ?? f.fileName ?? `file-${i}`,
      bytes: f.bytes instanceof Uint8Array ? f.bytes.slice().buffer : f.bytes,
    }));
    return open(await readUploadedCheckpoint(uploaded));
  },

  /** Asks for a checkpoint .zip, or a model.json with its weight files, and loads it. */
  async upload(options: { prompt?: string } = {}): Promise<LoadedCheckpoint> {
    const files = await requestUploads({
      prompt: options.prompt ?? 'Choose a checkpoint .zip, or a model.json with its .bin files',
      accept: ['.zip', '.json', '.bin'],
    });
    return open(await readUploadedCheckpoint(files));
  },
};
