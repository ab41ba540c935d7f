import * as tf from '@tensorflow/tfjs';
import { UserFacingError } from '@/utils/errors';
import { writeStream } from '../../streams';

/** What tfjs hands a callback: numbers, or scalars not yet read back. */
export type UnresolvedLogs = Record<string, number | tf.Scalar>;
export type Logs = Record<string, number>;

/**
 * What a callback acts on. In `fit` (and a plain `model.fit`) it is the model; in `trainLoop`
 * it is the optimizer (and model, when given) of the loop.
 */
export interface TrainingTarget {
  readonly optimizer: tf.Optimizer | undefined;
  readonly model: tf.LayersModel | undefined;
  /** Ends training after the current batch (fit: after the epoch, as Keras). */
  stop(): void;
}

export class CallbackError extends UserFacingError {
  override name = 'CallbackError';
}

/** Numbers only; scalars are read back (one sync each, at epoch ends or where asked). */
export async function resolveLogs(logs: UnresolvedLogs | undefined): Promise<Logs> {
  const out: Logs = {};
  for (const [key, value] of Object.entries(logs ?? {})) {
    if (typeof value === 'number') out[key] = value;
    else if (value instanceof tf.Tensor) out[key] = (await value.data())[0] ?? Number.NaN;
  }
  return out;
}

/** Keras prints its callbacks' notes and warnings; here they go to the running cell. */
export function say(text: string, stream: 'stdout' | 'stderr' = 'stdout'): void {
  writeStream(stream, `${text}\n`);
}

/**
 * Base of the Keras-named callbacks. A `tf.Callback`, so `model.fit` and the kernel's `fit` take
 * them as they are; `trainLoop` binds them to its optimizer with `bindLoop`.
 */
export abstract class KerasCallback extends tf.Callback {
  /** Keras's class name, for messages (constructor names do not survive minification). */
  protected abstract readonly kerasName: string;
  protected target: TrainingTarget | null = null;

  override setModel(model: tf.LayersModel): void {
    super.setModel(model);
    this.target = {
      get optimizer() {
        return model.optimizer;
      },
      model,
      stop() {
        model.stopTraining = true;
      },
    };
  }

  /** Used by `trainLoop`, which has no model.fit to call `setModel`. */
  bindLoop(target: TrainingTarget): void {
    this.target = target;
  }

  protected optimizer(): tf.Optimizer {
    const optimizer = this.target?.optimizer;
    if (optimizer == null) {
      throw new CallbackError(
        `${this.kerasName} needs the optimizer it should act on, and has none.`,
        'In fit, compile the model first. In trainLoop, pass it: trainLoop({ optimizer, … }).',
      );
    }
    return optimizer;
  }

  protected targetModel(): tf.LayersModel {
    const model = this.target?.model;
    if (model == null) {
      throw new CallbackError(
        `${this.kerasName} needs the model it should act on, and has none.`,
        'In trainLoop, pass it: trainLoop({ model, optimizer, … }).',
      );
    }
    return model;
  }

  protected stop(): void {
    this.target?.stop();
  }
}
