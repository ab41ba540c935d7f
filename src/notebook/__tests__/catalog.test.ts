import { describe, expect, it } from 'vitest';
import { compileCell } from '@/kernel/transpile';
import { catalogEntries, loadShippedNotebook, shippedNotebookPaths } from '../catalog';
import { parseNotebook } from '../io';

// The sidebar is read from notebooks/index.json; the notebooks themselves are files. A path typo
// or a forgotten entry would show a dead link or hide a notebook.
describe('shipped notebooks', () => {
  const entries = catalogEntries();

  it('lists every notebook file in the catalog and every catalog entry has a file', () => {
    expect(entries.map((e) => e.path).sort()).toEqual([...shippedNotebookPaths()].sort());
  });

  it.each(entries.map((e) => [e.path]))(
    '%s is a TypeScript nbformat-4 notebook without outputs whose cells all compile',
    async (path) => {
      const text = await loadShippedNotebook(path);
      expect(text).toBeDefined();
      const doc = parseNotebook(text ?? '', path);
      expect(doc.metadata.kernelspec).toMatchObject({ language: 'typescript' });
      for (const cell of doc.cells) {
        if (cell.cell_type !== 'code') continue;
        expect(cell.outputs, `outputs committed in ${path}`).toEqual([]);
        expect(() => compileCell(cell.source), cell.source).not.toThrow();
      }
    },
  );
});
