import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { metricsOf, runner } from './runner-helpers';

interface Catalog {
  books: { chapters: { notebooks: { path: string; title: string }[] }[] }[];
}

const catalog = JSON.parse(readFileSync('notebooks/index.json', 'utf8')) as Catalog;
const notebooks = catalog.books.flatMap((b) => b.chapters.flatMap((c) => c.notebooks));

// Every shipped notebook, top to bottom, on the quick schedule, as CI's check that the books'
// exercises still run and still land inside the bands their notebooks state.
test.describe('every book notebook runs on the quick schedule', () => {
  test.setTimeout(300_000);
  for (const { path, title } of notebooks) {
    test(`${title} (${path})`, async () => {
      // No skip without ../shared/data: the notebooks' data sets ship with the app.
      const { code, output, outDir } = await runner(
        `notebooks/${path}`,
        '--preset',
        'quick',
        '--timeout-min',
        '4',
      );
      expect(code, output).toBe(0);
      const result = metricsOf(outDir, path.replace(/\.ipynb$/, ''));
      expect(result.ok, output).toBe(true);
      expect(result.metrics.length, 'a notebook reports its headline numbers').toBeGreaterThan(0);
      const missed = result.metrics
        .filter((m) => m.pass === false)
        .map((m) => `${m.name}: ${m.value}`);
      expect(missed, output).toEqual([]);
    });
  }
});
