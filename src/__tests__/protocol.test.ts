import { describe, expect, it } from 'vitest';
import {
  type BackendReport,
  type CellId,
  type FromKernel,
  isFromKernel,
  PROTOCOL_VERSION,
  type RunId,
  type ToKernel,
} from '../protocol';

const runId = 'r1' as RunId;
const cellId = 'c1' as CellId;
const report: BackendReport = {
  active: 'wasm',
  notes: ['WebGPU is not available.'],
  crossOriginIsolated: true,
};

// One of every message: the kernel and the page only ever exchange these, through postMessage,
// which structured-clones them. A class instance, a function or a tensor slipping into a
// message would fail here, not in a user's notebook.
const toKernel: ToKernel[] = [
  {
    type: 'init',
    protocol: PROTOCOL_VERSION,
    backend: 'auto',
    preset: 'quick',
    notebook: 'pytorch-workshop/ch01.ipynb',
    interruptBuffer: new SharedArrayBuffer(4),
  },
  { type: 'execute', runId, cellId, code: 'const x = 1;\nx', executionCount: 3 },
  { type: 'interrupt' },
  { type: 'set-backend', backend: 'cpu' },
  { type: 'set-preset', preset: 'book' },
  {
    type: 'file',
    requestId: 'u1',
    name: 'data.csv',
    bytes: new TextEncoder().encode('a,b\n1,2').buffer,
  },
  { type: 'file-cancelled', requestId: 'u1' },
  {
    type: 'files',
    requestId: 'u2',
    files: [
      { name: 'model.json', bytes: new TextEncoder().encode('{}').buffer },
      { name: 'model.weights.bin', bytes: new Float32Array([1, 2]).buffer },
    ],
  },
  { type: 'resume', checkpoint: 'mlp' },
  { type: 'download-checkpoint', name: 'mlp', format: 'zip' },
];

const fromKernel: FromKernel[] = [
  { type: 'ready', protocol: PROTOCOL_VERSION, backend: { ...report, wasmThreads: 2 } },
  { type: 'backend', backend: { ...report, notes: [] } },
  { type: 'status', status: 'busy' },
  { type: 'stream', runId, cellId, name: 'stdout', text: 'epoch 1\n' },
  {
    type: 'display',
    runId,
    cellId,
    displayId: 'p1',
    data: {
      'text/plain': 'Tensor',
      'application/vnd.tfnb.tensor+json': { shape: [2], dtype: 'float32', text: '[1, 2]', size: 2 },
      'application/vnd.tfnb.table+json': { columns: ['a'], rows: [[1], [null]], totalRows: 2 },
      'application/vnd.plotly.v1+json': { data: [{ x: [1], y: [2] }], layout: { title: 't' } },
      'application/vnd.tfnb.metric+json': {
        name: 'val accuracy',
        value: 0.71,
        book: 'about 0.71',
        min: 0.65,
        pass: true,
        preset: 'quick',
      },
    },
  },
  { type: 'result', runId, cellId, data: { 'text/plain': '2' }, executionCount: 1 },
  {
    type: 'metrics',
    runId,
    cellId,
    chartId: 'k1',
    points: [{ step: 0, epoch: 0, kind: 'batch', logs: { loss: 0.25, val_loss: Number.NaN } }],
  },
  { type: 'training-state', runId, cellId, chartId: 'k1', state: 'failed', message: 'NaN loss' },
  { type: 'done', runId, cellId, durationMs: 12 },
  {
    type: 'error',
    runId,
    cellId,
    error: { name: 'TypeError', message: 'x', line: 2 },
    durationMs: 1,
  },
  { type: 'fatal', error: { name: 'OutOfMemory', message: 'The kernel ran out of memory.' } },
  { type: 'download', fileName: 'mlp.zip', mime: 'application/zip', bytes: new ArrayBuffer(8) },
  {
    type: 'checkpoint-saved',
    summary: {
      name: 'mlp',
      notebook: 'nb.ipynb',
      cellId: 'c1',
      epoch: 3,
      targetEpochs: 10,
      finished: false,
      best: { metric: 'val_loss', value: 0.2 },
      sizeBytes: 1024,
      savedAt: 1,
      modelName: 'sequential_1',
    },
  },
  {
    type: 'checkpoint-failed',
    name: 'mlp',
    error: { name: 'CheckpointError', message: 'There is no checkpoint named "mlp".' },
  },
];

describe('kernel message protocol', () => {
  it.each(toKernel.map((m) => [m.type, m] as const))(
    'page → kernel "%s" survives structured cloning unchanged',
    (_type, message) => {
      expect(structuredClone(message)).toEqual(message);
    },
  );

  it.each(fromKernel.map((m) => [m.type, m] as const))(
    'kernel → page "%s" survives structured cloning and is recognised',
    (_type, message) => {
      const copy = structuredClone(message);
      expect(copy).toEqual(message);
      expect(isFromKernel(copy)).toBe(true);
    },
  );

  it('ignores messages that are not the kernel’s, such as those of tfjs helper workers', () => {
    for (const stray of [null, 42, 'ready', {}, { type: 'execute' }, { type: 7 }, { cmd: 'run' }])
      expect(isFromKernel(stray)).toBe(false);
  });
});
