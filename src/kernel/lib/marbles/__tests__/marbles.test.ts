import '../../checkpoint/__tests__/worker-globals';
import { describe, expect, it } from 'vitest';
import { makeTable, numberColumn } from '@/data/table';
import { main, seriesText, TestCase } from '../marbles';
import { piiKind, scanPII, validIban } from '../pii';

const day = (y: number, m: number, d: number) => new Date(Date.UTC(y, m - 1, d));

/** The Finance book's listing 8-1, as a cell writes it. */
function irishCase(dates: Date[], rates: number[]) {
  return class TimeSeriesTestCase extends TestCase {
    df: { dates: Date[]; ireland_unemployment: number[] } | null = null;
    override setUp() {
      this.df = { dates, ireland_unemployment: rates };
    }
    override tearDown() {
      this.df = null;
    }
    test_date_order() {
      this.assertMonotonicIncreasing(this.df!.dates, {
        name: 'dates',
        note: 'Dates need to increase monotonically',
      });
    }
  };
}

describe('marbles main() on listing 8-1', () => {
  it('fails on the duplicated month with the book-like report', async () => {
    const r = await main(
      [irishCase([day(2018, 1, 1), day(2018, 2, 1), day(2018, 2, 1)], [6.2, 6.1, 6.0])],
      {
        display: false,
      },
    );
    expect(r.testsRun).toBe(1);
    expect(r.failures).toHaveLength(1);
    expect(r.output.split('\n')[0]).toBe('F');
    expect(r.output).toContain('FAIL: test_date_order (__main__.TimeSeriesTestCase)');
    expect(r.output).toContain(
      'marbles.core.marbles.ContextualAssertionError: Elements in 0   2018-01-01\n1   2018-02-01\n2   2018-02-01\nName: dates, dtype: datetime64[ns] are not strictly monotonically increasing',
    );
    expect(r.output).toMatch(/ > +\d+ this\.assertMonotonicIncreasing/);
    expect(r.output).toContain('Locals:\nNote:\n    Dates need to increase monotonically');
    expect(r.output).toMatch(/Ran 1 test in \d+\.\d{3}s\n\nFAILED \(failures=1\)$/);
  });

  it('passes once the duplicate is removed; non-strict accepts equal neighbours', async () => {
    const r = await main([irishCase([day(2018, 1, 1), day(2018, 2, 1)], [6.2, 6.1])], {
      display: false,
    });
    expect(r.ok).toBe(true);
    expect(r.output).toMatch(/^\.\n-{70}\nRan 1 test in [\d.]+s\n\nOK$/);
    expect(() =>
      new TestCase().assertMonotonicIncreasing([1, 1, 2], { strict: false }),
    ).not.toThrow();
  });

  it('reports an exception in a test as an error, not a failure', async () => {
    class Broken extends TestCase {
      test_boom() {
        throw new TypeError('no data');
      }
    }
    const r = await main([Broken], { display: false });
    expect(r.errors).toHaveLength(1);
    expect(r.output).toContain('FAILED (errors=1)');
  });

  it('prints numbers as a pandas Series', () => {
    expect(seriesText([6.2, 6.1], 'rate')).toBe('0   6.2\n1   6.1\nName: rate, dtype: float64');
  });
});

describe('PII scan', () => {
  it('knows SSNs, e-mail addresses and IBANs (with their check digits)', () => {
    expect(piiKind('078-05-1120')).toBe('ssn');
    expect(piiKind('000-12-3456')).toBeNull();
    expect(piiKind('jane.doe@example.com')).toBe('email');
    expect(validIban('GB82 WEST 1234 5698 7654 32')).toBe(true);
    expect(validIban('GB82 WEST 1234 5698 7654 33')).toBe(false);
    expect(piiKind('IE29AIBK93115212345678')).toBe('iban');
  });

  it('flags the columns that hold them, leaving the others', () => {
    const t = makeTable('customers', [
      { name: 'customer_id', kind: 'string', values: ['C1', 'C2', 'C3'] },
      { name: 'ssn', kind: 'string', values: ['078-05-1120', '219-09-9999', null] },
      { name: 'contact', kind: 'string', values: ['a@b.ie', 'phone', 'c@d.com'] },
      numberColumn('balance', Float64Array.from([1, 2, 3])),
    ]);
    const found = scanPII(t);
    expect(found.map((f) => [f.column, f.kind, f.count, f.of])).toEqual([
      ['ssn', 'ssn', 2, 2],
      ['contact', 'email', 2, 3],
    ]);
    expect(found[0]!.example).toBe('***-**-1120');
    expect(() => new TestCase().assertNoPersonalData(t)).toThrow(
      /column "ssn": 2 of 2 cells are social security numbers/,
    );
  });
});
