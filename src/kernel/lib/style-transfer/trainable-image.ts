import * as tf from '@tensorflow/tfjs';
import { UserFacingError } from '@/utils/errors';

/**
 * The book's `target_img = content_img.clone().requires_grad_(True)`: the pixels are what Adam
 * trains. They are held as the one weight of a one-layer model so that everything built for
 * models works for them: `trainLoop`'s checkpoints keep the pixels and Adam's moments, a reload
 * mid-run offers "Resume from epoch N", and `checkpoint.load` gives the image back.
 */

interface ImageParameterConfig extends tf.serialization.ConfigDict {
  /** [1, h, w, c]: the image, batch of one, channels last. */
  imageShape: number[];
}

export class ImageParameter extends tf.layers.Layer {
  static className = 'ImageParameter';
  readonly imageShape: number[];
  private image: tf.LayerVariable | null = null;

  constructor(config: ImageParameterConfig & { name?: string; inputShape?: number[] }) {
    super(config);
    this.imageShape = [...config.imageShape];
  }

  override build(): void {
    this.image = this.addWeight('image', this.imageShape, 'float32', tf.initializers.zeros());
    this.built = true;
  }

  /** The model's output is the image itself; its input is ignored. */
  override call(): tf.Tensor {
    return tf.tidy(() => this.variable().clone());
  }

  override computeOutputShape(): tf.Shape {
    return this.imageShape;
  }

  /** The tf.Variable behind the weight, for `optimizer.minimize(f, true, [variable])`. */
  variable(): tf.Variable {
    const value = this.image?.read();
    if (!(value instanceof tf.Variable))
      throw new UserFacingError('The image parameter is not built yet.');
    return value;
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), imageShape: this.imageShape };
  }
}
tf.serialization.registerClass(ImageParameter);

export interface TrainableImage {
  /** The pixels Adam changes (what the book calls target_img). */
  image: tf.Variable;
  /** The one-layer model that holds them: give it to trainLoop as `model` for checkpoints. */
  model: tf.LayersModel;
}

/** A trainable copy of `start` ([1, h, w, 3], e.g. the normalised content image). */
export function trainableImage(start: tf.Tensor, name = 'target_img'): TrainableImage {
  if (start.rank !== 4 || start.shape[0] !== 1)
    throw new UserFacingError(
      `trainableImage() takes one image as [1, h, w, c]; got [${start.shape.join(', ')}].`,
      'Pass the loaded image itself (image_loader gives [1, h, w, 3]).',
    );
  const layer = new ImageParameter({ imageShape: [...start.shape], name, inputShape: [1] });
  const model = tf.sequential({ name, layers: [layer] });
  model.setWeights([start]);
  return { image: layer.variable(), model };
}
