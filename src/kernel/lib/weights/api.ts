import type * as tf from '@tensorflow/tfjs';
import { type PthFile, readPth, type StateDict } from '@/data/torch/pth';
import { UserFacingError } from '@/utils/errors';
import { requestUpload } from '../../uploads';
import { table } from '../plot';
import { type ApplyOptions, applyStateDict } from './apply-state-dict';
import { loadVgg19, type PretrainedModel } from './pretrained';
import type { Vgg19Options } from './vgg19';

/**
 * The `weights` global: PyTorch state dicts (`.pth`, `.pt`) read in the worker, shown as a
 * table of tensors, and put into a tfjs model built like the PyTorch one.
 */

export interface PthLoaded extends PthFile {
  name: string;
}

const fmt = (n: number) => n.toLocaleString('en-US');

function summarise(loaded: PthLoaded): void {
  const rows = [...loaded.stateDict].map(([name, t]) => ({
    tensor: name,
    shape: t.shape.join(' × ') || 'scalar',
    dtype: t.dtype,
    values: fmt(t.values.length),
  }));
  const total = [...loaded.stateDict.values()].reduce((n, t) => n + t.values.length, 0);
  table(rows, {
    caption: `${loaded.name}: ${rows.length} tensors, ${fmt(total)} values, torch.save's ${loaded.format} format${loaded.foundUnder ? `, under the key "${loaded.foundUnder}"` : ''}`,
  });
}

/** A path of the app itself; another origin goes through the kernel's network permission. */
async function fetchPth(path: string): Promise<{ name: string; bytes: ArrayBuffer }> {
  const name = path.split('/').pop() || path;
  // The worker's own URL is under /assets/: an app path is taken from the site's root.
  const url = /^([a-z][a-z0-9+.-]*:|\/)/i.test(path) ? path : `/${path}`;
  const response = await fetch(url);
  // A static host answers an unknown path with the app's index.html.
  if (response.ok && (response.headers.get('content-type') ?? '').includes('text/html'))
    throw new UserFacingError(
      `The app has no file ${path}.`,
      'Check the path, or call weights.readPth() with no argument to pick the file.',
    );
  if (!response.ok)
    throw new UserFacingError(
      `Could not read ${path}: the server answered ${response.status} ${response.statusText}.`,
      'Check the path, or call weights.readPth() with no argument to pick the file.',
    );
  return { name, bytes: await response.arrayBuffer() };
}

function isStateDict(v: unknown): v is StateDict {
  return v instanceof Map;
}

export const weights = {
  /**
   * Pretrained weights by name: 'vgg19' is torchvision's VGG-19 features up to conv5_1, frozen,
   * with the book's style and content layers as outputs (or `{ outputs: ['conv4_2'] }`).
   */
  async load(name: 'vgg19', options: Vgg19Options = {}): Promise<PretrainedModel> {
    if (name !== 'vgg19')
      throw new UserFacingError(
        `No pretrained weights called "${String(name)}".`,
        "Available: 'vgg19'.",
      );
    return loadVgg19(options);
  },

  /**
   * Reads a `.pth`: the one the user picks, a file of the app (`'examples/…'`, same origin), or
   * the bytes given; shows its tensors.
   */
  async readPth(
    source?: string | { name: string; bytes: ArrayBuffer | Uint8Array },
  ): Promise<PthLoaded> {
    const file =
      typeof source === 'string'
        ? await fetchPth(source)
        : (source ??
          (await requestUpload({
            accept: ['.pth', '.pt', '.bin', '.ckpt'],
            prompt:
              'Choose a PyTorch weights file (.pth or .pt, saved with torch.save(model.state_dict(), path))',
          })));
    const bytes = file.bytes instanceof Uint8Array ? file.bytes : new Uint8Array(file.bytes);
    const loaded = { name: file.name, ...readPth(file.name, bytes) };
    summarise(loaded);
    return loaded;
  },

  /** Sets the model's weights from a state dict (see apply-state-dict.ts for the matching). */
  apply(model: tf.LayersModel, from: PthLoaded | StateDict, options: ApplyOptions = {}): void {
    const stateDict = isStateDict(from) ? from : from?.stateDict;
    if (!isStateDict(stateDict))
      throw new UserFacingError(
        'weights.apply(model, loaded) takes what weights.readPth() returned.',
        'const loaded = await weights.readPth(); weights.apply(model, loaded);',
      );
    const { layers, matched } = applyStateDict(model, stateDict, options);
    table(
      layers.map((l) => ({ ...l })),
      { caption: `Loaded into ${model.name}: ${layers.length} layers, matched ${matched}` },
    );
  },
};
