/** Notebooks the tests import, written as Jupyter writes them (nbformat 4.5, our kernelspec). */

export interface CellJson {
  cell_type: 'code' | 'markdown';
  id: string;
  metadata: Record<string, unknown>;
  source: string;
  execution_count?: number | null;
  outputs?: unknown[];
}

export const codeCellJson = (id: string, source: string): CellJson => ({
  cell_type: 'code',
  id,
  metadata: {},
  execution_count: null,
  outputs: [],
  source,
});

export const markdownCellJson = (id: string, source: string): CellJson => ({
  cell_type: 'markdown',
  id,
  metadata: {},
  source,
});

export function notebookJson(cells: CellJson[]) {
  return {
    nbformat: 4,
    nbformat_minor: 5,
    metadata: {
      kernelspec: { name: 'tfjs', display_name: 'TypeScript (tfjs)', language: 'typescript' },
    },
    cells,
  };
}

/** A file for `setInputFiles`, as a user picks an .ipynb. */
export function ipynbFile(name: string, text: string) {
  return { name, mimeType: 'application/json', buffer: Buffer.from(text) };
}
