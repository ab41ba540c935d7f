import { describe, expect, it } from 'vitest';
import { parseRows } from '../rows';

const shape = { width: 3, columns: ['a', 'b', 'c'] };

describe('rows for prediction from what a user types or pastes', () => {
  it('reads comma, tab, semicolon and space separated lines, skipping blank ones', () => {
    expect(parseRows('1,2,3\n\n4\t5\t6\r\n7;8;9\n10 11   12\n', { width: 3 }).rows).toEqual([
      [1, 2, 3],
      [4, 5, 6],
      [7, 8, 9],
      [10, 11, 12],
    ]);
  });

  it("reads the books' JSON request body, a nested array and a single row", () => {
    expect(parseRows('{"data": [[1, 2, 3]]}', shape).rows).toEqual([[1, 2, 3]]);
    expect(parseRows('[[1,2,3],[4,5,6]]', shape).rows).toHaveLength(2);
    expect(parseRows('[1,2,3]', shape).rows).toEqual([[1, 2, 3]]);
  });

  it("puts a header's columns in the model's order and drops columns the model does not take", () => {
    const parsed = parseRows('c,target,a,b\n3,0,1,2\n6,1,4,5', shape);
    expect(parsed.rows).toEqual([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    expect(parsed.notes.join()).toMatch(/matched to the model's 3 columns; ignored: target/);
  });

  it('names the missing columns of a header that has only some of them', () => {
    expect(() => parseRows('a,b\n1,2', shape)).toThrow(/lacks the column c/);
  });

  it('names the line and value that is not a number', () => {
    expect(() => parseRows('1,2,3\n4,x,6', shape)).toThrow(/Line 2, value 2 is "x"/);
  });

  it('names the line with the wrong number of values and lists the expected columns', () => {
    try {
      parseRows('1,2,3\n4,5', shape);
      expect.unreachable();
    } catch (error) {
      expect((error as Error).message).toBe('Line 2 has 2 values; the model takes 3.');
      expect((error as { hint?: string }).hint).toMatch(/a, b, c/);
    }
  });

  it('refuses empty input with a hint on what to give', () => {
    expect(() => parseRows('  \n ', shape)).toThrow(/no rows to predict/);
  });
});
