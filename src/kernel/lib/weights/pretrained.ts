import type * as tf from '@tensorflow/tfjs';
import { sha256Hex, VGG19, VGG19_KERAS } from '@/data';
import { readPth, type StateDict } from '@/data/torch/pth';
import { getFile, putFile } from '@/storage/data-files';
import { UserFacingError } from '@/utils/errors';
import { displayBundle } from '../../display';
import { findDatasetFile } from '../dataset-source';
import { applyKerasWeights } from './apply-keras';
import { applyStateDict } from './apply-state-dict';
import { type KerasH5File, readKerasH5 } from './keras-h5';
import { packStateDict, unpackStateDict } from './pack';
import {
  BOOK_LAYERS,
  KERAS_VGG19_NAMES,
  VGG19_FEATURE_MODULES,
  type Vgg19Options,
  vgg19Features,
} from './vgg19';

/**
 * `weights.load('vgg19')`: torchvision's VGG-19, as `models.vgg19(pretrained=True).features`
 * up to conv5_1. The 548 MB file is looked for like a book data set (the project's data/
 * folder, the official URL once the notebook may reach download.pytorch.org, else an upload
 * prompt naming it), only features[0..28] are read from it, and those 51.8 MB are kept in the
 * browser, so the next visit loads them without asking.
 */

export const VGG19_CACHE = 'weights:vgg19:features-0-28';
/** torchvision names its files by the first 8 hex digits of their sha256. */
const TORCHVISION_HASH = 'dcbb9e9d';

const wanted = (name: string) => VGG19_FEATURE_MODULES.some((m) => name.startsWith(`${m}.`));
const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;

export interface PretrainedModel {
  model: tf.LayersModel;
  /** The book's names of the model's outputs, in order. */
  outputs: string[];
  source: string;
  /**
   * The input the weights were trained on: torchvision's (RGB in 0–1, ImageNet mean/std
   * normalised, the book's loader) or Keras's caffe-style one (BGR, 0–255 minus the mean).
   */
  preprocessing: 'torchvision' | 'caffe';
  /**
   * The weights are torchvision's own file (its sha256 starts with the 8 digits in its name):
   * only then can a notebook compare its numbers with the book's.
   */
  official: boolean;
}

interface Found {
  buffer: ArrayBuffer;
  source: string;
  official: boolean;
  /** Read from a file now, not from the browser's copy: kept once a model has taken it. */
  fresh: boolean;
}

/** Keeps the packed weights for the next visit; failing to is no reason to fail the load. */
async function keepInBrowser(name: string, buffer: ArrayBuffer, datasetId: string): Promise<void> {
  try {
    await putFile({
      name,
      bytes: buffer,
      size: buffer.byteLength,
      source: 'cache',
      datasetId,
      addedAt: Date.now(),
    });
  } catch (error) {
    displayBundle({ 'text/plain': error instanceof Error ? error.message : String(error) });
  }
}

async function fromCache(): Promise<Found | null> {
  const hit = await getFile(VGG19_CACHE).catch(() => undefined);
  if (!hit) return null;
  const unpacked = unpackStateDict(hit.bytes);
  return unpacked
    ? {
        buffer: hit.bytes,
        source: `browser cache (${unpacked.source})`,
        official: unpacked.official,
        fresh: false,
      }
    : null;
}

async function fromFile(): Promise<Found> {
  const found = await findDatasetFile(VGG19, { accept: ['.pth'] });
  const bytes = new Uint8Array(found.bytes);
  const hash = await sha256Hex(bytes);
  const official = hash.startsWith(TORCHVISION_HASH);
  if (!official)
    displayBundle({
      'text/plain': `${found.name} is not torchvision's vgg19-${TORCHVISION_HASH}.pth (its sha256 starts ${hash.slice(0, 8)}): using it as given, if its tensors have VGG-19's shapes.`,
    });
  const { stateDict } = readPth(found.name, bytes, { keep: wanted });
  const missing = VGG19_FEATURE_MODULES.filter(
    (m) => !stateDict.has(`${m}.weight`) || !stateDict.has(`${m}.bias`),
  );
  if (missing.length > 0)
    throw new UserFacingError(
      `${found.name} lacks VGG-19's ${missing.map((m) => `${m}.weight/bias`).join(', ')}.`,
      `Choose torchvision's vgg19-${TORCHVISION_HASH}.pth (${VGG19.files[0]?.url}).`,
    );
  const source = `${found.source}: ${found.name}, ${mb(bytes.length)}`;
  return { buffer: packStateDict(stateDict, source, official), source, official, fresh: true };
}

export async function loadVgg19(options: Vgg19Options = {}): Promise<PretrainedModel> {
  const { buffer, source, official, fresh } = (await fromCache()) ?? (await fromFile());
  const { stateDict } = unpackStateDict(buffer)!;
  const model = vgg19Features(options);
  applyStateDict(model, stateDict, {
    names: Object.fromEntries(VGG19_FEATURE_MODULES.map((m) => [m.replace('.', '_'), m])),
    // A model cut at conv4_2 leaves conv4_3 … conv5_1 of the file unused.
    allowUnused: true,
  });
  // Only weights a model took are kept: a mis-shaped file would otherwise fail every later load.
  if (fresh) await keepInBrowser(VGG19_CACHE, buffer, VGG19.id);
  const outputs = [...(options.outputs ?? BOOK_LAYERS)];
  displayBundle({
    'text/plain': `VGG-19 features up to conv5_1 from ${source}: ${model.countParams().toLocaleString('en-US')} parameters, frozen; outputs ${outputs.join(', ')}.`,
  });
  return { model, outputs, source, official, preprocessing: 'torchvision' };
}

/** keras-applications' VGG-19 convolutions without the classifier (about 80 MB). */
export const KERAS_VGG19_FILE = VGG19_KERAS.files[0]!.name;
export const VGG19_KERAS_CACHE = 'weights:vgg19-keras:block1_conv1-block5_conv1';

/**
 * Keras's VGG-19 trained on caffe-style input: BGR channel order, pixels in 0–255 minus the
 * ImageNet mean per channel (B 103.939, G 116.779, R 123.68), no division by a std.
 */
export const CAFFE_NOTE = `Keras's VGG-19 expects caffe-style input: BGR channels, 0–255 pixels minus the ImageNet mean (B 103.939, G 116.779, R 123.68), not the book's torchvision preprocessing (RGB in 0–1, normalised by mean 0.485, 0.456, 0.406 and std 0.229, 0.224, 0.225). weights.caffeInput(rgb255) converts an RGB image in 0–255.`;

/** The Keras layers the model takes, in the file's order. */
const KERAS_WANTED = new Set(Object.values(KERAS_VGG19_NAMES));

/**
 * A Keras file's wanted layers as a state dict named `layer/weight` (Keras's own layouts kept),
 * so the same packed cache as torchvision's file holds them.
 */
function kerasToStateDict(file: KerasH5File): StateDict {
  const stateDict: StateDict = new Map();
  for (const { layer, weights } of file.layers) {
    if (!KERAS_WANTED.has(layer)) continue;
    for (const w of weights)
      stateDict.set(`${layer}/${w.name}`, { shape: w.shape, dtype: 'float32', values: w.values });
  }
  return stateDict;
}

function stateDictToKeras(stateDict: StateDict): KerasH5File {
  const layers = new Map<string, KerasH5File['layers'][number]>();
  for (const [key, t] of stateDict) {
    const cut = key.indexOf('/');
    const layer = key.slice(0, cut);
    const entry = layers.get(layer) ?? { layer, weights: [] };
    entry.weights.push({
      name: key.slice(cut + 1),
      shape: t.shape,
      values: t.values as Float32Array,
    });
    layers.set(layer, entry);
  }
  return {
    kind: 'keras-h5',
    layers: [...layers.values()],
    kerasVersion: null,
    backend: null,
    fullModel: false,
  };
}

/** Keras's weights as found, and whether they came from a file now (kept once a model took them). */
interface KerasFound {
  file: KerasH5File;
  source: string;
  fresh: boolean;
}

async function kerasFromCache(): Promise<KerasFound | null> {
  const hit = await getFile(VGG19_KERAS_CACHE).catch(() => undefined);
  const unpacked = hit && unpackStateDict(hit.bytes);
  return unpacked
    ? {
        file: stateDictToKeras(unpacked.stateDict),
        source: `browser cache (${unpacked.source})`,
        fresh: false,
      }
    : null;
}

async function kerasFromFile(): Promise<KerasFound> {
  const found = await findDatasetFile(VGG19_KERAS, { accept: ['.h5', '.hdf5'] });
  const bytes = new Uint8Array(found.bytes);
  const file = await readKerasH5(found.name, bytes);
  const source = `${found.source}: ${found.name}, ${mb(bytes.length)} (Keras ${file.kerasVersion ?? 'version unknown'})`;
  return { file, source, fresh: true };
}

/**
 * `weights.load('vgg19', { from: 'keras' })`: the same model with Keras's weights, found like
 * torchvision's file (the browser's copy, the data/ folder, the official URL with permission,
 * else an upload prompt naming the file; Keras keeps it in ~/.keras/models/ once downloaded).
 * The 13 convolutions the model takes are kept in the browser for the next visit, once it has
 * taken them (a file of other shapes is never kept).
 */
export async function loadVgg19FromKeras(options: Vgg19Options = {}): Promise<PretrainedModel> {
  const { file, source, fresh } = (await kerasFromCache()) ?? (await kerasFromFile());
  const model = vgg19Features(options);
  try {
    applyKerasWeights(model, file, { names: { ...KERAS_VGG19_NAMES }, allowUnused: true });
  } catch (error) {
    model.dispose();
    throw error;
  }
  if (fresh)
    await keepInBrowser(
      VGG19_KERAS_CACHE,
      packStateDict(kerasToStateDict(file), source),
      VGG19_KERAS.id,
    );
  const outputs = [...(options.outputs ?? BOOK_LAYERS)];
  displayBundle({
    'text/plain': `VGG-19 features up to conv5_1 from ${source}: ${model.countParams().toLocaleString('en-US')} parameters, frozen; outputs ${outputs.join(', ')}.\n${CAFFE_NOTE}`,
  });
  return { model, outputs, source, official: false, preprocessing: 'caffe' };
}
