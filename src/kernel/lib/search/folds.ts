import { UserFacingError } from '@/utils/errors';

export class FoldError extends UserFacingError {
  override name = 'FoldError';
}

export interface Fold {
  train: number[];
  test: number[];
}

function checkSplits(n: number, k: number): void {
  if (!Number.isInteger(k) || k < 2 || k > n) {
    throw new FoldError(
      `cv must be a whole number between 2 and the number of samples (${n}); got ${k}.`,
      'scikit-learn defaults to 5 folds (3 before version 0.22, as in the Learn Keras book).',
    );
  }
}

function fromTestFolds(testFold: number[], k: number): Fold[] {
  return Array.from({ length: k }, (_, f) => {
    const test: number[] = [];
    const train: number[] = [];
    for (const [i, g] of testFold.entries()) (g === f ? test : train).push(i);
    return { train, test };
  });
}

/** scikit-learn's KFold without shuffling: contiguous folds, the first n mod k one larger. */
export function kFold(n: number, k: number): Fold[] {
  checkSplits(n, k);
  const testFold: number[] = [];
  for (let f = 0; f < k; f++) {
    const size = Math.floor(n / k) + (f < n % k ? 1 : 0);
    for (let i = 0; i < size; i++) testFold.push(f);
  }
  return fromTestFolds(testFold, k);
}

/**
 * scikit-learn's StratifiedKFold without shuffling (0.22+): classes numbered by first
 * appearance, the sorted labels dealt round-robin into k folds to fix how many of each class a
 * fold gets, then each class's samples given their folds in order.
 */
export function stratifiedKFold(labels: readonly number[], k: number): Fold[] {
  checkSplits(labels.length, k);
  const code = new Map<number, number>();
  const encoded = labels.map((label) => {
    if (!code.has(label)) code.set(label, code.size);
    return code.get(label) ?? 0;
  });
  const classes = code.size;
  const counts = Array.from({ length: classes }, (_, c) => encoded.filter((e) => e === c).length);
  if (counts.every((c) => c < k)) {
    throw new FoldError(
      `cv=${k} is more than the number of samples in every class (${counts.join(', ')}).`,
      'Use fewer folds, or more data.',
    );
  }
  const order = [...encoded].sort((a, b) => a - b);
  const allocation = Array.from({ length: k }, (_, f) => {
    const row = new Array<number>(classes).fill(0);
    for (let i = f; i < order.length; i += k) row[order[i] ?? 0]! += 1;
    return row;
  });
  const testFold = new Array<number>(labels.length).fill(0);
  for (let c = 0; c < classes; c++) {
    const folds = allocation.flatMap((row, f) => new Array<number>(row[c] ?? 0).fill(f));
    let next = 0;
    encoded.forEach((e, i) => {
      if (e === c) testFold[i] = folds[next++] ?? 0;
    });
  }
  return fromTestFolds(testFold, k);
}

/** The smallest class size, for scikit-learn's warning that a class is smaller than cv. */
export function smallestClass(labels: readonly number[]): number {
  const counts = new Map<number, number>();
  for (const l of labels) counts.set(l, (counts.get(l) ?? 0) + 1);
  return Math.min(...counts.values());
}
