import { expect, test } from '@playwright/test';
import { catalogNotebooks, requireNotebookData } from './catalog-notebooks';
import { metricsOf, runner } from './runner-helpers';

// The bands are tests of the model: broken on purpose through the kernel (no cell edited), a
// notebook must miss every band that says it catches the breakage. Each report states what it
// catches and why it cannot catch the rest; the runner's verdict fails on a band that still
// passes, or a trained headline that does not say.
const KINDS = ['zero-features', 'shuffle-labels'] as const;

test.describe('every book notebook misses its bands when the model is broken', () => {
  test.setTimeout(300_000);
  for (const { path, title } of catalogNotebooks()) {
    for (const kind of KINDS) {
      test(`${title} (${path}) under ${kind}`, async () => {
        requireNotebookData(path);
        const { code, output, outDir } = await runner(
          `notebooks/${path}`,
          '--preset',
          'quick',
          '--mutate',
          kind,
          '--timeout-min',
          '4',
        );
        expect(code, output).toBe(0);
        const result = metricsOf(outDir, `${path.replace(/\.ipynb$/, '')}.mutate-${kind}`);
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
