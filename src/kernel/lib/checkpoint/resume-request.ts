const requested = new Set<string>();

/**
 * The page's "Resume from epoch N" re-runs the notebook; the `fit` that saves checkpoints under
 * this name then continues from the stored checkpoint instead of starting over. Used once.
 */
export function requestResume(name: string): void {
  requested.add(name);
}

export function takeResumeRequest(name: string): boolean {
  return requested.delete(name);
}
