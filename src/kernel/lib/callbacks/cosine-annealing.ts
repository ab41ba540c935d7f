import { CallbackError } from './base';
import type { Schedule } from './learning-rate-scheduler';

export interface CosineAnnealingOptions {
  /** The rate at the start of each cycle (the Finance book: 0.01). */
  lr: number;
  /** Epochs per cycle (the book's `anneal_len`: 5, then 10). */
  cycle: number;
  /** Jump back to `lr` after each cycle (SGDR). Without, the last value of the first cycle stays. */
  restarts?: boolean;
  /** Each cycle is this many times longer than the one before (SGDR's T_mult). */
  cycleMult?: number;
  /** The floor the cosine decays towards. */
  minLr?: number;
}

/**
 * Cosine annealing with warm restarts, the Finance book's ch. 8 schedule:
 * lr(t) = minLr + (lr − minLr)/2 · (cos(π·(t mod cycle)/cycle) + 1). Pass it to
 * LearningRateScheduler.
 */
export function cosineAnnealing(options: CosineAnnealingOptions): Schedule {
  const { lr, cycle, restarts = true, cycleMult = 1, minLr = 0 } = options;
  if (!(lr > 0) || !Number.isInteger(cycle) || cycle < 1 || !(cycleMult >= 1) || !(minLr >= 0)) {
    throw new CallbackError(
      `cosineAnnealing needs lr > 0, a whole cycle ≥ 1, cycleMult ≥ 1 and minLr ≥ 0; got lr ${lr}, cycle ${cycle}, cycleMult ${cycleMult}, minLr ${minLr}.`,
      'For example: cosineAnnealing({ lr: 0.01, cycle: 10 }).',
    );
  }
  return (epoch: number) => {
    let t = epoch;
    let length = cycle;
    if (!restarts) t = Math.min(t, cycle - 1);
    else
      while (t >= length) {
        t -= length;
        length = Math.round(length * cycleMult);
      }
    return minLr + ((lr - minLr) / 2) * (Math.cos((Math.PI * t) / length) + 1);
  };
}
