const requested = new Set<string>();

/**
 * The Save button of a live training chart: the run whose chart it is saves a checkpoint at its
 * next batch end, where the weights and the optimizer state belong to the same step.
 */
export function requestRunSave(chartId: string): void {
  requested.add(chartId);
}

export function takeRunSaveRequest(chartId: string): boolean {
  return requested.delete(chartId);
}
