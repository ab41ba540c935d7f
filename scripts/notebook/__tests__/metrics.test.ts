import { describe, expect, it } from 'vitest';
import { serializeNotebook } from '../../../src/notebook/io';
import { collectMetrics, describeFailure, firstFailure, parseExported } from '../metrics';

const exported = JSON.stringify({
  cells: [
    { cell_type: 'markdown', source: ['# t'] },
    {
      id: 'a',
      cell_type: 'code',
      source: ['const x = 1;\n', 'x'],
      outputs: [
        {
          output_type: 'display_data',
          data: {
            'application/vnd.tfnb.metric+json': {
              name: 'acc',
              value: 0.7,
              book: 0.71,
              min: 0.65,
              pass: true,
              preset: 'quick',
            },
            'text/plain': 'acc: 0.7',
          },
        },
        { output_type: 'display_data', data: { 'text/plain': 'not a metric' } },
      ],
    },
    {
      id: 'b',
      cell_type: 'code',
      source: 'const y = 2;\nthrow new Error("boom");',
      outputs: [
        { output_type: 'error', ename: 'Error', evalue: 'boom', traceback: [], line: 2, hint: 'h' },
      ],
    },
  ],
});

describe('metrics of an executed notebook', () => {
  it('lists every report() with its cell and the cell’s time, absent fields as null', () => {
    const nb = parseExported(exported);
    expect(collectMetrics(nb, [{ index: 1, state: 'done', durationMs: 12 }])).toEqual([
      {
        name: 'acc',
        value: 0.7,
        book: 0.71,
        min: 0.65,
        max: null,
        pass: true,
        note: null,
        cellIndex: 1,
        cellMs: 12,
      },
    ]);
  });

  it('finds the first failing cell and shows its line and message', () => {
    const failure = firstFailure(parseExported(exported));
    expect(failure).toEqual({
      cellIndex: 2,
      cellId: 'b',
      line: 2,
      sourceLine: 'throw new Error("boom");',
      name: 'Error',
      message: 'boom',
      hint: 'h',
    });
    expect(describeFailure(failure!)).toBe(
      'Cell 2 (id b) failed at line 2:\n  2 | throw new Error("boom");\n  Error: boom\n  Hint: h',
    );
  });

  it('reads the line and hint where the app’s export keeps them (the cell metadata)', () => {
    const ipynb = serializeNotebook(
      {
        nbformat: 4,
        nbformat_minor: 5,
        metadata: {},
        cells: [
          {
            id: 'c',
            cell_type: 'code',
            source: 'const y = 2;\nthrow new Error("boom");',
            metadata: {},
            execution_count: 1,
            outputs: [
              { output_type: 'stream', name: 'stdout', text: 'before\n' },
              {
                output_type: 'error',
                ename: 'Error',
                evalue: 'boom',
                traceback: [],
                line: 2,
                hint: 'h',
              },
            ],
          },
        ],
      },
      { withOutputs: true },
    );
    expect(firstFailure(parseExported(ipynb))).toMatchObject({
      line: 2,
      sourceLine: 'throw new Error("boom");',
      hint: 'h',
    });
  });
});
