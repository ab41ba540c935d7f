import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseNotebook, serializeNotebook } from '../../../src/notebook/io';
import { SAMPLE_NOTEBOOK, TINY_PNG } from '../../../src/ui/export/__tests__/sample-notebook';
import { exportNotebook } from '../../../src/ui/export/export-notebook';
import { jupyterPython, nbformatProblems } from '../python';

/**
 * Every .ipynb the app writes must pass Jupyter's own validator (nbformat, from Debian's
 * python3-nbformat). Under CI=1 a missing validator fails; locally the tests skip, saying why.
 */
const python = jupyterPython(['nbformat']);
const ROOT = resolve(__dirname, '../../..');
const dir = mkdtempSync(join(tmpdir(), 'tfnb-nbformat-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function write(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

function shippedNotebooks(): string[] {
  const out: string[] = [];
  const walk = (folder: string) => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.ipynb')) out.push(path);
    }
  };
  walk(join(ROOT, 'notebooks'));
  return out.sort();
}

const pictures = { training: async () => TINY_PNG, plotly: async () => TINY_PNG };

describe("exports pass Jupyter's nbformat validator", () => {
  if (!python.ok) {
    if (process.env.CI) {
      it('has Jupyter’s nbformat to validate with', () => {
        throw new Error(python.reason);
      });
    } else {
      process.stdout.write(`Skipping nbformat validation: ${python.reason}\n`);
      it.skip(`validates exports [skipped: ${python.reason}]`, () => undefined);
    }
    return;
  }
  const py = python.python;

  it('a notebook with errors, streams, every rich display, metrics and results', async () => {
    const files = [
      write('sample-export.ipynb', await exportNotebook(SAMPLE_NOTEBOOK, pictures)),
      write('sample-saved.ipynb', serializeNotebook(SAMPLE_NOTEBOOK, { withOutputs: true })),
      write('sample-clean.ipynb', serializeNotebook(SAMPLE_NOTEBOOK, { withOutputs: false })),
    ];
    expect(nbformatProblems(py, files)).toEqual([]);
  });

  it('a notebook imported with a partial kernelspec, once exported', async () => {
    const partial = {
      ...SAMPLE_NOTEBOOK,
      metadata: { kernelspec: { language: 'typescript' }, language_info: {} },
    };
    const file = write('partial.ipynb', await exportNotebook(partial, pictures));
    expect(nbformatProblems(py, [file])).toEqual([]);
  });

  it('a version 3 notebook once imported and exported again', async () => {
    const v3 = readFileSync(
      join(ROOT, 'src/notebook/__tests__/fixtures/v3-typescript.ipynb'),
      'utf8',
    );
    const file = write('v3.ipynb', await exportNotebook(parseNotebook(v3), pictures));
    expect(nbformatProblems(py, [file])).toEqual([]);
  });

  it('every shipped notebook under notebooks/, as committed and as the app re-exports it', async () => {
    const shipped = shippedNotebooks();
    expect(shipped.length).toBeGreaterThan(0);
    const reexported = await Promise.all(
      shipped.map(async (path, i) =>
        write(
          `shipped-${i}.ipynb`,
          await exportNotebook(parseNotebook(readFileSync(path, 'utf8')), pictures),
        ),
      ),
    );
    expect(nbformatProblems(py, [...shipped, ...reexported])).toEqual([]);
  });

  it('catches the error output fields nbformat forbids (the old export wrote `line` there)', () => {
    const old = JSON.parse(serializeNotebook(SAMPLE_NOTEBOOK, { withOutputs: true }));
    old.cells[2].outputs[0].line = 2;
    const problems = nbformatProblems(py, [write('old-error.ipynb', JSON.stringify(old))]);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain('old-error.ipynb');
  });
});
