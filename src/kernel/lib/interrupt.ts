import { UserFacingError } from '@/utils/errors';

export class KernelInterruptedError extends UserFacingError {
  override name = 'Interrupted';
  constructor() {
    super('Interrupted by the user.', 'The kernel kept every variable defined before the stop.');
  }
}

let shared: Int32Array | null = null;
let softFlag = false;
let suspended = 0;
const listeners = new Set<() => void>();

/** With cross-origin isolation the page flips this flag even while a loop blocks the worker. */
export function setInterruptBuffer(buffer: SharedArrayBuffer | undefined): void {
  shared = buffer ? new Int32Array(buffer) : null;
}

export function requestInterrupt(): void {
  softFlag = true;
  for (const listener of listeners) listener();
}

export function clearInterrupt(): void {
  softFlag = false;
  if (shared) Atomics.store(shared, 0, 0);
}

export function interruptRequested(): boolean {
  return softFlag || (shared !== null && Atomics.load(shared, 0) === 1);
}

/** Throws when the user pressed Interrupt. Library code calls it between steps. */
export function checkInterrupt(): void {
  if (suspended === 0 && interruptRequested()) throw new KernelInterruptedError();
}

/** Training loops stop themselves cleanly; while they run, op-level checks stand aside. */
export async function withOpChecksSuspended<T>(run: () => Promise<T>): Promise<T> {
  suspended++;
  try {
    return await run();
  } finally {
    suspended--;
  }
}

export function onInterrupt(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
