import { CallbackError, KerasCallback, say, type UnresolvedLogs } from './base';
import { getLearningRate, setLearningRate } from './learning-rate';

/** Keras's schedule: the epoch (from 0) and the current rate → the rate for this epoch. */
export type Schedule = (epoch: number, lr: number) => number;

/**
 * Keras's LearningRateScheduler: at the start of each epoch sets the optimizer's rate to
 * `schedule(epoch, lr)`, and adds `lr` to the epoch's logs (so `history.history.lr` holds it).
 */
export class LearningRateScheduler extends KerasCallback {
  protected readonly kerasName = 'LearningRateScheduler';
  /** The rate read back from the optimizer after each epoch's change, in epoch order. */
  readonly rates: number[] = [];
  private readonly schedule: Schedule;
  private readonly verbose: number;

  constructor(schedule: Schedule, verbose = 0) {
    super();
    if (typeof schedule !== 'function') {
      throw new CallbackError(
        'LearningRateScheduler needs a schedule function (epoch, lr) => new lr.',
        'For example: new LearningRateScheduler((epoch) => 0.01 * 0.9 ** epoch).',
      );
    }
    this.schedule = schedule;
    this.verbose = verbose;
  }

  override async onEpochBegin(epoch: number): Promise<void> {
    const optimizer = this.optimizer();
    const lr = this.schedule(epoch, getLearningRate(optimizer));
    if (typeof lr !== 'number' || !Number.isFinite(lr)) {
      throw new CallbackError(
        `The learning-rate schedule returned ${String(lr)} for epoch ${epoch}; it must return a finite number.`,
        'Check the schedule function for every epoch of the run.',
      );
    }
    setLearningRate(optimizer, lr);
    this.rates.push(getLearningRate(optimizer));
    if (this.verbose > 0)
      say(
        `\nEpoch ${String(epoch + 1).padStart(5, '0')}: LearningRateScheduler setting learning rate to ${lr}.`,
      );
  }

  override async onEpochEnd(_epoch: number, logs?: UnresolvedLogs): Promise<void> {
    if (logs) logs.lr = getLearningRate(this.optimizer());
  }
}
