import { describe, expect, it } from 'vitest';
import { NotebookFormatError, parseNotebook, serializeNotebook } from '../io';
import type { NotebookDocument } from '../nbformat';

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

  it('refuses nbformat 3 and Python notebooks', () => {
    expect(() => parseNotebook('{"nbformat": 3, "cells": []}', 'old.ipynb')).toThrow(
      /nbformat is 3/,
    );
    const python = JSON.stringify({ ...doc, metadata: { kernelspec: { language: 'python' } } });
    expect(() => parseNotebook(python, 'py.ipynb')).toThrow(/python notebook/);
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
