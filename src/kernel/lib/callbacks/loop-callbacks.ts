import * as tf from '@tensorflow/tfjs';
import { KerasCallback, type Logs } from './base';

/** What `trainLoop({ callbacks })` takes: the Keras-named callbacks, or tfjs's own kinds. */
export type LoopCallback = KerasCallback | tf.CustomCallback | tf.CustomCallbackArgs;

export interface LoopTarget {
  optimizer?: tf.Optimizer;
  model?: tf.LayersModel;
}

/**
 * Drives callbacks from `trainLoop`, which has no model.fit to do it: binds them to the loop's
 * optimizer and model, and says when one of them asked to stop.
 */
export class LoopCallbacks {
  private readonly list: (KerasCallback | tf.CustomCallback)[];
  stopRequested = false;

  constructor(callbacks: readonly LoopCallback[], target: LoopTarget) {
    this.list = callbacks.map((c) =>
      c instanceof KerasCallback || c instanceof tf.CustomCallback
        ? c
        : new tf.CustomCallback(c as tf.CustomCallbackArgs),
    );
    const stop = () => {
      this.stopRequested = true;
      if (target.model) target.model.stopTraining = true;
    };
    for (const c of this.list) {
      if (c instanceof KerasCallback)
        c.bindLoop({ optimizer: target.optimizer, model: target.model, stop });
      else if (target.model) c.setModel(target.model);
    }
  }

  get empty(): boolean {
    return this.list.length === 0;
  }

  async trainBegin(): Promise<void> {
    for (const c of this.list) await c.onTrainBegin({});
  }

  async epochBegin(epoch: number): Promise<void> {
    for (const c of this.list) await c.onEpochBegin(epoch, {});
  }

  async batchEnd(batch: number, logs: Logs): Promise<void> {
    for (const c of this.list) await c.onBatchEnd(batch, { ...logs });
  }

  /** Callbacks may add to the logs (LearningRateScheduler adds `lr`), as in Keras's History. */
  async epochEnd(epoch: number, logs: Logs): Promise<void> {
    for (const c of this.list) await c.onEpochEnd(epoch, logs);
  }

  async trainEnd(): Promise<void> {
    for (const c of this.list) await c.onTrainEnd({});
  }
}
