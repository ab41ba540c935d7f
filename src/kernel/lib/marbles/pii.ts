import type { Table } from '@/data/table';

/**
 * Personal data a vendor's table should not carry (the Finance book's marbles section: "social
 * security numbers"), found by the shape of the cells: US SSNs (the SSA's valid ranges), e-mail
 * addresses and IBANs (whose mod-97 check digits must hold, so account-like numbers that only
 * look like one are not flagged).
 */

export type PiiKind = 'ssn' | 'email' | 'iban';

export interface PiiFinding {
  column: string;
  kind: PiiKind;
  /** Cells of that kind in the column. */
  count: number;
  /** Cells looked at (not missing). */
  of: number;
  /** The first one found, masked so the report does not leak it again. */
  example: string;
  /** 0-based row of the first one. */
  row: number;
}

const SSN = /^(?!000|666|9\d\d)\d{3}-(?!00)\d{2}-(?!0000)\d{4}$/;
const EMAIL = /^[^\s@<>()]+@[^\s@<>()]+\.[A-Za-z]{2,}$/;
const IBAN_SHAPE = /^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$/;

/** ISO 13616: move the first four characters to the end, letters → 10…35, the number mod 97 is 1. */
export function validIban(text: string): boolean {
  const s = text.replace(/\s+/g, '').toUpperCase();
  if (!IBAN_SHAPE.test(s)) return false;
  const moved = s.slice(4) + s.slice(0, 4);
  let rest = 0;
  for (const ch of moved) {
    const code = ch.charCodeAt(0);
    const digits = code >= 65 ? String(code - 55) : ch;
    for (const d of digits) rest = (rest * 10 + Number(d)) % 97;
  }
  return rest === 1;
}

export function piiKind(cell: string): PiiKind | null {
  const t = cell.trim();
  if (SSN.test(t)) return 'ssn';
  if (EMAIL.test(t)) return 'email';
  if (validIban(t)) return 'iban';
  return null;
}

function mask(cell: string, kind: PiiKind): string {
  const t = cell.trim();
  if (kind === 'ssn') return `***-**-${t.slice(-4)}`;
  if (kind === 'email') return `${t[0]}***@${t.split('@')[1]}`;
  return `${t.replace(/\s+/g, '').slice(0, 4)}…${t.slice(-4)}`;
}

/** Every column holding cells of a personal-data kind, with how many and a masked example. */
export function scanPII(table: Table): PiiFinding[] {
  const out: PiiFinding[] = [];
  for (const c of table.columns) {
    if (c.kind !== 'string') continue; // SSNs, e-mails and IBANs never parse as numbers
    const found = new Map<PiiKind, { count: number; example: string; row: number }>();
    let of = 0;
    c.values.forEach((v, row) => {
      if (v === null || v === '') return;
      of++;
      const kind = piiKind(v);
      if (!kind) return;
      const f = found.get(kind);
      if (f) f.count++;
      else found.set(kind, { count: 1, example: mask(v, kind), row });
    });
    for (const [kind, f] of found) out.push({ column: c.name, kind, of, ...f });
  }
  return out;
}
