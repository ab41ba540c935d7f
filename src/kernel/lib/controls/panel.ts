import type { ControlAction, ControlField, ControlPanelView, MimeBundle } from '@/protocol';
import { UserFacingError } from '@/utils/errors';
import { inSlots } from '../../display';
import { post } from '../../post';
import { currentRun, type RunContext, setCurrentRun } from '../../run-context';
import { clearInterrupt } from '../interrupt';

/** A field as a cell declares it: only the name is needed. */
export interface FieldSpec {
  name: string;
  label?: string;
  kind?: ControlField['kind'];
  value?: string | number;
  /** The choices of a select: values, or value and label pairs. */
  options?: readonly (string | { value: string; label?: string })[];
  help?: string;
}

/** The form's values, by field name, as text (parse numbers in the handler). */
export type FieldValues = Record<string, string>;

export interface PanelFile {
  name: string;
  bytes: ArrayBuffer;
}

export interface PanelOptions {
  title: string;
  status?: string;
  fields?: readonly FieldSpec[];
  /** Button labels, in order. */
  buttons?: readonly string[];
  /** A file chooser: its label and the extensions it offers (default CSV, TSV, text). */
  file?: { label?: string; accept?: readonly string[] };
  /** Runs on a button press, in the kernel, queued like a cell. */
  onButton?: (label: string, values: FieldValues, panel: ControlPanel) => unknown;
  /** Runs when a file is chosen; `file.bytes` is the file as it is on disk. */
  onFile?: (file: PanelFile, values: FieldValues, panel: ControlPanel) => unknown;
}

export class ControlPanelError extends UserFacingError {
  override name = 'ControlPanelError';
}

const panels = new Map<string, ControlPanel>();
let nextId = 0;

function field(spec: FieldSpec): ControlField {
  if (typeof spec?.name !== 'string' || spec.name === '')
    throw new ControlPanelError('Every field of controls.panel needs a name.', USAGE);
  const options = spec.options?.map((o) =>
    typeof o === 'string' ? { value: o, label: o } : { value: o.value, label: o.label ?? o.value },
  );
  const kind =
    spec.kind ?? (options ? 'select' : typeof spec.value === 'number' ? 'number' : 'text');
  return {
    name: spec.name,
    label: spec.label ?? spec.name,
    kind,
    value: spec.value === undefined ? (options?.[0]?.value ?? '') : String(spec.value),
    ...(options ? { options } : {}),
    ...(spec.help ? { help: spec.help } : {}),
  };
}

const USAGE =
  "controls.panel({ title: 'New data', buttons: ['Next'], onButton: async (label, values, panel) => { … } })";

/**
 * A form with buttons and a file chooser in the cell's output, for notebooks that stand in for
 * an app (the book's environment variables, a "new data arrived" button). Each press travels to
 * the kernel as a queued 'control' message and runs the cell's handler there, with the cell's
 * outputs as its own: tables, plots and reports the handler shows replace those of its last run,
 * below the panel. Cells (and the headless runner) press the same buttons with `press()`.
 */
export class ControlPanel {
  readonly panelId = `controls-${Date.now().toString(36)}-${++nextId}`;
  private readonly run: RunContext | null = currentRun();
  private readonly title: string;
  private readonly fields: ControlField[];
  private buttons: { label: string; disabled?: boolean }[];
  private readonly file: ControlPanelView['file'];
  private statusText: string | undefined;
  private activity: string | undefined;
  private problem: string | undefined;
  private busy = false;
  private slotsUsed = 0;

  constructor(private readonly options: PanelOptions) {
    if (typeof options?.title !== 'string')
      throw new ControlPanelError('controls.panel needs a title.', USAGE);
    this.title = options.title;
    this.fields = (options.fields ?? []).map(field);
    this.buttons = (options.buttons ?? []).map((label) => ({ label: String(label) }));
    if (this.buttons.length > 0 && !options.onButton)
      throw new ControlPanelError('The panel has buttons but no onButton handler.', USAGE);
    if (options.file) {
      if (!options.onFile)
        throw new ControlPanelError('The panel has a file chooser but no onFile handler.', USAGE);
      this.file = {
        label: options.file.label ?? 'Choose a file…',
        accept: [...(options.file.accept ?? ['.csv', '.tsv', '.txt'])],
      };
    }
    this.statusText = options.status;
    panels.set(this.panelId, this);
    this.show();
  }

  /** The form's values now. */
  get values(): FieldValues {
    return Object.fromEntries(this.fields.map((f) => [f.name, f.value]));
  }

  /** Sets the line that says what the panel holds now; shown at once. */
  status(text: string): void {
    this.statusText = text;
    this.show();
  }

  /** While a handler runs: what it is doing now ("week 3: training a new model"). */
  working(text: string): void {
    this.activity = text;
    this.show();
  }

  /** Greys a button out (or back in), e.g. "Reveal next week" when nothing is left. */
  enable(label: string, enabled = true): void {
    this.buttons = this.buttons.map((b) =>
      b.label === label ? { label: b.label, ...(enabled ? {} : { disabled: true }) } : b,
    );
    this.show();
  }

  /** Sets a field, as if typed; the page shows it at the next redraw. */
  set(name: string, value: string | number): void {
    const f = this.fields.find((x) => x.name === name);
    if (!f) throw new ControlPanelError(`The panel has no field "${name}".`);
    f.value = String(value);
    this.show();
  }

  /** Presses a button from a cell, as the page does; an error of the handler fails the cell. */
  press(label: string, values: Partial<FieldValues> = {}): Promise<void> {
    if (!this.buttons.some((b) => b.label === label))
      throw new ControlPanelError(
        `The panel "${this.title}" has no button "${label}".`,
        `Its buttons: ${this.buttons.map((b) => b.label).join(', ') || 'none'}.`,
      );
    return this.act(
      { kind: 'button', label, values: { ...this.values, ...definedOf(values) } },
      true,
    );
  }

  /** Hands the panel a file from a cell, as choosing one in the page does. */
  choose(file: PanelFile): Promise<void> {
    if (!this.file) throw new ControlPanelError(`The panel "${this.title}" has no file chooser.`);
    return this.act(
      { kind: 'file', name: file.name, bytes: file.bytes, values: this.values },
      true,
    );
  }

  /** Runs the handler of an action; from the page, a failure shows in the panel only. */
  async act(action: ControlAction, fromCell = false): Promise<void> {
    if (this.busy)
      throw new ControlPanelError(`The panel "${this.title}" is still busy with its last action.`);
    for (const f of this.fields) {
      const value = action.values[f.name];
      if (value !== undefined) f.value = String(value);
    }
    if (!fromCell) clearInterrupt();
    const caller = currentRun();
    this.busy = true;
    this.problem = undefined;
    this.activity = action.kind === 'button' ? action.label : `Reading ${action.name}`;
    this.show();
    let failure: unknown;
    try {
      if (this.run) setCurrentRun(this.run);
      this.slotsUsed = await inSlots(`${this.panelId}-out`, this.slotsUsed, async () => {
        if (action.kind === 'button')
          await this.options.onButton?.(action.label, this.values, this);
        else {
          const bytes =
            action.bytes instanceof ArrayBuffer ? action.bytes : await action.bytes.arrayBuffer();
          await this.options.onFile?.({ name: action.name, bytes }, this.values, this);
        }
      });
    } catch (error) {
      failure = error;
      this.problem = error instanceof Error ? error.message : String(error);
    } finally {
      if (caller) setCurrentRun(caller);
      this.busy = false;
      this.activity = undefined;
      this.show();
    }
    if (failure !== undefined && fromCell) throw failure;
  }

  view(): ControlPanelView {
    return {
      panelId: this.panelId,
      title: this.title,
      ...(this.statusText ? { status: this.statusText } : {}),
      fields: this.fields.map((f) => ({ ...f })),
      buttons: this.buttons.map((b) => ({ ...b })),
      ...(this.file ? { file: this.file } : {}),
      busy: this.busy,
      ...(this.activity ? { activity: this.activity } : {}),
      ...(this.problem ? { problem: this.problem } : {}),
    };
  }

  private show(): void {
    if (!this.run) return;
    post({
      type: 'display',
      runId: this.run.runId,
      cellId: this.run.cellId,
      data: panelBundle(this.view()),
      displayId: this.panelId,
    });
  }
}

function definedOf(values: Partial<FieldValues>): FieldValues {
  return Object.fromEntries(
    Object.entries(values).filter((e): e is [string, string] => e[1] !== undefined),
  );
}

function panelBundle(view: ControlPanelView): MimeBundle {
  const fields = view.fields.map((f) => `${f.label} = ${f.value}`).join(', ');
  const lines = [
    view.title,
    ...(view.status ? [view.status] : []),
    ...(fields ? [fields] : []),
    `Buttons: ${view.buttons.map((b) => b.label).join(', ') || 'none'}. Run the notebook in the app to use them.`,
  ];
  return { 'application/vnd.tfnb.controls+json': view, 'text/plain': lines.join('\n') };
}

/** A press in the page; a panel the kernel no longer holds (after a restart) is ignored. */
export async function answerControl(panelId: string, action: ControlAction): Promise<void> {
  try {
    await panels.get(panelId)?.act(action);
  } catch {
    // Only a press while busy lands here, which the queue rules out: the panel says the rest.
  }
}

/** The `controls` global. */
export const controls = {
  panel: (options: PanelOptions) => new ControlPanel(options),
};
