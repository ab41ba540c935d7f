import type { DataPreviewView } from '@/protocol';

// Names a label column usually has in the books' data sets and in most CSVs.
const TARGET_NAME =
  /(^|[\s_-])(target|label|labels|class|y|outcome|default|survived|churn)($|[\s_-])/i;

/**
 * Which column's class balance a preview shows first: the target the cell named; else a column
 * named like a label; else the table's last column when it has classes (where the label usually
 * is: the credit-card data's `default payment next month`); else the first candidate. Not the
 * first small column: that was `SEX`, a feature, in the credit-card data.
 */
export function defaultBalanceColumn(view: DataPreviewView): string | undefined {
  const candidates = view.balances.map((b) => b.column);
  if (view.target !== undefined && candidates.includes(view.target)) return view.target;
  const named = candidates.find((c) => TARGET_NAME.test(c));
  if (named !== undefined) return named;
  const last = view.columns.at(-1)?.name;
  if (last !== undefined && candidates.includes(last)) return last;
  return candidates[0];
}
