import { UserFacingError } from '@/utils/errors';

/** A file that is not a PyTorch weights file we can read, worded for the user. */
export class PthFormatError extends UserFacingError {
  override name = 'PthFormatError';
  readonly file: string;

  constructor(file: string, found: string, hint?: string) {
    super(
      `${file} is not a PyTorch weights file this app can read: ${found}.`,
      hint ??
        'Give a file written by torch.save(model.state_dict(), path) (.pth or .pt), in either of its formats (the zip one of PyTorch ≥ 1.6, or the legacy one).',
    );
    this.file = file;
  }
}
