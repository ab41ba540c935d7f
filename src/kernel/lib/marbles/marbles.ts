import type { Table } from '@/data/table';
import { UserFacingError } from '@/utils/errors';
import { displayBundle } from '../../display';
import { type PiiFinding, scanPII } from './pii';

/**
 * Two Sigma's `marbles` (unittest with context), as the Finance book's listing 8-1 uses it: a
 * `TestCase` with `setUp`/`tearDown` and `test_*` methods, the `MonotonicMixins` assertion, and
 * `main()` printing unittest's report with marbles's extras (the failing source line, locals,
 * the note). `assertNoPersonalData` is this app's addition for the chapter's PII point; marbles
 * has no such mixin.
 */

export class ContextualAssertionError extends Error {
  override name = 'ContextualAssertionError';
  constructor(
    message: string,
    readonly note: string | undefined,
    readonly locals: Record<string, unknown>,
    readonly assertion: string,
  ) {
    super(message);
  }
}

export interface AssertOptions {
  /** Shown under "Note:" when the assertion fails: what the data must satisfy, for its reader. */
  note?: string;
  /** Variables to show under "Locals:" (marbles shows the test method's public locals). */
  locals?: Record<string, unknown>;
}

export interface MonotonicOptions extends AssertOptions {
  /** Strictly increasing (no two equal neighbours): marbles's default, true. */
  strict?: boolean;
  /** The series' name, as pandas prints it (`Name: dates`). */
  name?: string;
}

type Element = number | string | Date;

const isMidnight = (d: Date) =>
  d.getUTCHours() === 0 &&
  d.getUTCMinutes() === 0 &&
  d.getUTCSeconds() === 0 &&
  d.getUTCMilliseconds() === 0;

function cellText(v: Element): string {
  if (v instanceof Date)
    return isMidnight(v)
      ? v.toISOString().slice(0, 10)
      : v.toISOString().replace('T', ' ').slice(0, 19);
  return String(v);
}

function dtypeOf(values: readonly Element[]): string {
  if (values.every((v) => v instanceof Date)) return 'datetime64[ns]';
  if (values.every((v) => typeof v === 'number'))
    return values.every((v) => Number.isInteger(v)) ? 'int64' : 'float64';
  return 'object';
}

/** A sequence as pandas prints a Series: index, value, then `Name: …, dtype: …`. */
export function seriesText(values: readonly Element[], name?: string): string {
  const width = String(Math.max(0, values.length - 1)).length;
  const rows = values.map((v, i) => `${String(i).padEnd(width)}   ${cellText(v)}`);
  const tail = `${name === undefined ? '' : `Name: ${name}, `}dtype: ${dtypeOf(values)}`;
  return [...rows, tail].join('\n');
}

const key = (v: Element) => (v instanceof Date ? v.getTime() : v);

export class TestCase {
  setUp(): void | Promise<void> {}
  tearDown(): void | Promise<void> {}

  assertMonotonicIncreasing(sequence: readonly Element[], options: MonotonicOptions = {}): void {
    const strict = options.strict ?? true;
    for (let i = 1; i < sequence.length; i++) {
      const a = key(sequence[i - 1]!);
      const b = key(sequence[i]!);
      if (strict ? !(a < b) : !(a <= b)) {
        throw new ContextualAssertionError(
          `Elements in ${seriesText(sequence, options.name)} are not ${strict ? 'strictly ' : ''}monotonically increasing`,
          options.note,
          options.locals ?? {},
          'assertMonotonicIncreasing',
        );
      }
    }
  }

  /** Fails when a column of the table holds SSNs, e-mail addresses or IBANs. */
  assertNoPersonalData(table: Table, options: AssertOptions = {}): void {
    const found = scanPII(table);
    if (found.length > 0) {
      throw new ContextualAssertionError(
        `${table.name} holds personal data:\n${piiLines(found)}`,
        options.note,
        options.locals ?? {},
        'assertNoPersonalData',
      );
    }
  }
}

function piiLines(found: PiiFinding[]): string {
  const names: Record<string, string> = {
    ssn: 'social security numbers',
    email: 'e-mail addresses',
    iban: 'IBANs',
  };
  return found
    .map(
      (f) =>
        `    column "${f.column}": ${f.count} of ${f.of} cells are ${names[f.kind]} (first in row ${f.row}: ${f.example})`,
    )
    .join('\n');
}

type TestClass = new () => TestCase;

export interface TestResult {
  testsRun: number;
  failures: { test: string; message: string }[];
  errors: { test: string; message: string }[];
  ok: boolean;
  seconds: number;
  /** The report as printed. */
  output: string;
}

const RULE = '-'.repeat(70);
const DOUBLE = '='.repeat(70);

/** The failing call's lines of the test method's source, marked as marbles marks them. */
function sourceExcerpt(method: (...a: unknown[]) => unknown, assertion: string): string[] {
  const lines = method.toString().split('\n');
  const at = lines.findIndex((l) => l.includes(assertion));
  if (at < 0) return [];
  const from = Math.max(0, at - 1);
  const to = Math.min(lines.length - 1, at + 2);
  const out: string[] = [];
  for (let i = from; i <= to; i++) {
    out.push(`${i === at ? ' >' : '  '} ${String(i + 1).padStart(4)} ${lines[i]!.trim()}`);
  }
  return out;
}

function testNames(cls: TestClass): string[] {
  const names = new Set<string>();
  for (let p = cls.prototype; p && p !== TestCase.prototype; p = Object.getPrototypeOf(p)) {
    for (const n of Object.getOwnPropertyNames(p)) if (n.startsWith('test')) names.add(n);
  }
  return [...names].sort();
}

/**
 * unittest's `main()` over the given test classes: runs every `test*` method between `setUp`
 * and `tearDown`, prints the report in the cell and returns it. A failing data test is a result,
 * not an error: the cell goes on.
 */
export async function main(
  classes: TestClass[],
  options: { display?: boolean } = {},
): Promise<TestResult> {
  if (!Array.isArray(classes) || classes.length === 0) {
    throw new UserFacingError(
      'marbles.main needs the test classes to run.',
      'Pass them as a list: marbles.main([TimeSeriesTestCase]).',
    );
  }
  const started = performance.now();
  let progressLine = '';
  const blocks: string[] = [];
  const result: TestResult = {
    testsRun: 0,
    failures: [],
    errors: [],
    ok: true,
    seconds: 0,
    output: '',
  };
  for (const cls of classes) {
    for (const name of testNames(cls)) {
      const test = `${name} (__main__.${cls.name})`;
      const instance = new cls();
      const method = (instance as unknown as Record<string, (...a: unknown[]) => unknown>)[name]!;
      result.testsRun++;
      try {
        await instance.setUp();
        try {
          await method.call(instance);
        } finally {
          await instance.tearDown();
        }
        progressLine += '.';
      } catch (error) {
        if (error instanceof ContextualAssertionError) {
          progressLine += 'F';
          result.failures.push({ test, message: error.message });
          const locals = Object.entries(error.locals).map(([k, v]) => `    ${k}=${String(v)}`);
          blocks.push(
            [
              DOUBLE,
              `FAIL: ${test}`,
              RULE,
              `marbles.core.marbles.ContextualAssertionError: ${error.message}`,
              '',
              `Source (${cls.name}.${name}):`,
              ...sourceExcerpt(method, error.assertion),
              'Locals:',
              ...locals,
              ...(error.note === undefined ? [] : ['Note:', `    ${error.note}`]),
              '',
            ].join('\n'),
          );
        } else {
          progressLine += 'E';
          const message =
            error instanceof Error ? `${error.name}: ${error.message}` : String(error);
          result.errors.push({ test, message });
          blocks.push([DOUBLE, `ERROR: ${test}`, RULE, message, ''].join('\n'));
        }
      }
    }
  }
  result.seconds = (performance.now() - started) / 1000;
  result.ok = result.failures.length === 0 && result.errors.length === 0;
  const counts = [
    ...(result.failures.length ? [`failures=${result.failures.length}`] : []),
    ...(result.errors.length ? [`errors=${result.errors.length}`] : []),
  ];
  result.output = [
    progressLine,
    ...blocks,
    RULE,
    `Ran ${result.testsRun} test${result.testsRun === 1 ? '' : 's'} in ${result.seconds.toFixed(3)}s`,
    '',
    result.ok ? 'OK' : `FAILED (${counts.join(', ')})`,
  ].join('\n');
  if (options.display !== false) displayBundle({ 'text/plain': result.output });
  return result;
}

export const marbles = { TestCase, main, scanPII, ContextualAssertionError, seriesText };
