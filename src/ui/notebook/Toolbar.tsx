import { useRef } from 'react';
import { BACKENDS, type BackendChoice, PRESETS, type Preset } from '@/protocol';
import type { KernelView } from './useNotebookSession';

interface Props {
  kernel: KernelView;
  canRun: boolean;
  onRunAll(): void;
  onRunAbove(): void;
  onInterrupt(): void;
  onRestart(): void;
  onClear(): void;
  onBackend(choice: BackendChoice): void;
  onPreset(preset: Preset): void;
  onExport(): void;
  onImport(file: File): void;
  onRevert(): void;
  canRevert: boolean;
  onCheckpoints(): void;
  checkpointsOpen: boolean;
}

const BACKEND_LABEL: Record<BackendChoice, string> = {
  auto: 'Auto (best available)',
  webgpu: 'WebGPU',
  wasm: 'WASM',
  webgl: 'WebGL',
  cpu: 'CPU',
};

const PRESET_LABEL: Record<Preset, string> = { book: 'Book', quick: 'Quick' };

export function Toolbar(props: Props) {
  const { kernel } = props;
  const importInput = useRef<HTMLInputElement>(null);
  const busy = kernel.status === 'busy';
  const backend = kernel.backend?.active;
  return (
    <div className="toolbar" role="toolbar" aria-label="Notebook">
      <button type="button" onClick={props.onRunAll} disabled={!props.canRun}>
        ▶▶ Run all
      </button>
      <button
        type="button"
        onClick={props.onRunAbove}
        disabled={!props.canRun}
        title="Run every cell above the selected one"
      >
        Run above
      </button>
      <button
        type="button"
        onClick={props.onInterrupt}
        disabled={!busy}
        title="Stop the running cell"
      >
        ■ Interrupt
      </button>
      <button
        type="button"
        onClick={props.onRestart}
        title="Start a fresh kernel; the notebook is kept"
      >
        ↻ Restart kernel
      </button>
      <button type="button" onClick={props.onClear}>
        Clear outputs
      </button>
      <span className="toolbar-sep" />
      <button
        type="button"
        onClick={props.onExport}
        title="Download this notebook as .ipynb, with outputs"
      >
        Export
      </button>
      <button type="button" onClick={() => importInput.current?.click()} title="Open a .ipynb file">
        Import
      </button>
      <input
        ref={importInput}
        type="file"
        accept=".ipynb,application/json"
        hidden
        data-testid="import-input"
        onChange={(e) => {
          const file = e.target.files?.[0];
          if (file) props.onImport(file);
          e.target.value = '';
        }}
      />
      <button
        type="button"
        onClick={props.onRevert}
        disabled={!props.canRevert}
        title="Discard your edits and restore the shipped notebook"
      >
        Revert to original
      </button>
      <span className="toolbar-sep" />
      <button
        type="button"
        onClick={props.onCheckpoints}
        aria-pressed={props.checkpointsOpen}
        title="Saved models: download, load, delete"
      >
        Checkpoints
      </button>
      <span className="toolbar-spacer" />
      <label
        className="backend-picker"
        title={
          kernel.presetForced
            ? 'Set by ?preset= in the address; remove it to choose here'
            : "Book: the book's full training schedule. Quick: a short run of the same cells."
        }
      >
        Schedule
        <select
          value={kernel.preset}
          onChange={(e) => props.onPreset(e.target.value as Preset)}
          disabled={kernel.presetForced}
          aria-label="Schedule"
        >
          {PRESETS.map((p) => (
            <option key={p} value={p}>
              {PRESET_LABEL[p]}
            </option>
          ))}
        </select>
      </label>
      <label className="backend-picker">
        Backend
        <select
          value={kernel.choice}
          onChange={(e) => props.onBackend(e.target.value as BackendChoice)}
          aria-label="Backend"
        >
          {(['auto', ...BACKENDS] as BackendChoice[]).map((b) => (
            <option key={b} value={b}>
              {BACKEND_LABEL[b]}
            </option>
          ))}
        </select>
      </label>
      <span
        className={`kernel-status status-${kernel.status}`}
        data-testid="kernel-status"
        data-backend={backend ?? ''}
        data-wasm-threads={kernel.backend?.wasmThreads ?? ''}
      >
        {backend ? BACKEND_LABEL[backend] : '…'}
        {kernel.backend?.wasmThreads ? ` (${kernel.backend.wasmThreads} thr.)` : ''} ·{' '}
        {kernel.status}
      </span>
    </div>
  );
}
