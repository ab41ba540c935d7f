import type { NotebookDocument } from '@/notebook/nbformat';
import { MIME, type MimeBundle } from '@/protocol';

/** A real 1×1 PNG, base64: what a chart picture looks like in a bundle. */
export const TINY_PNG =
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGP4z8DwHwAFAAH/iZk9HQAAAABJRU5ErkJggg==';

const bundles: MimeBundle[] = [
  {
    [MIME.table]: {
      columns: ['name', 'delta', '<b>html?</b>'],
      rows: [
        ['<script>alert(1)</script>', -3.5, true],
        ['a & b', 0.1234567, null],
      ],
      totalRows: 10,
      caption: 'head()',
    },
    [MIME.text]: 'name\tdelta\n…',
  },
  {
    [MIME.modelSummary]: {
      name: 'sequential_1',
      layers: [
        { name: 'dense_1', type: 'Dense', outputShape: '[null,10]', params: 110 },
        { name: 'dense_2', type: 'Dense', outputShape: '[null,1]', params: 11 },
      ],
      totalParams: 121,
      trainableParams: 121,
    },
    [MIME.text]: 'sequential_1: 2 layers, 121 parameters',
  },
  {
    [MIME.dataPreview]: {
      name: 'happiness.csv',
      source: 'uploaded',
      rowCount: 2,
      columns: [
        { name: 'D', kind: 'int', missing: 0, unique: 2, min: 0, max: 1, mean: 0.5, std: 0.7 },
      ],
      head: [[0], [1]],
      detected: [],
      warnings: ['1 blank header renamed'],
      balances: [],
    },
    [MIME.text]: 'happiness.csv: 2 rows × 1 columns (D:int)',
  },
  {
    [MIME.training]: {
      chartId: 'fit-1',
      title: 'Training',
      xLabel: 'epoch',
      points: [
        { step: 1, epoch: 1, kind: 'epoch', logs: { loss: 1, val_loss: 1.2 } },
        { step: 2, epoch: 2, kind: 'epoch', logs: { loss: 0.5, val_loss: 0.7 } },
      ],
      state: 'done',
    },
    [MIME.text]: 'Training',
  },
  {
    [MIME.plotly]: { data: [{ type: 'scatter', x: [1, 2], y: [3, 4] }], layout: { title: 'f' } },
    [MIME.text]: 'Plotly figure (1 traces)',
  },
  {
    [MIME.metric]: {
      name: 'accuracy',
      value: 0.8,
      book: 0.79,
      min: 0.7,
      pass: true,
      preset: 'quick',
    },
    [MIME.text]: 'accuracy 0.8',
  },
  { [MIME.png]: TINY_PNG, [MIME.text]: 'Image [1, 1]' },
];

/** A notebook with every kind of output: streams, each rich display, a result and errors. */
export const SAMPLE_NOTEBOOK: NotebookDocument = {
  nbformat: 4,
  nbformat_minor: 5,
  metadata: {
    kernelspec: { name: 'tfjs', display_name: 'TypeScript (tfjs)', language: 'typescript' },
    language_info: { name: 'typescript' },
  },
  cells: [
    {
      id: 'md1',
      cell_type: 'markdown',
      source: '# Sample',
      metadata: {},
      outputs: [],
      execution_count: null,
    },
    {
      id: 'code1',
      cell_type: 'code',
      source: 'display(table)',
      metadata: {},
      execution_count: 1,
      outputs: [
        { output_type: 'stream', name: 'stdout', text: 'epoch 1\nepoch 2\n' },
        { output_type: 'stream', name: 'stderr', text: 'warning\n' },
        ...bundles.map((data, i) => ({
          output_type: 'display_data' as const,
          data,
          metadata: {},
          ...(i === 3 ? { display_id: 'fit-1' } : {}),
        })),
        {
          output_type: 'execute_result',
          data: { [MIME.text]: '42' },
          metadata: {},
          execution_count: 1,
        },
      ],
    },
    {
      id: 'code2',
      cell_type: 'code',
      source: 'const x = 1;\nx()',
      metadata: { tags: ['raises'] },
      execution_count: 2,
      outputs: [
        {
          output_type: 'error',
          ename: 'TypeError',
          evalue: 'x is not a function',
          traceback: [],
          line: 2,
          hint: 'Check what x holds.',
        },
      ],
    },
  ],
};
