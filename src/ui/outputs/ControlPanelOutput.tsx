import { type ChangeEvent, useId, useState } from 'react';
import type { ControlField, ControlPanelView } from '@/protocol';
import { useOutputActions } from './output-actions';
import { PanelProblem, RunCellHint } from './panel-parts';

function FieldInput({
  field,
  id,
  value,
  disabled,
  onChange,
}: {
  field: ControlField;
  id: string;
  value: string;
  disabled: boolean;
  onChange: (value: string) => void;
}) {
  if (field.kind === 'select') {
    return (
      <select
        id={id}
        className="controls-input"
        value={value}
        disabled={disabled}
        onChange={(event) => onChange(event.target.value)}
      >
        {(field.options ?? []).map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    );
  }
  return (
    <input
      id={id}
      className="controls-input"
      type={field.kind}
      value={value}
      disabled={disabled}
      spellCheck={false}
      onChange={(event) => onChange(event.target.value)}
    />
  );
}

/**
 * A control panel (`controls.panel()`): the form, buttons and file chooser of a notebook that
 * stands in for an app. Every press goes to the kernel with the form's values; the cell's
 * handler runs there and the kernel redraws the panel (busy while it runs).
 */
export function ControlPanelOutput({ view }: { view: ControlPanelView }) {
  const { controlAction } = useOutputActions();
  // What the user typed since the last press; the rest shows the kernel's values.
  const [edits, setEdits] = useState<Record<string, string>>({});
  const id = useId();
  const live = controlAction !== undefined;
  const disabled = !live || view.busy;
  const values = Object.fromEntries(view.fields.map((f) => [f.name, edits[f.name] ?? f.value]));

  const press = (label: string) => {
    controlAction?.(view.panelId, { kind: 'button', label, values });
    setEdits({});
  };
  const onFile = (event: ChangeEvent<HTMLInputElement>) => {
    const chosen = event.target.files?.[0];
    event.target.value = '';
    if (!chosen) return;
    controlAction?.(view.panelId, { kind: 'file', name: chosen.name, bytes: chosen, values });
    setEdits({});
  };

  return (
    <div className="controls-panel" data-testid="control-panel" aria-busy={view.busy}>
      <div className="controls-title">{view.title}</div>
      {view.fields.length > 0 && (
        <div className="controls-fields">
          {view.fields.map((f) => (
            <div key={f.name} className="controls-field">
              <label className="controls-label" htmlFor={`${id}-${f.name}`}>
                {f.label}
              </label>
              <FieldInput
                field={f}
                id={`${id}-${f.name}`}
                value={values[f.name] ?? ''}
                disabled={disabled}
                onChange={(value) => setEdits((e) => ({ ...e, [f.name]: value }))}
              />
              {f.help && <div className="controls-help">{f.help}</div>}
            </div>
          ))}
        </div>
      )}
      <div className="output-upload-actions">
        {view.buttons.map((b) => (
          <button
            key={b.label}
            type="button"
            className="output-button"
            disabled={disabled || b.disabled === true}
            onClick={() => press(b.label)}
          >
            {b.label}
          </button>
        ))}
        {view.file && (
          <label className={`output-button${disabled ? ' output-button-disabled' : ''}`}>
            {view.file.label}
            <input
              type="file"
              className="output-upload-input"
              accept={view.file.accept.join(',')}
              disabled={disabled}
              onChange={onFile}
              aria-label={view.file.label}
            />
          </label>
        )}
        <RunCellHint live={live} what="use the panel: its handlers live in the kernel" />
      </div>
      {view.status && (
        <div className="controls-status" data-testid="control-status">
          {view.status}
        </div>
      )}
      {view.busy && (
        <div className="controls-activity" data-testid="control-activity" aria-live="polite">
          {view.activity ?? 'Working'}…
        </div>
      )}
      {view.problem && <PanelProblem message={view.problem} />}
    </div>
  );
}
