import { UserFacingError } from '@/utils/errors';

export type DataErrorKind =
  | 'empty-file'
  | 'binary'
  | 'ragged-rows'
  | 'non-numeric'
  | 'header-only'
  | 'encoding'
  | 'not-a-workbook'
  | 'password-protected'
  | 'wrong-dataset'
  | 'too-large'
  | 'parse'
  | 'no-such-column'
  | 'missing-values';

export interface DataErrorInit {
  file?: string;
  /** 1-based row of the file as a spreadsheet shows it: header rows count. */
  row?: number;
  column?: string;
  hint?: string;
}

/**
 * A problem with the user's data, worded for the user. `kind` lets callers branch without
 * matching message text, and survives postMessage because `name` is fixed.
 */
export class DataError extends UserFacingError {
  override name = 'DataError';
  readonly kind: DataErrorKind;
  readonly file: string | undefined;
  readonly row: number | undefined;
  readonly column: string | undefined;

  constructor(kind: DataErrorKind, message: string, init: DataErrorInit = {}) {
    super(withPlace(message, init), init.hint);
    this.kind = kind;
    this.file = init.file;
    this.row = init.row;
    this.column = init.column;
  }
}

/** `energy.csv: row 17, column "T1": …` — the place first, so the user can find the cell. */
function withPlace(message: string, init: DataErrorInit): string {
  const place: string[] = [];
  if (init.row !== undefined) place.push(`row ${init.row}`);
  if (init.column !== undefined) place.push(`column "${init.column}"`);
  const where = place.join(', ');
  const prefix = [init.file, where].filter((p) => p).join(': ');
  return prefix ? `${prefix}: ${message}` : message;
}

export function isDataError(error: unknown): error is DataError {
  return error instanceof DataError;
}

export const MB = 1024 * 1024;

export function formatMB(bytes: number): string {
  return `${(bytes / MB).toFixed(1)} MB`;
}
