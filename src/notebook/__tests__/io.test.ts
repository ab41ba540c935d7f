import { describe, expect, it } from 'vitest';
import { NotebookFormatError, parseNotebook, serializeNotebook } from '../io';
import type { NotebookDocument } from '../nbformat';
import v3Python from './fixtures/v3-python.ipynb?raw';
import jupyterV4 from './fixtures/v3-typescript.as-v4.json';
import v3TypeScript from './fixtures/v3-typescript.ipynb?raw';

const doc: NotebookDocument = {
  nbformat: 4,
  nbformat_minor: 5,
  metadata: {
    kernelspec: {
      name: 'tfjs-ts',
      display_name: 'TypeScript (TensorFlow.js)',
      language: 'typescript',
    },
  },
  cells: [
    {
      id: 'm1',
      cell_type: 'markdown',
      source: '# Title\nText',
      metadata: {},
      outputs: [],
      execution_count: null,
    },
    {
      id: 'c1',
      cell_type: 'code',
      source: 'const a = 1;\na',
      metadata: {},
      execution_count: 3,
      outputs: [
        { output_type: 'stream', name: 'stdout', text: 'hello\nworld\n' },
        {
          output_type: 'execute_result',
          data: { 'text/plain': '1' },
          metadata: {},
          execution_count: 3,
        },
        {
          output_type: 'error',
          ename: 'TypeError',
          evalue: 'boom',
          traceback: ['TypeError: boom'],
          line: 2,
          hint: 'fix it',
        },
      ],
    },
  ],
};

describe('notebook files', () => {
  it('round-trips a notebook with its outputs through .ipynb text', () => {
    const text = serializeNotebook(doc, { withOutputs: true });
    expect(parseNotebook(text)).toEqual(doc);
  });

  it('writes the autosave copy compact, the same notebook as the export, and anew for a changed cell', () => {
    const compact = serializeNotebook(doc, { withOutputs: true, compact: true });
    const indented = serializeNotebook(doc, { withOutputs: true });
    expect(compact.length).toBeLessThan(indented.length);
    expect(JSON.parse(compact)).toEqual(JSON.parse(indented));
    expect(parseNotebook(compact)).toEqual(doc);
    // A cell replaced by the reducer (a new object) is written as it is now, not as cached.
    const [text, code] = doc.cells;
    const ran = { ...code!, execution_count: 4, outputs: [] };
    const after = JSON.parse(
      serializeNotebook({ ...doc, cells: [text!, ran] }, { withOutputs: true, compact: true }),
    );
    expect(after.cells[1].execution_count).toBe(4);
    expect(after.cells[1].outputs).toEqual([]);
    expect(after.cells[0]).toEqual(JSON.parse(compact).cells[0]);
  });

  it('writes sources as nbformat line arrays and drops outputs when asked', () => {
    const json = JSON.parse(serializeNotebook(doc, { withOutputs: false }));
    expect(json.cells[1].source).toEqual(['const a = 1;\n', 'a']);
    expect(json.cells[1].outputs).toEqual([]);
    expect(json.cells[1].execution_count).toBeNull();
    expect(json.nbformat).toBe(4);
  });

  it('refuses invalid JSON with a message naming the file', () => {
    expect(() => parseNotebook('{ not json', 'broken.ipynb')).toThrow(
      /broken.ipynb is not valid JSON/,
    );
  });

  it('refuses JSON that is not a notebook', () => {
    expect(() => parseNotebook('{"name": "package"}', 'package.json')).toThrow(NotebookFormatError);
    expect(() => parseNotebook('{"name": "package"}', 'package.json')).toThrow(/no "cells" list/);
  });

  it('refuses Python notebooks', () => {
    const python = JSON.stringify({ ...doc, metadata: { kernelspec: { language: 'python' } } });
    expect(() => parseNotebook(python, 'py.ipynb')).toThrow(/python notebook/);
  });

  it('replaces cell ids that nbformat 4.5 refuses (bad characters, too long, repeated)', () => {
    const text = JSON.stringify({
      nbformat: 4,
      nbformat_minor: 5,
      metadata: {},
      cells: ['cell 1', 'x'.repeat(65), 'ok-1', 'ok-1'].map((id) => ({
        id,
        cell_type: 'markdown',
        source: '',
        metadata: {},
      })),
    });
    const ids = parseNotebook(text).cells.map((c) => c.id);
    expect(ids[2]).toBe('ok-1');
    expect(new Set(ids).size).toBe(4);
    for (const id of ids) expect(id).toMatch(/^[a-zA-Z0-9_-]{1,64}$/);
  });

  it('gives cells without ids an id', () => {
    const text = JSON.stringify({
      nbformat: 4,
      nbformat_minor: 4,
      metadata: {},
      cells: [{ cell_type: 'code', source: ['x'], metadata: {} }],
    });
    expect(parseNotebook(text).cells[0]?.id).toMatch(/^c/);
  });
});

describe('error outputs in an export', () => {
  it('keep only the fields nbformat allows, with the line and hint in the cell metadata', () => {
    const json = JSON.parse(serializeNotebook(doc, { withOutputs: true }));
    const error = json.cells[1].outputs[2];
    expect(Object.keys(error).sort()).toEqual(['ename', 'evalue', 'output_type', 'traceback']);
    expect(json.cells[1].metadata).toEqual({
      tfnb: { errors: [{ output: 2, line: 2, hint: 'fix it' }] },
    });
  });

  it('read the line and hint back from the metadata on import, leaving other metadata alone', () => {
    const withTags: NotebookDocument = {
      ...doc,
      cells: doc.cells.map((c) =>
        c.id === 'c1' ? { ...c, metadata: { tags: ['x'], tfnb: { seen: 1 } } } : c,
      ),
    };
    const back = parseNotebook(serializeNotebook(withTags, { withOutputs: true }));
    expect(back.cells[1]?.metadata).toEqual({ tags: ['x'], tfnb: { seen: 1 } });
    expect(back.cells[1]?.outputs[2]).toMatchObject({ line: 2, hint: 'fix it' });
  });

  it('ignores malformed error details instead of failing the import', () => {
    const json = JSON.parse(serializeNotebook(doc, { withOutputs: true }));
    json.cells[1].metadata = { tfnb: { errors: [null, 3, { output: 2, line: 'x' }] } };
    const output = parseNotebook(JSON.stringify(json)).cells[1]?.outputs[2];
    expect(output).toMatchObject({ output_type: 'error', ename: 'TypeError' });
    expect(output).not.toHaveProperty('line');
  });

  it('still reads notebooks saved before, with line and hint on the error output itself', () => {
    const old = JSON.parse(serializeNotebook(doc, { withOutputs: true }));
    old.cells[1].metadata = {};
    old.cells[1].outputs[2].line = 7;
    expect(parseNotebook(JSON.stringify(old)).cells[1]?.outputs[2]).toMatchObject({ line: 7 });
  });

  it('joins the line arrays Jupyter writes for text MIME data, but not JSON data', () => {
    const text = JSON.stringify({
      nbformat: 4,
      nbformat_minor: 5,
      metadata: {},
      cells: [
        {
          id: 'j1',
          cell_type: 'code',
          metadata: {},
          source: 'x',
          execution_count: 1,
          outputs: [
            {
              output_type: 'execute_result',
              execution_count: 1,
              metadata: {},
              data: { 'text/plain': ['a\n', 'b'], 'application/json': ['kept', 'as is'] },
            },
          ],
        },
      ],
    });
    const output = parseNotebook(text).cells[0]?.outputs[0];
    expect(output).toMatchObject({
      data: { 'text/plain': 'a\nb', 'application/json': ['kept', 'as is'] },
    });
  });
});

describe('nbformat 3 notebooks', () => {
  // The fixtures were written by Jupyter's own nbformat.v3 (fixtures/make-v3-notebooks.py), and
  // v3-typescript.as-v4.json is what Jupyter's converter makes of the first one.
  it('are converted on import exactly as Jupyter converts them', () => {
    const converted = parseNotebook(v3TypeScript, 'old.ipynb');
    const cells = converted.cells.map((c) =>
      c.cell_type === 'markdown'
        ? { cell_type: c.cell_type, metadata: c.metadata, source: c.source }
        : {
            cell_type: c.cell_type,
            metadata: c.metadata,
            source: c.source,
            execution_count: c.execution_count,
            outputs: c.outputs,
          },
    );
    expect(cells).toEqual(jupyterV4.cells);
    expect(converted.metadata).toEqual(jupyterV4.metadata);
    expect(new Set(converted.cells.map((c) => c.id)).size).toBe(converted.cells.length);
  });

  it('export as valid nbformat 4 that imports again unchanged', () => {
    const converted = parseNotebook(v3TypeScript, 'old.ipynb');
    const again = parseNotebook(serializeNotebook(converted, { withOutputs: true }));
    expect(again).toEqual(converted);
  });

  it('in Python are refused as Python, not as "not a notebook"', () => {
    expect(() => parseNotebook(v3Python, 'py3.ipynb')).toThrow(
      /py3.ipynb is a python notebook \(nbformat 3\)/,
    );
  });

  it('that cannot be converted are refused saying version 3 and how to convert them', () => {
    const error = (() => {
      try {
        parseNotebook('{"nbformat": 3, "nbformat_minor": 0, "metadata": {}}', 'old.ipynb');
      } catch (e) {
        return e as Error;
      }
      throw new Error('expected a refusal');
    })();
    expect(error).toBeInstanceOf(NotebookFormatError);
    expect(error.message).toMatch(/old.ipynb is a version 3 Jupyter notebook \(nbformat 3\)/);
    expect(error.message).toMatch(/jupyter nbconvert --to notebook --nbformat 4/);
    expect(error.message).not.toMatch(/not a Jupyter notebook/);
  });

  it('older versions are refused with their version and the same advice', () => {
    expect(() => parseNotebook('{"nbformat": 2, "worksheets": []}', 'v2.ipynb')).toThrow(
      /v2.ipynb is a version 2 Jupyter notebook.*nbconvert --to notebook --nbformat 4/,
    );
  });
});
