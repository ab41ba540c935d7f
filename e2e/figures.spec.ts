import { existsSync, readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { expect, type Page, test } from '@playwright/test';
import { SHARED_DATA_DIR } from '../playwright.config';
import { dataset } from '../src/data/registry';
import { runAllQuick } from './helpers';

/** A notebook of the books, with the book data sets its cells load. */
const NOTEBOOKS: { path: string; data: string[] }[] = [
  { path: 'pytorch-workshop/ch01-tensors-autograd-single-layer.ipynb', data: [] },
  {
    path: 'pytorch-workshop/ch01-activity-somerville-happiness.ipynb',
    data: ['somerville-happiness'],
  },
  { path: 'pytorch-workshop/ch02-perceptron-energy.ipynb', data: ['energy'] },
  { path: 'pytorch-workshop/ch03-data-preparation.ipynb', data: ['credit-card-default'] },
];

/**
 * The data set's folder in ../shared/data (the kernel picks its file there by name or by
 * checksum); missing, it fails the test under CI and skips elsewhere, naming the file.
 */
function requireData(id: string): void {
  const dir = resolve(SHARED_DATA_DIR, id);
  if (existsSync(dir) && readdirSync(dir).length > 0) return;
  const names = dataset(id)
    .files.map((f) => f.name)
    .join(', ');
  const message = `${id}/ (${names}) is absent from ${SHARED_DATA_DIR} (see ../shared/data/README.md)`;
  if (process.env.CI) throw new Error(message);
  test.skip(true, message);
}

/** What the reader sees of each Plotly figure: its box, its title, and each trace's drawn extent. */
async function drawnFigures(page: Page) {
  return page.getByTestId('plotly-figure').evaluateAll((figures) =>
    figures.map((figure) => {
      const box = figure.getBoundingClientRect();
      const traces = Array.from(
        figure.querySelectorAll<SVGGraphicsElement>('.cartesianlayer .trace'),
      );
      const boxes = traces.map((t) => t.getBBox());
      // A flat line (a threshold) is drawn with no height; nothing at all is not drawn.
      return {
        width: Math.round(box.width),
        height: Math.round(box.height),
        title: figure.querySelector('.gtitle')?.textContent ?? '',
        traces: traces.length,
        drawn: boxes.filter((b) => b.width > 0 || b.height > 0).length,
        areas: boxes.filter((b) => b.width > 0 && b.height > 0).length,
      };
    }),
  );
}

test.describe('every figure of a book notebook is drawn at a readable size', () => {
  test.setTimeout(300_000);
  for (const { path, data } of NOTEBOOKS) {
    test(`${path}: Run all draws every figure with its title and traces`, async ({
      page,
    }, testInfo) => {
      for (const id of data) requireData(id);
      await runAllQuick(page, path);

      // Plotly is fetched when the first figure appears: wait until each one has drawn its axes.
      const shown = page.getByTestId('plotly-figure');
      const count = await shown.count();
      expect(count, 'the notebook has plot() figures').toBeGreaterThan(0);
      await expect(shown.locator('.cartesianlayer')).toHaveCount(count);
      const figures = await drawnFigures(page);
      expect(figures.length, 'the notebook has plot() figures').toBeGreaterThan(0);
      for (const [i, figure] of figures.entries()) {
        const label = `figure ${i + 1} of ${path}: ${JSON.stringify(figure)}`;
        // The strip they were: 17 px. A figure now takes most of a screen's height.
        expect(figure.height, label).toBeGreaterThanOrEqual(250);
        expect(figure.width, label).toBeGreaterThanOrEqual(600);
        expect(figure.title.trim(), label).not.toBe('');
        expect(figure.traces, label).toBeGreaterThan(0);
        expect(figure.drawn, label).toBe(figure.traces);
        expect(figure.areas, label).toBeGreaterThan(0);
      }
      // Live training charts: a canvas as wide as the cell, not a sliver.
      for (const canvas of await page
        .locator('[data-testid="training-chart"] .uplot canvas')
        .all()) {
        const box = await canvas.boundingBox();
        expect(box?.width ?? 0).toBeGreaterThan(600);
        expect(box?.height ?? 0).toBeGreaterThan(120);
      }
      const name = path.split('/').pop()?.replace('.ipynb', '') ?? 'notebook';
      for (const [i, figure] of (await page.getByTestId('plotly-figure').all()).entries()) {
        await figure.screenshot({ path: testInfo.outputPath(`${name}-figure-${i + 1}.png`) });
      }
    });
  }
});
