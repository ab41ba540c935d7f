import type { SerializedError } from '@/protocol';

/**
 * Base for errors we raise on purpose: `message` is written for the user, and `hint` says what
 * to do about it. Subclasses set `name` so the kind survives the worker boundary.
 */
export class UserFacingError extends Error {
  override name = 'UserFacingError';
  readonly hint: string | undefined;
  constructor(message: string, hint?: string) {
    super(message);
    this.hint = hint;
  }
}

/** Turns anything thrown into a plain object that can cross `postMessage`. */
export function serializeError(error: unknown): SerializedError {
  if (error instanceof Error) {
    const out: SerializedError = { name: error.name, message: error.message };
    if (error.stack) out.stack = error.stack;
    if (error instanceof UserFacingError && error.hint) out.hint = error.hint;
    return out;
  }
  return { name: 'Error', message: typeof error === 'string' ? error : safeString(error) };
}

function safeString(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
