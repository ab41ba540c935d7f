import { describe, expect, it } from 'vitest';
import type { MimeBundle, TrainingView } from '@/protocol';
import { MIME_PRIORITY, pickRichOutput } from '../mime';

const training: TrainingView = {
  chartId: 'c1',
  title: 'fit',
  xLabel: 'epoch',
  points: [],
  state: 'running',
};

describe('pickRichOutput', () => {
  it('prefers the live chart over its plain-text fallback', () => {
    const bundle: MimeBundle = {
      'text/plain': 'Training…',
      'application/vnd.tfnb.training+json': training,
      'application/vnd.tfnb.metric+json': { name: 'acc', value: 0.8, preset: 'book' },
    };
    expect(pickRichOutput(bundle)).toEqual({ kind: 'training', value: training });
  });

  it('prefers a tensor view to markdown and text, and an image to markdown', () => {
    const tensor = { shape: [2], dtype: 'float32', text: '[1, 2]', size: 2 };
    expect(
      pickRichOutput({
        'text/plain': 't',
        'text/markdown': '*t*',
        'application/vnd.tfnb.tensor+json': tensor,
      })?.kind,
    ).toBe('tensor');
    expect(pickRichOutput({ 'text/markdown': '*t*', 'image/png': 'AAAA' })?.kind).toBe('png');
  });

  it('falls back to plain text, and to nothing for an empty bundle', () => {
    expect(pickRichOutput({ 'text/plain': '42' })).toEqual({ kind: 'text', value: '42' });
    expect(pickRichOutput({})).toBeNull();
  });

  it('ranks the types in the documented order, richest first', () => {
    expect(MIME_PRIORITY).toEqual([
      'application/vnd.tfnb.training+json',
      'application/vnd.tfnb.progress+json',
      'application/vnd.tfnb.upload-request+json',
      'application/vnd.tfnb.predict-panel+json',
      'application/vnd.tfnb.runs+json',
      'application/vnd.tfnb.drawing-pad+json',
      'application/vnd.tfnb.histograms+json',
      'application/vnd.tfnb.step-debugger+json',
      'application/vnd.tfnb.controls+json',
      'application/vnd.tfnb.http-exchange+json',
      'application/vnd.tfnb.data-preview+json',
      'application/vnd.tfnb.metric+json',
      'application/vnd.plotly.v1+json',
      'application/vnd.tfnb.model-summary+json',
      'application/vnd.tfnb.table+json',
      'application/vnd.tfnb.tensor+json',
      'image/png',
      'text/markdown',
      'text/plain',
    ]);
  });

  it('picks each type of the priority list when it is the richest one present', () => {
    const all: MimeBundle = {
      'text/plain': 't',
      'text/markdown': 'm',
      'image/png': 'p',
      'application/vnd.tfnb.tensor+json': { shape: [], dtype: 'int32', text: '1', size: 1 },
      'application/vnd.tfnb.table+json': { columns: [], rows: [], totalRows: 0 },
      'application/vnd.tfnb.model-summary+json': {
        name: 'm',
        layers: [],
        totalParams: 0,
        trainableParams: 0,
      },
      'application/vnd.plotly.v1+json': { data: [] },
      'application/vnd.tfnb.upload-request+json': {
        requestId: 'r',
        prompt: 'p',
        accept: [],
        state: 'waiting',
      },
      'application/vnd.tfnb.progress+json': {
        label: 'l',
        done: 0,
        total: 1,
        elapsedMs: 0,
        unit: 'steps',
        state: 'running',
      },
      'application/vnd.tfnb.training+json': training,
      'application/vnd.tfnb.metric+json': { name: 'acc', value: 0.8, preset: 'book' },
      'application/vnd.tfnb.predict-panel+json': {
        panelId: 'p',
        title: 't',
        modelName: 'm',
        inputWidth: 2,
      },
      'application/vnd.tfnb.runs+json': { runs: ['a'], smoothing: 0.9 },
      'application/vnd.tfnb.drawing-pad+json': {
        padId: 'd',
        title: 't',
        modelName: 'm',
        classes: ['0', '1'],
        centre: true,
        inputSize: 28,
      },
      'application/vnd.tfnb.histograms+json': {
        histId: 'h',
        title: 't',
        epochs: [],
        gradientBatch: '',
        tracks: [],
        norms: [],
        kernels: [],
        recordMs: [],
        state: 'running',
      },
      'application/vnd.tfnb.step-debugger+json': {
        debuggerId: 'd',
        title: 't',
        step: 0,
        epoch: 0,
        batchesPerEpoch: 1,
        batchSize: 1,
        losses: [],
        layers: [],
        busy: false,
      },
      'application/vnd.tfnb.controls+json': {
        panelId: 'c',
        title: 't',
        fields: [],
        buttons: [{ label: 'Go' }],
        busy: false,
      },
      'application/vnd.tfnb.http-exchange+json': {
        request: { method: 'GET', url: '/api/x', headers: [], body: '' },
        durationMs: 1,
      },
      'application/vnd.tfnb.data-preview+json': {
        name: 'd',
        source: 's',
        rowCount: 0,
        columns: [],
        head: [],
        detected: [],
        warnings: [],
        balances: [],
      },
    };
    const kinds: string[] = [];
    const bundle: MimeBundle = { ...all };
    for (const mime of MIME_PRIORITY) {
      const picked = pickRichOutput(bundle);
      if (picked !== null) kinds.push(picked.kind);
      delete bundle[mime];
    }
    expect(kinds).toEqual([
      'training',
      'progress',
      'upload',
      'predictPanel',
      'runs',
      'drawingPad',
      'histograms',
      'stepDebugger',
      'controls',
      'http',
      'dataPreview',
      'metric',
      'plotly',
      'modelSummary',
      'table',
      'tensor',
      'png',
      'markdown',
      'text',
    ]);
  });
});
