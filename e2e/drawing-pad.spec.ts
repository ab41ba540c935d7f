import { expect, type Locator, type Page, test } from '@playwright/test';
import { appendAndRun, codeCell, openNotebook, waitForCellState } from './helpers';

// Typed into the editor as a person would, one statement per line. A 28 × 28 "network" whose
// logit k is the ink in column band k (columns 0–27 in ten bands): its answer says where the
// ink is, which is exactly what MNIST's centring changes.
const BAND_MODEL = `const w = tf.buffer([784, 10]);
for (let p = 0; p < 784; p++) w.set(1, p, Math.min(9, Math.floor((p % 28) / 2.8)));
const bands = tf.sequential({ name: 'bands', layers: [tf.layers.flatten({ inputShape: [28, 28, 1] }), tf.layers.dense({ units: 10, useBias: false })] });
bands.layers[1].setWeights([w.toTensor()]);
drawingPad(bands, { centre: true });`;

/** The ink of a preview canvas: its centre of mass and the columns holding ink. */
function previewInk(canvas: Locator) {
  return canvas.evaluate((el) => {
    const c = el as HTMLCanvasElement;
    const data = c.getContext('2d')?.getImageData(0, 0, c.width, c.height).data ?? [];
    let mass = 0;
    let sx = 0;
    let sy = 0;
    const cols = new Set<number>();
    for (let i = 0; i < c.width * c.height; i++) {
      const v = (data[i * 4] ?? 0) / 255;
      const x = i % c.width;
      const y = Math.floor(i / c.width);
      mass += v;
      sx += v * (x + 0.5);
      sy += v * (y + 0.5);
      if (v > 0.05) cols.add(x);
    }
    return {
      size: c.width,
      mass,
      x: sx / mass,
      y: sy / mass,
      cols: [...cols].sort((a, b) => a - b),
    };
  });
}

async function bestClass(page: Page, cell: number): Promise<string | null> {
  return codeCell(page, cell).locator('.drawing-pad-best').getAttribute('data-class');
}

test.describe('the drawing pad', () => {
  test('a stroke drawn with the mouse at the right edge is downsampled both ways, centred like MNIST, and classified into 10 bars', async ({
    page,
  }) => {
    await openNotebook(page);
    const cell = await appendAndRun(page, BAND_MODEL);
    await waitForCellState(page, cell, 'done');
    const pad = codeCell(page, cell).getByTestId('drawing-pad');
    const canvas = pad.getByTestId('drawing-canvas');
    await expect(canvas).toBeVisible();

    // The book's experiment: a "1" near the right edge of the box. The mouse works in the
    // viewport, so the pad must be in view.
    await canvas.scrollIntoViewIfNeeded();
    const box = (await canvas.boundingBox())!;
    const x = box.x + box.width * 0.93;
    await page.mouse.move(x, box.y + box.height * 0.15);
    await page.mouse.down();
    await page.mouse.move(x - 2, box.y + box.height * 0.85, { steps: 20 });
    await page.mouse.up();

    const bars = pad.getByTestId('drawing-bar');
    await expect(bars).toHaveCount(10);
    const total = (
      await bars.evaluateAll((els) => els.map((el) => Number(el.getAttribute('data-probability'))))
    ).reduce((a, b) => a + b, 0);
    expect(total).toBeCloseTo(1, 4);

    // As drawn: the ink stays in the last columns of the 28 × 28 image.
    const raw = await previewInk(pad.getByTestId('drawing-preview-raw'));
    expect(raw.size).toBe(28);
    expect(Math.min(...raw.cols)).toBeGreaterThanOrEqual(24);
    // Centred like MNIST: centre of mass in the middle, the stroke 20 pixels tall.
    const centred = await previewInk(pad.getByTestId('drawing-preview-centred'));
    expect(Math.abs(centred.x - 14)).toBeLessThanOrEqual(1);
    expect(Math.abs(centred.y - 14)).toBeLessThanOrEqual(1);
    expect(Math.max(...centred.cols)).toBeLessThanOrEqual(17);

    // The pad sends the centred image: the band model finds the ink in the middle bands...
    await expect.poll(() => bestClass(page, cell)).toMatch(/^[45]$/);
    // ...and, with centring off, in the right-most bands (columns 22–27), where the ink stayed:
    // what no MNIST digit has, and why the book's networks gave its "1" probability 0.
    await pad.getByLabel(/MNIST centring/).uncheck();
    await expect.poll(() => bestClass(page, cell)).toMatch(/^[89]$/);
    await pad.screenshot({ path: '/tmp/drawing-pad.png' });

    await pad.getByRole('button', { name: 'Clear' }).click();
    await expect(bars).toHaveCount(0);
  });
});
