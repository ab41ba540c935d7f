import { DataError, type DataErrorKind } from '../errors';

/**
 * A CIFAR-10 file that is not what it should be. `file` names the file (or the archive member),
 * `expected` and `found` say what the reader wanted and saw, so the message can tell the user
 * which download to use instead.
 */
export class CifarFormatError extends DataError {
  override name = 'CifarFormatError';
  readonly expected: string;
  readonly found: string;

  constructor(
    file: string,
    what: { expected: string; found: string; hint?: string; kind?: DataErrorKind },
  ) {
    super(what.kind ?? 'parse', `expected ${what.expected}, found ${what.found}`, {
      file,
      hint:
        what.hint ??
        'Use the official cifar-10-binary.tar.gz or cifar-10-python.tar.gz from https://www.cs.toronto.edu/~kriz/cifar.html, or its data_batch_N.bin / test_batch.bin files.',
    });
    this.expected = what.expected;
    this.found = what.found;
  }
}
