import {
  Fragment,
  type ReactElement,
  type ReactNode,
  type RefObject,
  useEffect,
  useLayoutEffect,
  useRef,
  useState,
} from 'react';
import { BACKENDS, type BackendChoice, PRESETS, type Preset } from '@/protocol';
import { useElementWidth } from '@/ui/use-element-width';
import type { KernelView } from './useNotebookSession';

interface Props {
  /** Shown first (the notebook list's ☰). */
  leading?: ReactNode;
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
  onRuns(): void;
  runsOpen: boolean;
  onShortcuts(): void;
}

const BACKEND_LABEL: Record<BackendChoice, string> = {
  auto: 'Auto',
  webgpu: 'WebGPU',
  wasm: 'WASM',
  webgl: 'WebGL',
  cpu: 'CPU',
};

const PRESET_LABEL: Record<Preset, string> = { book: 'Book', quick: 'Quick' };

/**
 * How much fits on one row. Measured on the toolbar itself, so a folded sidebar gives room back.
 * `wide`: everything inline; `mid`: the occasional actions go into More; `narrow` (a phone): only
 * Run all, Interrupt, the kernel's state and More stay.
 */
type Fit = 'wide' | 'mid' | 'narrow';
const FITS: readonly Fit[] = ['wide', 'mid', 'narrow'];
// Close to what each row needs; the overflow check below corrects them for other fonts.
const WIDE_PX = 1400;
const MID_PX = 860;

function fitFor(width: number): Fit {
  return width >= WIDE_PX ? 'wide' : width >= MID_PX ? 'mid' : 'narrow';
}

/**
 * The fit for the toolbar's width, one step tighter each time the row still overflows (a wider
 * font, a longer backend name), never wrapping onto a second row.
 */
function useToolbarFit(bar: RefObject<HTMLDivElement | null>): Fit {
  const width = useElementWidth(bar, typeof window === 'undefined' ? 1200 : window.innerWidth);
  const [tighter, setTighter] = useState({ width, steps: 0 });
  const steps = tighter.width === width ? tighter.steps : 0;
  const fit = FITS[Math.min(FITS.indexOf(fitFor(width)) + steps, FITS.length - 1)] ?? 'narrow';
  // What the last overflow check saw. Reading scrollWidth lays out the whole page, and during
  // training the page has just changed (a chart, a log line) at every render: measured on every
  // render, that layout was the longest main-thread work of a training run (issue #15 §7). The
  // row's width only changes with its own width, fit or content (a status, a backend's name).
  const checked = useRef('');
  useLayoutEffect(() => {
    const el = bar.current;
    if (!el || fit === 'narrow') return;
    const seen = `${width} ${fit} ${el.innerHTML}`;
    if (seen === checked.current) return;
    checked.current = seen;
    if (el.scrollWidth > el.clientWidth + 1) setTighter({ width, steps: steps + 1 });
  });
  return fit;
}

export function Toolbar(props: Props) {
  const { kernel } = props;
  const bar = useRef<HTMLDivElement>(null);
  const fit = useToolbarFit(bar);
  const importInput = useRef<HTMLInputElement>(null);
  const [menuOpen, setMenuOpen] = useState(false);
  const [confirmRestart, setConfirmRestart] = useState(false);
  const busy = kernel.status === 'busy';
  const backend = kernel.backend?.active;

  const restart = () => {
    setMenuOpen(false);
    // A dead or starting kernel has nothing to lose; a live one holds every variable.
    if (kernel.status === 'dead' || kernel.lost) props.onRestart();
    else setConfirmRestart(true);
  };

  const runAbove = (
    <button
      type="button"
      onClick={props.onRunAbove}
      disabled={!props.canRun}
      title="Run every cell above the selected one"
    >
      Run above
    </button>
  );
  const restartButton = (
    <button
      type="button"
      onClick={restart}
      title="Start a fresh kernel: variables are lost, the notebook and its outputs are kept"
    >
      ↻ Restart kernel
    </button>
  );
  const clear = (
    <button type="button" onClick={props.onClear} title="Remove every cell's output">
      Clear outputs
    </button>
  );
  const exportButton = (
    <button
      type="button"
      onClick={props.onExport}
      title="Download this notebook as .ipynb, with outputs"
    >
      Export
    </button>
  );
  const importButton = (
    <button type="button" onClick={() => importInput.current?.click()} title="Open a .ipynb file">
      Import
    </button>
  );
  const revert = (
    <button
      type="button"
      onClick={props.onRevert}
      disabled={!props.canRevert}
      title="Discard your edits and restore the shipped notebook"
    >
      Revert to original
    </button>
  );
  const checkpoints = (
    <button
      type="button"
      onClick={props.onCheckpoints}
      aria-pressed={props.checkpointsOpen}
      title="Saved models: download, load, delete"
    >
      Checkpoints
    </button>
  );
  const runsButton = (
    <button
      type="button"
      onClick={props.onRuns}
      aria-pressed={props.runsOpen}
      title="Training runs: overlay, smooth, compare, export"
    >
      Runs
    </button>
  );
  const shortcuts = (
    <button
      type="button"
      onClick={props.onShortcuts}
      title="Keyboard shortcuts (H in command mode)"
      aria-label="Keyboard shortcuts"
    >
      {fit === 'wide' ? '⌨' : '⌨ Keyboard shortcuts'}
    </button>
  );
  const schedule = (
    <label
      className="backend-picker"
      title={
        kernel.presetForced
          ? 'Set by ?preset= in the address; remove it to choose here'
          : "Book: the book's full training schedule. Quick: a short run of the same cells."
      }
    >
      {fit !== 'mid' && 'Schedule'}
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
  );
  const backendPicker = (
    <label
      className="backend-picker"
      title="Where tensors are computed. Auto tries WebGPU, WASM, WebGL, then CPU, and keeps the first that trains."
    >
      {fit !== 'mid' && 'Backend'}
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
  );

  const inline = fit === 'wide';
  const midInline = fit !== 'narrow';
  const menuItems: [string, ReactElement | false][] = [
    ['restart', !midInline && restartButton],
    ['run-above', !inline && runAbove],
    ['clear', !inline && clear],
    ['export', !midInline && exportButton],
    ['import', !inline && importButton],
    ['revert', !inline && revert],
    ['checkpoints', !midInline && checkpoints],
    ['runs', !midInline && runsButton],
    ['shortcuts', !inline && shortcuts],
    ['schedule', !midInline && schedule],
    ['backend', !midInline && backendPicker],
  ];
  const folded = menuItems.filter(([, item]) => item !== false);

  return (
    <div
      ref={bar}
      className={`toolbar toolbar-${fit}`}
      role="toolbar"
      aria-label="Notebook"
      data-fit={fit}
    >
      {props.leading}
      <button
        type="button"
        onClick={props.onRunAll}
        disabled={!props.canRun}
        title="Run every cell from the top; stops at an error"
      >
        ▶▶ Run all
      </button>
      {inline && runAbove}
      <button
        type="button"
        onClick={props.onInterrupt}
        disabled={!busy}
        title="Stop the running cell (the kernel keeps its variables)"
        aria-label="Interrupt"
      >
        ■{fit === 'narrow' ? '' : ' Interrupt'}
      </button>
      {midInline && restartButton}
      {inline && clear}
      {midInline && <span className="toolbar-sep" />}
      {midInline && exportButton}
      {inline && importButton}
      {inline && revert}
      {midInline && checkpoints}
      {midInline && runsButton}
      {inline && shortcuts}
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
      <span className="toolbar-spacer" />
      {midInline && schedule}
      {midInline && backendPicker}
      <span
        className={`kernel-status status-${kernel.status}`}
        data-testid="kernel-status"
        data-backend={backend ?? ''}
        data-wasm-threads={kernel.backend?.wasmThreads ?? ''}
        title="The kernel's backend and state"
      >
        {backend ? BACKEND_LABEL[backend] : '…'}
        {kernel.backend?.wasmThreads && fit === 'wide'
          ? ` (${kernel.backend.wasmThreads} thr.)`
          : ''}{' '}
        · {kernel.status}
      </span>
      {folded.length > 0 && (
        <MoreMenu open={menuOpen} onOpenChange={setMenuOpen}>
          {folded.map(([key, item]) => (
            <Fragment key={key}>{item}</Fragment>
          ))}
        </MoreMenu>
      )}
      {confirmRestart && (
        <RestartConfirm
          onConfirm={() => {
            setConfirmRestart(false);
            props.onRestart();
          }}
          onCancel={() => setConfirmRestart(false)}
        />
      )}
    </div>
  );
}

/**
 * The actions that do not fit on the row, as a disclosure: plain buttons in a panel, so each
 * keeps its name and role wherever it sits. Closes on Escape, a click outside, or an action.
 */
function MoreMenu({
  open,
  onOpenChange,
  children,
}: {
  open: boolean;
  onOpenChange(open: boolean): void;
  children: ReactNode;
}) {
  const root = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!open) return;
    const onPointer = (event: PointerEvent) => {
      if (!root.current?.contains(event.target as Node)) onOpenChange(false);
    };
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') onOpenChange(false);
    };
    document.addEventListener('pointerdown', onPointer);
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('pointerdown', onPointer);
      document.removeEventListener('keydown', onKey);
    };
  }, [open, onOpenChange]);
  return (
    <div className="toolbar-more" ref={root}>
      <button
        type="button"
        aria-expanded={open}
        aria-controls="toolbar-more-panel"
        title="More actions"
        onClick={() => onOpenChange(!open)}
      >
        ⋯ More
      </button>
      {open && (
        // A click on a button inside is an action taken: the panel closes behind it.
        // biome-ignore lint/a11y/useKeyWithClickEvents: the buttons inside are the keyboard path
        // biome-ignore lint/a11y/noStaticElementInteractions: see above
        <div
          className="toolbar-menu"
          id="toolbar-more-panel"
          onClick={(event) => {
            if ((event.target as HTMLElement).closest('button')) onOpenChange(false);
          }}
        >
          {children}
        </div>
      )}
    </div>
  );
}

/** Restart loses every variable of the kernel (trained models too): asked once, as Jupyter does. */
function RestartConfirm({ onConfirm, onCancel }: { onConfirm(): void; onCancel(): void }) {
  const yes = useRef<HTMLButtonElement>(null);
  useEffect(() => yes.current?.focus(), []);
  return (
    <div
      className="toolbar-confirm"
      role="alertdialog"
      aria-label="Restart the kernel?"
      data-testid="restart-confirm"
      onKeyDown={(event) => {
        if (event.key === 'Escape') onCancel();
      }}
    >
      <p>
        <strong>Restart the kernel?</strong> Its variables (trained models too) are lost; the
        notebook and its outputs stay.
      </p>
      <button type="button" ref={yes} className="danger" onClick={onConfirm}>
        Yes, restart
      </button>
      <button type="button" onClick={onCancel}>
        Cancel
      </button>
    </div>
  );
}
