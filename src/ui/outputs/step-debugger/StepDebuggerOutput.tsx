import { useId, useState } from 'react';
import type { StepDebuggerView, TensorStats } from '@/protocol';
import { formatTick } from '../histograms/format-tick';
import { useOutputActions } from '../output-actions';
import { PanelProblem, RunCellHint } from '../panel-parts';
import { LossSparkline } from './LossSparkline';
import { MiniHistogram } from './MiniHistogram';
import '../histograms/histograms.css';
import './step-debugger.css';

function StatsTable({ tensors }: { tensors: readonly TensorStats[] }) {
  return (
    <table className="stepper-table" data-testid="stepper-table">
      <thead>
        <tr>
          <th>tensor</th>
          <th>shape</th>
          <th>mean</th>
          <th>std</th>
          <th>min</th>
          <th>max</th>
          <th>sample</th>
          <th>histogram</th>
        </tr>
      </thead>
      <tbody>
        {tensors.map((t) => (
          <tr key={t.name}>
            <td className="stepper-name">{t.name}</td>
            <td>[{t.shape.join(', ')}]</td>
            <td>{formatTick(t.mean)}</td>
            <td>{formatTick(t.std)}</td>
            <td>{formatTick(t.min)}</td>
            <td>{formatTick(t.max)}</td>
            <td className="stepper-sample">{t.sample.map(formatTick).join(', ')}</td>
            <td>
              <MiniHistogram bins={t.histogram} label={t.name} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/**
 * The step debugger's controls. The model lives in the kernel: every press is a 'debugger'
 * message, and the kernel redraws this output with the new state.
 */
export function StepDebuggerOutput({ view }: { view: StepDebuggerView }) {
  const { debuggerAction } = useOutputActions();
  const [batches, setBatches] = useState(10);
  const id = useId();
  const live = debuggerAction !== undefined;
  const disabled = !live || view.busy;
  const loss = view.losses.at(-1);
  // Where the last batch stepped came from (before any step: where the first will).
  const last = Math.max(0, view.step - 1);
  const epochOfLast = Math.floor(last / view.batchesPerEpoch) + 1;
  const batchOfLast = (last % view.batchesPerEpoch) + 1;
  const send = (action: Parameters<NonNullable<typeof debuggerAction>>[1]) =>
    debuggerAction?.(view.debuggerId, action);
  return (
    <div className="stepper" data-testid="step-debugger">
      <div className="histo-title">{view.title}</div>
      <div className="stepper-status" aria-live="polite">
        <span data-testid="stepper-step">step {view.step}</span> ·{' '}
        {view.step === 0 ? 'next: ' : 'last: '}epoch {epochOfLast}, batch {batchOfLast} of{' '}
        {view.batchesPerEpoch} (batches of {view.batchSize}) ·{' '}
        <span data-testid="stepper-loss">
          loss {loss === undefined ? '—' : loss.toPrecision(5)}
        </span>
        {view.busy && ' · stepping…'}
      </div>
      <div className="output-upload-actions">
        <button
          type="button"
          className="output-button"
          disabled={disabled}
          onClick={() => send({ kind: 'step', batches: 1 })}
        >
          Step
        </button>
        <button
          type="button"
          className="output-button"
          disabled={disabled || !(batches >= 1)}
          onClick={() => send({ kind: 'step', batches })}
        >
          Continue
        </button>
        <input
          id={`${id}-n`}
          className="stepper-n"
          type="number"
          min={1}
          max={100000}
          value={batches}
          onChange={(e) => setBatches(Math.floor(Number(e.target.value)))}
          aria-label="Batches to continue"
        />
        <label htmlFor={`${id}-n`}>batches</label>
        <label className="histo-picker">
          Layer{' '}
          <select
            value={view.inspected?.layer ?? ''}
            disabled={disabled}
            onChange={(e) => e.target.value && send({ kind: 'inspect', layer: e.target.value })}
            aria-label="Layer to inspect"
          >
            <option value="">(pick a layer)</option>
            {view.layers.map((l) => (
              <option key={l} value={l}>
                {l}
              </option>
            ))}
          </select>
        </label>
        <RunCellHint live={live} what="use the debugger: its model lives in the kernel" />
      </div>
      {view.problem && <PanelProblem message={view.problem} />}
      <LossSparkline losses={view.losses} />
      {view.inspected && (
        <>
          <div className="histo-note">
            {view.inspected.layer}: its output on the batch of step {Math.max(1, view.step)}
            {view.step === 0 ? ' (the first batch, not yet trained on)' : ''}, and its weights now
          </div>
          <StatsTable tensors={view.inspected.tensors} />
        </>
      )}
    </div>
  );
}
