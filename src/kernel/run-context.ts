import type { CellId, RunId } from '@/protocol';

export interface RunContext {
  runId: RunId;
  cellId: CellId;
  /** The cell's In [n], which names the runs it trains. */
  executionCount?: number;
}

let current: RunContext | null = null;

/**
 * The cell whose code is running. Output from callbacks that fire after their cell finished goes
 * to the most recent cell, which is where a notebook user looks for it.
 */
export function currentRun(): RunContext | null {
  return current;
}

export function setCurrentRun(run: RunContext): void {
  current = run;
}
