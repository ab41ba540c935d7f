import { type ChangeEvent, useId, useState } from 'react';
import type { PredictOutcome, PredictPanelView } from '@/protocol';
import { useOutputActions } from './output-actions';
import { PanelProblem, RunCellHint } from './panel-parts';
import { TableOutput } from './TableOutput';

/** Files larger than this are sent as they are, not copied into the text box. */
const SHOW_FILE_BELOW_BYTES = 256 * 1024;

function describeInput(view: PredictPanelView): string {
  const columns = view.columns ? `: ${view.columns.join(', ')}` : '';
  return `${view.inputWidth} values per row${columns}`;
}

/**
 * A form that predicts with a model held by the kernel: rows typed, pasted from a spreadsheet,
 * or read from a CSV file on this computer (read here, sent only to the kernel worker).
 */
export function PredictPanelOutput({ view }: { view: PredictPanelView }) {
  const { predict } = useOutputActions();
  const [text, setText] = useState(view.example ?? '');
  const [file, setFile] = useState<{ name: string; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<PredictOutcome | null>(null);
  const inputId = useId();
  const live = predict !== undefined;

  const run = async (rows: string) => {
    if (!predict) return;
    setBusy(true);
    try {
      setOutcome(await predict(view.panelId, rows));
    } finally {
      setBusy(false);
    }
  };
  const onFile = async (event: ChangeEvent<HTMLInputElement>) => {
    const chosen = event.target.files?.[0];
    event.target.value = '';
    if (!chosen) return;
    const content = await chosen.text();
    if (chosen.size < SHOW_FILE_BELOW_BYTES) {
      setFile(null);
      setText(content);
    } else setFile({ name: chosen.name, text: content });
    await run(content);
  };

  return (
    <div className="predict-panel" data-testid="predict-panel">
      <div className="predict-title">{view.title}</div>
      <div className="predict-help">
        {describeInput(view)}. One row per line, values separated by commas, tabs or spaces (paste
        from a spreadsheet), a CSV with a header row, or JSON such as{' '}
        <code>{'{"data": [[…]]}'}</code>.
      </div>
      <label className="predict-label" htmlFor={`${inputId}-rows`}>
        Rows
      </label>
      <textarea
        id={`${inputId}-rows`}
        className="predict-rows"
        value={file ? `(${file.name}: read from this computer, not shown)` : text}
        readOnly={file !== null}
        spellCheck={false}
        rows={Math.min(8, Math.max(3, text.split('\n').length))}
        onChange={(event) => setText(event.target.value)}
        aria-label="Rows to predict"
      />
      <div className="output-upload-actions">
        <button
          type="button"
          className="output-button"
          disabled={!live || busy}
          onClick={() => void run(file ? file.text : text)}
        >
          {busy ? 'Predicting…' : 'Predict'}
        </button>
        <label className={`output-button${live ? '' : ' output-button-disabled'}`}>
          Choose CSV…
          <input
            type="file"
            className="output-upload-input"
            accept=".csv,.tsv,.txt,.json"
            disabled={!live}
            onChange={(event) => void onFile(event)}
            aria-label="Choose a CSV file of rows"
          />
        </label>
        {file && (
          <button type="button" className="output-button" onClick={() => setFile(null)}>
            Clear file
          </button>
        )}
        <RunCellHint live={live} what="use the form: its model lives in the kernel" />
      </div>
      {outcome && !outcome.ok && <PanelProblem message={outcome.message} hint={outcome.hint} />}
      {outcome?.ok && (
        <div className="predict-result" data-testid="predict-result">
          <div className="predict-notes">
            {outcome.notes.join('; ')} · {outcome.durationMs.toFixed(0)} ms
          </div>
          <TableOutput
            table={{ columns: outcome.columns, rows: outcome.rows, totalRows: outcome.rows.length }}
          />
        </div>
      )}
    </div>
  );
}
