import { expect } from 'vitest';
import { DataError } from '../errors';

/** The DataError a call throws; the test fails when it returns or throws something else. */
export function refusedSync(fn: () => unknown): DataError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(DataError);
    return e as DataError;
  }
  throw new Error('expected a refusal');
}

/** The DataError a promise rejects with; the test fails when it resolves or rejects otherwise. */
export async function refused(promise: Promise<unknown>): Promise<DataError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DataError);
  return error as DataError;
}
