import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { CH01 } from './helpers';
import { metricsOf, runner } from './runner-helpers';

test.describe('headless notebook runner', () => {
  test.setTimeout(240_000);

  test('runs chapter 1 on the quick preset and writes every report() with its verdict', async () => {
    const { code, output, outDir } = await runner(
      `notebooks/${CH01}`,
      '--preset',
      'quick',
      '--backend',
      'wasm',
    );
    expect(code, output).toBe(0);
    const result = metricsOf(outDir, CH01.replace(/\.ipynb$/, ''));
    expect(result).toMatchObject({ ok: true, preset: 'quick', backend: 'wasm' });
    expect(result.chromium).toMatch(/^\d+\./);
    const losses = result.metrics.filter((m) => /loss at iteration/.test(m.name));
    expect(losses.map((m) => m.name)).toEqual([
      'Exercise 1.03 loss at iteration 0 (the untrained model: the baseline)',
      'Exercise 1.03 loss at iteration 5',
      'Exercise 1.03 loss at iteration 10',
      'Exercise 1.03 loss at iteration 15',
    ]);
    expect(losses.map((m) => m.book)).toEqual([0.2524, 0.2345, 0.2193, 0.2074]);
    // Iterations 5 and 10 are shown without a band; the others pass theirs.
    expect(result.metrics.map((m) => m.pass)).toEqual([true, null, null, true, true]);
    // Iteration 15 is judged against the untrained loss, the exercise's baseline.
    const untrained = losses[0]?.value ?? Number.NaN;
    expect(losses[3]?.baseline).toBe(untrained);
    expect(losses[3]?.value).toBeLessThan(0.9 * untrained);
    expect(result.cells.every((c) => c.durationMs !== null)).toBe(true);

    const executed = JSON.parse(readFileSync(join(outDir, CH01), 'utf8')) as {
      cells: { outputs?: unknown[] }[];
    };
    expect(executed.cells.some((c) => (c.outputs ?? []).length > 0)).toBe(true);
  });

  test('stops at the first failing cell of an imported notebook, names it and exits 1', async () => {
    const { code, output, outDir } = await runner('e2e/fixtures/runner-failing-cell.ipynb');
    expect(code, output).toBe(1);
    expect(output).toContain('Cell 2 (id fx-2) failed at line 2:');
    expect(output).toContain("throw new Error('fixture failure on purpose');");
    expect(output).toContain('Error: fixture failure on purpose');
    const result = metricsOf(outDir, 'runner-failing-cell');
    expect(result.ok).toBe(false);
    expect(result.metrics).toEqual([]);
  });

  test('exits 1 when a reported value misses its band, though every cell ran', async () => {
    const { code, output, outDir } = await runner('e2e/fixtures/runner-missed-band.ipynb');
    expect(code, output).toBe(1);
    expect(output).toContain('1 reported value(s) missed their band.');
    expect(metricsOf(outDir, 'runner-missed-band').metrics.map((m) => m.pass)).toEqual([
      true,
      false,
    ]);
  });

  test('resumes a run cut off after a checkpoint, then runs each cell below the training cell', async () => {
    const profile = mkdtempSync(join(tmpdir(), 'runner-profile-'));
    const notebook = 'e2e/fixtures/runner-resume.ipynb';
    // Cut off after 12 s: the fit (30 epochs of about a second, a checkpoint each) is mid-way
    // however slow the kernel's start on a loaded machine.
    const first = await runner(notebook, '--profile', profile, '--timeout-min', '0.2');
    expect(first.code, first.output).toBe(1);
    expect(first.output).toContain('Timed out');
    const second = await runner(notebook, '--profile', profile);
    expect(second.code, second.output).toBe(0);
    expect(second.output).toMatch(/resuming the run of cell 2 from epoch \d+/);
    // The cell below the fit ran by its own Run button, as a person would after Resume.
    const result = metricsOf(second.outDir, 'runner-resume');
    expect(result.metrics.map((m) => [m.name, m.pass])).toEqual([
      ['cells below the resumed fit ran', true],
    ]);
  });
});
