/** The strings pandas reads as missing by default, plus blank-only cells. */
export const DEFAULT_MISSING: ReadonlySet<string> = new Set([
  '',
  '#N/A',
  '#N/A N/A',
  '#NA',
  '-1.#IND',
  '-1.#QNAN',
  '-NaN',
  '-nan',
  '1.#IND',
  '1.#QNAN',
  '<NA>',
  'N/A',
  'NA',
  'NULL',
  'NaN',
  'None',
  'n/a',
  'nan',
  'null',
]);

export function isMissingText(s: string, missing: ReadonlySet<string>): boolean {
  // Padded cells (`"  "`, `" NA"`) are common in fixed-width exports.
  return missing.has(s) || missing.has(s.trim());
}

const POW10 = [
  1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17,
  1e18, 1e19, 1e20, 1e21, 1e22,
];
const FLOAT = /^\s*[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?\s*$/;
const INF = /^\s*([+-]?)inf(?:inity)?\s*$/i;
/** `1.234.567,89`: dots group the thousands of a decimal-comma number. */
const DOT_THOUSANDS = /^\s*[+-]?\d{1,3}(?:\.\d{3})+(?:,\d*)?\s*$/;

/**
 * Text → number, or NaN when the text is not a decimal number. A hand-rolled fast path covers
 * the common short decimals; it is exact because an integer mantissa < 2^53 divided by an exact
 * power of ten is one correctly rounded operation. Everything else goes to the slower, strict
 * path (Number() alone would also accept hex and `0b` literals, which pandas does not).
 */
export function parseNumber(s: string, decimalComma = false): number {
  const plain = scanDecimal(s, 0, s.length, decimalComma);
  if (!Number.isNaN(plain)) return plain;
  if (decimalComma && DOT_THOUSANDS.test(s))
    return slowParse(s.replaceAll('.', '').replace(',', '.'));
  return slowParse(decimalComma ? s.replace(',', '.') : s);
}

/**
 * The fast path of parseNumber over `text[from, to)`: a plain decimal (spaces around allowed),
 * or NaN for anything else, which the caller then reads with parseNumber on the sliced cell.
 * Up to 15 digits it makes no string: one correctly rounded division of an exact integer by an
 * exact power of ten. Longer mantissas ("19.890000000000001") have passed the same syntax check,
 * so Number() on the cell is safe for them.
 */
export function scanDecimal(text: string, from: number, to: number, decimalComma = false): number {
  const dot = decimalComma ? 44 : 46;
  let i = from;
  while (i < to && text.charCodeAt(i) === 32) i++;
  let neg = false;
  let c = text.charCodeAt(i);
  if (c === 45) {
    neg = true;
    i++;
  } else if (c === 43) i++;
  let m = 0;
  let digits = 0;
  let frac = 0;
  let seenDot = false;
  for (; i < to; i++) {
    c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      m = m * 10 + (c - 48);
      digits++;
      if (seenDot) frac++;
    } else if (c === dot && !seenDot) seenDot = true;
    else break;
  }
  while (i < to && text.charCodeAt(i) === 32) i++;
  if (i !== to || digits === 0) return Number.NaN;
  if (digits > 15) {
    const cell = text.slice(from, to);
    return Number(decimalComma ? cell.replace(',', '.') : cell);
  }
  const v = frac ? m / POW10[frac]! : m;
  return neg ? -v : v;
}

function slowParse(s: string): number {
  if (FLOAT.test(s)) return Number(s);
  const inf = INF.exec(s);
  if (inf) return inf[1] === '-' ? -Infinity : Infinity;
  return Number.NaN;
}
