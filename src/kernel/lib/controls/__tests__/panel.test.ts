import '../../checkpoint/__tests__/worker-globals';
import { beforeEach, describe, expect, it } from 'vitest';
import type { CellId, ControlPanelView, FromKernelOf, MimeBundle, RunId } from '@/protocol';
import { displayBundle } from '../../../display';
import { currentRun, setCurrentRun } from '../../../run-context';
import { posted } from '../../checkpoint/__tests__/worker-globals';
import { answerControl, ControlPanelError, controls } from '../panel';

const PANEL_CELL = { runId: 'run-panel' as RunId, cellId: 'cell-panel' as CellId };
const LATER_CELL = { runId: 'run-later' as RunId, cellId: 'cell-later' as CellId };

function displays(): FromKernelOf<'display'>[] {
  return posted.filter((m): m is FromKernelOf<'display'> => m.type === 'display');
}

function lastView(): ControlPanelView {
  const view = displays()
    .map((m) => m.data['application/vnd.tfnb.controls+json'])
    .filter((v) => v !== undefined)
    .at(-1);
  if (!view) throw new Error('no panel drawn');
  return view;
}

/** The outputs of a cell as the page's reducer keeps them: displays with an id replace. */
function outputsOf(cellId: string): MimeBundle[] {
  const out: { id: string | undefined; data: MimeBundle }[] = [];
  for (const m of displays()) {
    if (m.cellId !== cellId) continue;
    const at = m.displayId ? out.findIndex((o) => o.id === m.displayId) : -1;
    if (at >= 0) out[at] = { id: m.displayId, data: m.data };
    else out.push({ id: m.displayId, data: m.data });
  }
  return out.map((o) => o.data);
}

beforeEach(() => {
  posted.length = 0;
  setCurrentRun(PANEL_CELL);
});

describe('a control panel', () => {
  it("runs the button's handler with the form's values and redraws the panel, busy meanwhile", async () => {
    const seen: { label: string; values: Record<string, string>; busy: boolean }[] = [];
    const panel = controls.panel({
      title: 'Deployment',
      fields: [
        { name: 'BITCOIN_START_DATE', kind: 'date', value: '2017-01-01' },
        { name: 'EPOCHS', value: 300 },
        { name: 'MODEL_NAME', options: [{ value: '', label: '(train a new model)' }, 'v0'] },
      ],
      buttons: ['Deploy'],
      onButton: (label, values) => {
        seen.push({ label, values, busy: lastView().busy });
        panel.status('trained');
      },
    });
    expect(lastView()).toMatchObject({
      title: 'Deployment',
      busy: false,
      fields: [
        {
          name: 'BITCOIN_START_DATE',
          label: 'BITCOIN_START_DATE',
          kind: 'date',
          value: '2017-01-01',
        },
        { name: 'EPOCHS', kind: 'number', value: '300' },
        { name: 'MODEL_NAME', kind: 'select', value: '' },
      ],
      buttons: [{ label: 'Deploy' }],
    });
    setCurrentRun(LATER_CELL);
    await answerControl(panel.panelId, {
      kind: 'button',
      label: 'Deploy',
      values: { BITCOIN_START_DATE: '2017-03-05', EPOCHS: '100', MODEL_NAME: '' },
    });
    expect(seen).toEqual([
      {
        label: 'Deploy',
        values: { BITCOIN_START_DATE: '2017-03-05', EPOCHS: '100', MODEL_NAME: '' },
        busy: true,
      },
    ]);
    expect(lastView()).toMatchObject({ busy: false, status: 'trained' });
    expect(panel.values.EPOCHS).toBe('100');
    // The cell running when the press came is the current one again.
    expect(currentRun()).toEqual(LATER_CELL);
  });

  it('puts what the handler shows below the panel, and a later press replaces it there', async () => {
    let week = 0;
    const panel = controls.panel({
      title: 'New data',
      buttons: ['Reveal next week'],
      onButton: () => {
        week += 1;
        displayBundle({ 'text/plain': `table after week ${week}` });
        if (week === 1) displayBundle({ 'text/plain': 'a plot only the first time' });
      },
    });
    setCurrentRun(LATER_CELL);
    await panel.press('Reveal next week');
    await panel.press('Reveal next week');
    const texts = outputsOf(PANEL_CELL.cellId).map((d) => d['text/plain'] ?? '(empty)');
    expect(texts).toEqual([expect.stringContaining('New data'), 'table after week 2', '(empty)']);
    expect(outputsOf(LATER_CELL.cellId)).toEqual([]);
  });

  it('keeps a live output with its own id (a chart) in one slot, also for updates after the press', async () => {
    let press = 0;
    const panel = controls.panel({
      title: 'Deploy',
      buttons: ['Deploy'],
      onButton: () => {
        press += 1;
        displayBundle({ 'text/plain': `chart ${press}: epoch 1` }, `chart-${press}`);
        displayBundle({ 'text/plain': `chart ${press}: epoch 2` }, `chart-${press}`);
        displayBundle({ 'text/plain': `dashboard ${press}` });
      },
    });
    await panel.press('Deploy');
    displayBundle({ 'text/plain': 'chart 1: done' }, 'chart-1');
    await panel.press('Deploy');
    const texts = outputsOf(PANEL_CELL.cellId).map((d) => d['text/plain']);
    expect(texts.slice(1)).toEqual(['chart 2: epoch 2', 'dashboard 2']);
  });

  it('shows a failure from the page in the panel, and fails the cell that pressed', async () => {
    const panel = controls.panel({
      title: 'Broken',
      buttons: ['Go'],
      onButton: () => {
        throw new Error('shapes do not match');
      },
    });
    await answerControl(panel.panelId, { kind: 'button', label: 'Go', values: {} });
    expect(lastView()).toMatchObject({ busy: false, problem: 'shapes do not match' });
    await expect(panel.press('Go')).rejects.toThrow('shapes do not match');
    expect(() => panel.press('Stop')).toThrow(ControlPanelError);
  });

  it('hands a chosen file to the handler as bytes, read from the File the page sent', async () => {
    const got: string[] = [];
    const panel = controls.panel({
      title: 'Upload',
      file: { label: 'Use a CSV…' },
      onFile: (file) => {
        got.push(`${file.name}: ${new TextDecoder().decode(file.bytes)}`);
      },
    });
    expect(lastView().file).toEqual({ label: 'Use a CSV…', accept: ['.csv', '.tsv', '.txt'] });
    await answerControl(panel.panelId, {
      kind: 'file',
      name: 'prices.csv',
      bytes: new Blob(['date,close\n']),
      values: {},
    });
    expect(got).toEqual(['prices.csv: date,close\n']);
  });

  it('greys out a button and refuses buttons without a handler', () => {
    const panel = controls.panel({ title: 'P', buttons: ['A', 'B'], onButton: () => {} });
    panel.enable('A', false);
    expect(lastView().buttons).toEqual([{ label: 'A', disabled: true }, { label: 'B' }]);
    expect(() => controls.panel({ title: 'P', buttons: ['A'] })).toThrow('no onButton handler');
  });
});
