import { expect, test } from '@playwright/test';
import { catalogNotebooks, missingWeights } from './catalog-notebooks';
import { runShipped } from './runner-helpers';

// Every shipped notebook, top to bottom, on the quick schedule, as CI's check that the books'
// exercises still run and still land inside the bands their notebooks state.
test.describe('every book notebook runs on the quick schedule', () => {
  test.setTimeout(300_000);
  for (const { path, title } of catalogNotebooks()) {
    test(`${title} (${path})`, async ({ browser }) => {
      // Pretrained weights (chapter 5's VGG-19) cannot ship nor be uploaded headless: such a
      // notebook skips, naming the file, unless the file is in the data folder.
      const noWeights = missingWeights(path);
      test.skip(noWeights !== null, noWeights ?? '');
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
