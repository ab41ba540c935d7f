import { UserFacingError } from '@/utils/errors';

/** The layers the PyTorch download can write, for the messages that refuse the others. */
export const WRITABLE_LAYERS =
  'Dense, Conv2D, MaxPooling2D, AveragePooling2D, GlobalAverage/MaxPooling2D, ZeroPadding2D, BatchNormalization, Dropout, Flatten, Reshape to one axis, and activations (Activation, ReLU, LeakyReLU, ELU, Softmax)';

/**
 * A model the PyTorch writer cannot express: it names the layer (and its class) so the user
 * knows which part of the model to change, or to download the tfjs files instead.
 */
export class PytorchExportError extends UserFacingError {
  override name = 'PytorchExportError';
  readonly layer: string;
  readonly layerClass: string;

  constructor(
    layer: string,
    layerClass: string,
    problem: string,
    what: 'layer' | 'model' = 'layer',
  ) {
    super(
      `The model cannot be written for PyTorch: ${what} "${layer}" (${layerClass}) ${problem}.`,
      `The PyTorch download covers the layers of the books' PyTorch chapters in a chain: ${WRITABLE_LAYERS}. Download the .zip or the tfjs files to keep this model.`,
    );
    this.layer = layer;
    this.layerClass = layerClass;
  }
}
