import { UserFacingError } from '@/utils/errors';

/**
 * What went wrong, for tests and for the page: a broken file, a file that is no checkpoint,
 * a checkpoint that does not fit the model, one that is not there, no room to store it, or a
 * zip that would expand past the unpacking limit.
 */
export type CheckpointProblem =
  | 'corrupt'
  | 'not-checkpoint'
  | 'mismatch'
  | 'missing'
  | 'quota'
  | 'too-large';

/** A checkpoint could not be saved, read or applied. Nothing was replaced when it is thrown. */
export class CheckpointError extends UserFacingError {
  override name = 'CheckpointError';
  constructor(
    readonly problem: CheckpointProblem,
    message: string,
    hint?: string,
  ) {
    super(message, hint);
  }
}
