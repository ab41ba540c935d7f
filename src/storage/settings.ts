import { BACKENDS, type BackendChoice } from '@/protocol';

const BACKEND_KEY = 'tfnb.backend';

/** The backend the user picked; kept across reloads. */
export function loadBackendChoice(): BackendChoice {
  const stored = globalThis.localStorage?.getItem(BACKEND_KEY);
  return stored && (BACKENDS as readonly string[]).includes(stored)
    ? (stored as BackendChoice)
    : 'auto';
}

export function saveBackendChoice(choice: BackendChoice): void {
  globalThis.localStorage?.setItem(BACKEND_KEY, choice);
}
