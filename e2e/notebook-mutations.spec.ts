import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { catalogNotebooks, missingWeights, requireNotebookData } from './catalog-notebooks';
import { runShipped } from './runner-helpers';

// The bands are tests of the model: broken on purpose through the kernel (no cell edited), a
// notebook must miss every band that says it catches the breakage. Each report states what it
// catches and why it cannot catch the rest; the runner's verdict fails on a band that still
// passes, or a trained headline that does not say.
const KINDS = ['zero-features', 'shuffle-labels', 'no-training'] as const;

/**
 * Which mutations each notebook runs under. The whole matrix would take CI past its time
 * budget, so under CI=1 each notebook runs one, taking turns down the catalog among the kinds
 * its bands say they catch (every notebook is still broken once, and each kind reaches about a
 * third of them); MUTATIONS=all, or a run without CI, runs every kind a notebook claims, as
 * `npm run notebook -- run-all --mutate <kind>` does. A notebook that reports no band that
 * catches anything has nothing to check.
 */
function kindsFor(index: number, path: string): readonly (typeof KINDS)[number][] {
  const source = readFileSync(`notebooks/${path}`, 'utf8');
  if (!source.includes('catches')) return [];
  // A kind named as a value (a band's `catches`), not only as an `uncaught: { kind: why }` key.
  const claimed = KINDS.filter((kind) =>
    new RegExp(`(?:'|\\\\")${kind}(?:'|\\\\")(?!\\s*:)`).test(source),
  );
  if (process.env.MUTATIONS === 'all' || !process.env.CI) return claimed;
  const turn = [...KINDS.slice(index % KINDS.length), ...KINDS].find((k) => claimed.includes(k));
  return turn ? [turn] : [];
}

test.describe('every book notebook misses its bands when the model is broken', () => {
  test.setTimeout(300_000);
  for (const [index, { path, title }] of catalogNotebooks().entries()) {
    for (const kind of kindsFor(index, path)) {
      test(`${title} (${path}) under ${kind}`, async ({ browser }) => {
        const noWeights = missingWeights(path);
        test.skip(noWeights !== null, noWeights ?? '');
        requireNotebookData(path);
        const { result, output } = await runShipped(browser, path, kind);
        expect(result.ok, output).toBe(true);
        expect(result.metrics.every((m) => m.mutation === kind)).toBe(true);
        const stillPassing = result.metrics
          .filter((m) => m.catches?.includes(kind) && m.pass !== false)
          .map((m) => `${m.name}: ${m.value}`);
        expect(stillPassing, output).toEqual([]);
      });
    }
  }
});
