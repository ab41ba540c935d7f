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
  /** The first few such cells, for the message. */
  examples: CellExample[];
}

export interface CellExample {
  /** 1-based file row. */
  row: number;
  text: string;
}

/**
 * A column of mostly numbers that was read as text because too many cells are not numbers
 * (say "n.a." or "?"): reported, so the user can read those cells as missing instead.
 */
export interface NumbersReadAsText {
  column: string;
  numbers: number;
  texts: number;
  examples: CellExample[];
  /** The distinct non-numbers, when there are few enough to offer as "missing" tokens. */
  tokens: string[] | null;
}

/** Infinity, -Infinity, inf, 1e309 (read as ±Infinity) and NaN (read as missing) cells. */
export interface SpecialNumbers {
  column: string;
  infinite: number;
  nan: number;
  examples: CellExample[];
}

const EXAMPLES = 3;
/** More distinct non-numbers than this is a text column, not a numeric one with gaps. */
const MAX_TOKENS = 12;
const MAX_TOKEN_CHARS = 40;
const NAN_TOKEN = /^\s*[+-]?nan\s*$/i;

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
  /** Once text: how many cells still read as numbers, and the ones that do not. */
  private numbersInText = 0;
  private readonly textInText: CellExample[] = [];
  private readonly tokens = new Set<string>();
  private offerTokens = true;
  private textCount = 0;
  private infinite = 0;
  private nan = 0;
  private readonly special: CellExample[] = [];
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
      const missing = isMissingText(raw, this.missing);
      this.strs.push(missing ? null : raw);
      this.length++;
      if (!missing) {
        this.present++;
        this.countInText(raw, fileRow);
      }
      return;
    }
    const v = parseNumber(raw, this.decimalComma);
    if (!Number.isNaN(v)) {
      this.pushNumber(v);
      this.present++;
      if (v === Number.POSITIVE_INFINITY || v === Number.NEGATIVE_INFINITY) {
        this.infinite++;
        this.noteSpecial(raw, fileRow);
      }
    } else if (isMissingText(raw, this.missing)) {
      this.pushNumber(Number.NaN);
      if (NAN_TOKEN.test(raw)) {
        this.nan++;
        this.noteSpecial(raw, fileRow);
      }
    } else {
      this.textRows.push(fileRow);
      this.textIdx.push(this.length);
      this.textVals.push(raw);
      this.pushNumber(Number.NaN);
      this.present++;
      if (this.present >= DECIDE_AFTER && this.textShare() > TEXT_SHARE_LIMIT) this.toStrings();
    }
  }

  /**
   * A cell the CSV reader already read as a plain decimal (numbers.ts scanDecimal), without its
   * string: false when the column holds text, and the caller passes the cell to addText instead.
   */
  addScanned(v: number): boolean {
    if (this.mode !== 'number') return false;
    if (this.length === this.nums.length) this.grow();
    this.nums[this.length++] = v;
    this.present++;
    return true;
  }

  addNumber(v: number): void {
    if (this.mode === 'string') {
      this.strs.push(!Number.isNaN(v) ? String(v) : null);
      this.length++;
      if (!Number.isNaN(v)) this.numbersInText++;
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
  finish(): {
    column: Column;
    textInNumbers?: TextInNumbers;
    readAsText?: NumbersReadAsText;
    special?: SpecialNumbers;
  } {
    if (this.mode === 'number' && this.textShare() > TEXT_SHARE_LIMIT) this.toStrings();
    const special: SpecialNumbers | undefined =
      this.infinite + this.nan > 0
        ? { column: this.name, infinite: this.infinite, nan: this.nan, examples: this.special }
        : undefined;
    if (this.mode === 'string') {
      const column: Column = { name: this.name, kind: 'string', values: this.strs };
      // Mostly numbers: say so, since a column silently turned to text breaks training later.
      const readAsText: NumbersReadAsText | undefined =
        this.numbersInText > 0 && this.numbersInText >= this.textCount
          ? {
              column: this.name,
              numbers: this.numbersInText,
              texts: this.textCount,
              examples: this.textInText,
              tokens: this.offerTokens ? [...this.tokens] : null,
            }
          : undefined;
      return { column, ...(readAsText ? { readAsText } : {}), ...(special ? { special } : {}) };
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
    if (this.textVals.length === 0) return { column, ...(special ? { special } : {}) };
    const examples = this.textVals
      .slice(0, EXAMPLES)
      .map((text, k) => ({ row: this.textRows[k]!, text }));
    return {
      column,
      textInNumbers: {
        column: this.name,
        count: this.textVals.length,
        firstRow: this.textRows[0]!,
        firstText: this.textVals[0]!,
        examples,
      },
      ...(special ? { special } : {}),
    };
  }

  /** Long cells are not "missing" markers: one makes the column plain text, with no offer. */
  private addToken(raw: string): void {
    if (!this.offerTokens) return;
    const token = raw.trim();
    if (this.tokens.has(token)) return;
    if (token.length > MAX_TOKEN_CHARS || this.tokens.size >= MAX_TOKENS) {
      this.offerTokens = false;
      this.tokens.clear();
      return;
    }
    this.tokens.add(token);
  }

  private noteSpecial(raw: string, row: number): void {
    if (this.special.length < EXAMPLES) this.special.push({ row, text: raw.trim() });
  }

  /** Text mode keeps counting numbers while the column may still be mostly numbers. */
  private countInText(raw: string, row: number): void {
    if (this.numbersInText === 0 && this.textCount > 0) {
      this.textCount++;
      return; // it has been text from the start: no numbers to speak of
    }
    if (!Number.isNaN(parseNumber(raw, this.decimalComma))) {
      this.numbersInText++;
      return;
    }
    this.textCount++;
    if (this.textInText.length < EXAMPLES) this.textInText.push({ row, text: raw });
    this.addToken(raw);
  }

  private textShare(): number {
    return this.present === 0 ? 0 : this.textVals.length / this.present;
  }

  private pushNumber(v: number): void {
    if (this.length === this.nums.length) this.grow();
    this.nums[this.length++] = v;
  }

  private grow(): void {
    const grown = new Float64Array(Math.ceil(this.nums.length * 1.5) + 16);
    grown.set(this.nums);
    this.nums = grown;
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
    this.numbersInText = this.present - this.textVals.length;
    this.textCount = this.textVals.length;
    for (let k = 0; k < this.textVals.length; k++) {
      const text = this.textVals[k]!;
      if (this.textInText.length < EXAMPLES) this.textInText.push({ row: this.textRows[k]!, text });
      this.addToken(text);
    }
    this.strs = strs;
    this.mode = 'string';
    this.nums = new Float64Array(0);
    this.textIdx.length = 0;
    this.textVals.length = 0;
    this.textRows.length = 0;
  }
}
