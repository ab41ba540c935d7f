import { expect, test } from '@playwright/test';
import { catalogNotebooks } from './catalog-notebooks';
import { runShipped } from './runner-helpers';

// Every shipped notebook, top to bottom, on the quick schedule, as CI's check that the books'
// exercises still run and still land inside the bands their notebooks state.
test.describe('every book notebook runs on the quick schedule', () => {
  test.setTimeout(300_000);
  for (const { path, title } of catalogNotebooks()) {
    test(`${title} (${path})`, async ({ browser }) => {
      // No skip without ../shared/data: the notebooks' data sets ship with the app.
      const { result, output } = await runShipped(browser, path);
      expect(result.ok, output).toBe(true);
      expect(result.metrics.length, 'a notebook reports its headline numbers').toBeGreaterThan(0);
      const missed = result.metrics
        .filter((m) => m.pass === false)
        .map((m) => `${m.name}: ${m.value}`);
      expect(missed, output).toEqual([]);
    });
  }
});
