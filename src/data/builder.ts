import { DEFAULT_MISSING, isMissingText, parseNumber } from './numbers';
import type { Column } from './table';
import { allIntegers } from './table';

/** Text found in a column that is otherwise numbers: reported, and read as missing. */
export interface TextInNumbers {
  column: string;
  count: number;
  /** 1-based file row of the first such cell. */
  firstRow: number;
  firstText: string;
}

export interface BuilderOptions {
  decimalComma?: boolean;
  missing?: ReadonlySet<string>;
  /** Expected rows, to size the typed array once instead of growing it. */
  capacity?: number;
}

/** A column stays numeric while at most this share of its present cells is text. */
export const TEXT_SHARE_LIMIT = 0.05;
/** After this many present cells a mostly-text column stops trying to be numeric. */
const DECIDE_AFTER = 64;

/**
 * Grows one column cell by cell without knowing its type up front. Numbers go straight into a
 * Float64Array; text in a numeric column is remembered sparsely, so a few bad cells cost
 * little and a column that turns out to be text can still be rebuilt as strings.
 */
export class ColumnBuilder {
  readonly name: string;
  private mode: 'number' | 'string' = 'number';
  private nums: Float64Array;
  private strs: (string | null)[] = [];
  private length = 0;
  private present = 0;
  private readonly textRows: number[] = [];
  private readonly textIdx: number[] = [];
  private readonly textVals: string[] = [];
  private readonly decimalComma: boolean;
  private readonly missing: ReadonlySet<string>;

  constructor(name: string, options: BuilderOptions = {}) {
    this.name = name;
    this.decimalComma = options.decimalComma ?? false;
    this.missing = options.missing ?? DEFAULT_MISSING;
    this.nums = new Float64Array(Math.max(16, options.capacity ?? 1024));
  }

  get rows(): number {
    return this.length;
  }

  addText(raw: string, fileRow: number): void {
    if (this.mode === 'string') {
      this.strs.push(isMissingText(raw, this.missing) ? null : raw);
      if (this.strs[this.strs.length - 1] !== null) this.present++;
      this.length++;
      return;
    }
    const v = parseNumber(raw, this.decimalComma);
    if (!Number.isNaN(v)) {
      this.pushNumber(v);
      this.present++;
    } else if (isMissingText(raw, this.missing)) {
      this.pushNumber(Number.NaN);
    } else {
      this.textRows.push(fileRow);
      this.textIdx.push(this.length);
      this.textVals.push(raw);
      this.pushNumber(Number.NaN);
      this.present++;
      if (this.present >= DECIDE_AFTER && this.textShare() > TEXT_SHARE_LIMIT) this.toStrings();
    }
  }

  addNumber(v: number): void {
    if (this.mode === 'string') {
      this.strs.push(!Number.isNaN(v) ? String(v) : null);
      this.length++;
    } else this.pushNumber(v);
    if (!Number.isNaN(v)) this.present++;
  }

  addMissing(): void {
    if (this.mode === 'string') {
      this.strs.push(null);
      this.length++;
    } else this.pushNumber(Number.NaN);
  }

  /** Ends the column; text cells of a mostly-numeric column come back as a report. */
  finish(): { column: Column; textInNumbers?: TextInNumbers } {
    if (this.mode === 'number' && this.textShare() > TEXT_SHARE_LIMIT) this.toStrings();
    if (this.mode === 'string') {
      return { column: { name: this.name, kind: 'string', values: this.strs } };
    }
    // Trim spare capacity only when it is worth a copy; a view would pin the whole buffer.
    const values =
      this.nums.length - this.length > this.length / 8
        ? this.nums.slice(0, this.length)
        : this.nums.subarray(0, this.length);
    const column: Column = {
      name: this.name,
      kind: 'number',
      values,
      integer: allIntegers(values),
    };
    if (this.textVals.length === 0) return { column };
    return {
      column,
      textInNumbers: {
        column: this.name,
        count: this.textVals.length,
        firstRow: this.textRows[0]!,
        firstText: this.textVals[0]!,
      },
    };
  }

  private textShare(): number {
    return this.present === 0 ? 0 : this.textVals.length / this.present;
  }

  private pushNumber(v: number): void {
    if (this.length === this.nums.length) {
      const grown = new Float64Array(Math.ceil(this.nums.length * 1.5) + 16);
      grown.set(this.nums);
      this.nums = grown;
    }
    this.nums[this.length++] = v;
  }

  /**
   * Switches to text. Numbers already read become their shortest string form, so a column
   * that turns to text late loses leading zeros of its early cells; that is rare, and keeping
   * every raw string for every numeric column would double memory.
   */
  private toStrings(): void {
    const strs: (string | null)[] = new Array(this.length);
    for (let i = 0; i < this.length; i++) {
      const v = this.nums[i]!;
      strs[i] = !Number.isNaN(v) ? String(v) : null;
    }
    for (let k = 0; k < this.textIdx.length; k++) strs[this.textIdx[k]!] = this.textVals[k]!;
    this.strs = strs;
    this.mode = 'string';
    this.nums = new Float64Array(0);
    this.textIdx.length = 0;
    this.textVals.length = 0;
    this.textRows.length = 0;
  }
}
