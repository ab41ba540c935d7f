import { describe, expect, it } from 'vitest';
import type { DataPreviewView } from '@/protocol';
import { defaultBalanceColumn } from '../balance-column';

function view(columns: string[], balanced: string[], target?: string): DataPreviewView {
  return {
    columns: columns.map((name) => ({ name, kind: 'int', missing: 0, unique: 2 })),
    balances: balanced.map((column) => ({ column, classes: [] })),
    ...(target === undefined ? {} : { target }),
  } as unknown as DataPreviewView;
}

describe('defaultBalanceColumn', () => {
  it('shows the target the cell named', () => {
    expect(defaultBalanceColumn(view(['D', 'X1'], ['X1', 'D'], 'D'))).toBe('D');
  });

  it('without a target, prefers a label-like name, then the last column, over the first small one', () => {
    const credit = ['ID', 'SEX', 'EDUCATION', 'default payment next month'];
    expect(
      defaultBalanceColumn(view(credit, ['SEX', 'EDUCATION', 'default payment next month'])),
    ).toBe('default payment next month');
    expect(
      defaultBalanceColumn(view(['SEX', 'MARRIAGE', 'paid'], ['SEX', 'MARRIAGE', 'paid'])),
    ).toBe('paid');
    expect(defaultBalanceColumn(view(['SEX', 'AGE', 'income'], ['SEX']))).toBe('SEX');
    expect(defaultBalanceColumn(view(['a'], []))).toBeUndefined();
  });
});
