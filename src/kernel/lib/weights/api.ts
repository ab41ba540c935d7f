import * as tf from '@tensorflow/tfjs';
import { type PthFile, readPth, type StateDict } from '@/data/torch/pth';
import { UserFacingError } from '@/utils/errors';
import { requestUpload } from '../../uploads';
import { table } from '../plot';
import { applyKerasWeights, type KerasApplyOptions } from './apply-keras';
import { type ApplyOptions, applyStateDict } from './apply-state-dict';
import { type KerasH5File, readKerasH5 } from './keras-h5';
import { loadVgg19, loadVgg19FromKeras, type PretrainedModel } from './pretrained';
import type { Vgg19Options } from './vgg19';

/**
 * The `weights` global: PyTorch state dicts (`.pth`, `.pt`) and Keras HDF5 weights (`.h5`)
 * read in the worker, shown as a table, and put into a tfjs model built like the original.
 */

export interface PthLoaded extends PthFile {
  name: string;
}

export interface KerasH5Loaded extends KerasH5File {
  name: string;
}

function isKeras(v: unknown): v is KerasH5Loaded {
  return typeof v === 'object' && v !== null && (v as { kind?: unknown }).kind === 'keras-h5';
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

function summariseKeras(loaded: KerasH5Loaded): void {
  const rows = loaded.layers.flatMap(({ layer, weights: ws }) =>
    ws.map((w) => ({
      layer,
      weight: w.name,
      shape: w.shape.join(' × ') || 'scalar',
      values: fmt(w.values.length),
    })),
  );
  const total = loaded.layers.reduce(
    (n, l) => n + l.weights.reduce((m, w) => m + w.values.length, 0),
    0,
  );
  table(rows, {
    caption: `${loaded.name}: ${loaded.layers.length} layers with weights, ${fmt(total)} values, Keras ${loaded.kerasVersion ?? '(version not recorded)'}${loaded.fullModel ? ', a whole-model file' : ''}`,
  });
}

/** A path of the app itself; another origin goes through the kernel's network permission. */
async function fetchFile(
  path: string,
  reader: string,
): Promise<{ name: string; bytes: ArrayBuffer }> {
  const name = path.split('/').pop() || path;
  // The worker's own URL is under /assets/: an app path is taken from the site's root.
  const url = /^([a-z][a-z0-9+.-]*:|\/)/i.test(path) ? path : `/${path}`;
  const response = await fetch(url);
  // A static host answers an unknown path with the app's index.html.
  if (response.ok && (response.headers.get('content-type') ?? '').includes('text/html'))
    throw new UserFacingError(
      `The app has no file ${path}.`,
      `Check the path, or call weights.${reader}() with no argument to pick the file.`,
    );
  if (!response.ok)
    throw new UserFacingError(
      `Could not read ${path}: the server answered ${response.status} ${response.statusText}.`,
      `Check the path, or call weights.${reader}() with no argument to pick the file.`,
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
  async load(
    name: 'vgg19',
    options: Vgg19Options & { from?: 'torchvision' | 'keras' } = {},
  ): Promise<PretrainedModel> {
    if (name !== 'vgg19')
      throw new UserFacingError(
        `No pretrained weights called "${String(name)}".`,
        "Available: 'vgg19'.",
      );
    const { from = 'torchvision', ...vgg } = options;
    if (from === 'keras') return loadVgg19FromKeras(vgg);
    if (from !== 'torchvision')
      throw new UserFacingError(
        `VGG-19 weights come from 'torchvision' or 'keras', not ${JSON.stringify(from)}.`,
      );
    return loadVgg19(vgg);
  },

  /**
   * Keras's VGG input from an RGB image batch in 0–255: channels reversed to BGR and the
   * ImageNet mean subtracted (caffe style), what `weights.load('vgg19', { from: 'keras' })`
   * expects instead of the book's normalisation.
   */
  caffeInput(rgb255: tf.Tensor): tf.Tensor {
    return tf.tidy(() => tf.reverse(rgb255, -1).sub(tf.tensor1d([103.939, 116.779, 123.68])));
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
        ? await fetchFile(source, 'readPth')
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

  /**
   * Reads a Keras `.h5` (model.save_weights or model.save): the one the user picks, a file of
   * the app, or the bytes given; shows its layers and weights.
   */
  async readH5(
    source?: string | { name: string; bytes: ArrayBuffer | Uint8Array },
  ): Promise<KerasH5Loaded> {
    const file =
      typeof source === 'string'
        ? await fetchFile(source, 'readH5')
        : (source ??
          (await requestUpload({
            accept: ['.h5', '.hdf5', '.keras'],
            prompt:
              "Choose a Keras weights file (.h5, saved with model.save_weights('name.h5') or model.save('name.h5'))",
          })));
    const bytes = file.bytes instanceof Uint8Array ? file.bytes : new Uint8Array(file.bytes);
    const loaded: KerasH5Loaded = { name: file.name, ...(await readKerasH5(file.name, bytes)) };
    summariseKeras(loaded);
    return loaded;
  },

  /**
   * Sets the model's weights from a PyTorch state dict (see apply-state-dict.ts for the
   * matching) or a Keras file (by layer name, see apply-keras.ts).
   */
  apply(
    model: tf.LayersModel,
    from: PthLoaded | StateDict | KerasH5Loaded,
    options: ApplyOptions & KerasApplyOptions = {},
  ): void {
    if (isKeras(from)) {
      const { layers, matched } = applyKerasWeights(model, from, options);
      table(
        layers.map((l) => ({ ...l })),
        {
          caption: `Loaded ${from.name} into ${model.name}: ${layers.length} layers, matched ${matched}`,
        },
      );
      return;
    }
    const stateDict = isStateDict(from) ? from : from?.stateDict;
    if (!isStateDict(stateDict))
      throw new UserFacingError(
        'weights.apply(model, loaded) takes what weights.readPth() or weights.readH5() returned.',
        'const loaded = await weights.readPth(); weights.apply(model, loaded);',
      );
    const { layers, matched } = applyStateDict(model, stateDict, options);
    table(
      layers.map((l) => ({ ...l })),
      { caption: `Loaded into ${model.name}: ${layers.length} layers, matched ${matched}` },
    );
  },
};
