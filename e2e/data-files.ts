import { readFileSync } from 'node:fs';
import { expect, type Page, test } from '@playwright/test';
import { missingSharedData, sharedDataPath } from '../scripts/shared-data';
import { codeCell } from './helpers';

/**
 * Absolute path of a real data file. Under CI=1 a missing one fails the test, naming it; a
 * local run skips the test and says which file it wanted.
 */
export function realFile(rel: string): string {
  const path = sharedDataPath(rel, test.info().title);
  test.skip(path === null, missingSharedData(rel) ?? '');
  return path ?? '';
}

/** Waits for the cell's upload prompt and picks `file` in it, as a person would. */
export async function pickFile(
  page: Page,
  cellIndex: number,
  file: string | { name: string; mimeType: string; buffer: Buffer },
) {
  const input = codeCell(page, cellIndex).getByTestId('upload-input');
  await expect(input).toBeEnabled();
  await input.setInputFiles(file);
}

export function preview(page: Page, cellIndex: number) {
  return codeCell(page, cellIndex).getByTestId('output-data-preview').last();
}

export async function expectShape(page: Page, cellIndex: number, rows: number, columns: number) {
  const shape = preview(page, cellIndex).getByTestId('preview-shape');
  await expect(shape).toHaveAttribute('data-rows', String(rows));
  await expect(shape).toHaveAttribute('data-columns', String(columns));
}

/** The preview's stats row of one column, as the page shows it. */
export async function shownStats(page: Page, cellIndex: number, column: string) {
  const cells = await preview(page, cellIndex)
    .locator(`[data-testid="preview-columns"] tr[data-column="${column}"] td`)
    .allTextContents();
  const [kind, missing, unique, min, max, mean, std, note] = cells;
  const num = (s: string | undefined) => Number((s ?? '').replace(/,/g, ''));
  return {
    kind,
    missing: num(missing?.split(' ')[0]),
    unique: num(unique),
    min: num(min),
    max: num(max),
    mean: num(mean),
    std: num(std),
    note: note ?? '',
  };
}

/**
 * Column statistics computed here, independently of the app's parser: plain string splitting
 * of a simple delimited file, then mean and sample std (ddof = 1, as pandas).
 */
export function independentStats(
  path: string,
  column: string,
  options: { delimiter?: string; headerRow?: number; lineBreak?: RegExp } = {},
) {
  let text = readFileSync(path, 'utf8');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const lines = text.split(options.lineBreak ?? /\r\n|\r|\n/).filter((l) => l.trim() !== '');
  const split = (l: string) =>
    l.split(options.delimiter ?? ',').map((f) => f.trim().replace(/^"|"$/g, '').trim());
  const header = split(lines[options.headerRow ?? 0] ?? '');
  const j = header.indexOf(column);
  if (j < 0) throw new Error(`no column ${column} in ${header.join(',')}`);
  const values = lines
    .slice((options.headerRow ?? 0) + 1)
    .map((l) => Number(split(l)[j]))
    .filter((v) => !Number.isNaN(v));
  const n = values.length;
  const mean = values.reduce((s, v) => s + v, 0) / n;
  const std = Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / (n - 1));
  return {
    rows: lines.length - (options.headerRow ?? 0) - 1,
    n,
    mean,
    std,
    min: Math.min(...values),
    max: Math.max(...values),
  };
}

/** The page shows 4 significant digits or so: compare relatively. */
export function expectClose(shown: number, truth: number, rel = 2e-3) {
  expect(Math.abs(shown - truth)).toBeLessThanOrEqual(Math.abs(truth) * rel + 1e-9);
}
