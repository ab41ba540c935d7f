import { useState } from 'react';
import type { DataPreviewView, PreviewColumn, RereadOptions } from '@/protocol';
import { defaultBalanceColumn } from './balance-column';
import { formatCell, formatCount } from './format';
import { useOutputActions } from './output-actions';
import { TableOutput } from './TableOutput';

function stat(value: number | null): string {
  return value === null ? '' : formatCell(value);
}

function ColumnsTable({ columns, rows }: { columns: PreviewColumn[]; rows: number }) {
  return (
    <table className="data-preview-columns" data-testid="preview-columns">
      <thead>
        <tr>
          <th>column</th>
          <th>type</th>
          <th>missing</th>
          <th>unique</th>
          <th>min</th>
          <th>max</th>
          <th>mean</th>
          <th>std</th>
          <th>note</th>
        </tr>
      </thead>
      <tbody>
        {columns.map((c) => (
          <tr key={c.name} data-column={c.name}>
            <th scope="row">{c.name}</th>
            <td>{c.kind}</td>
            <td className={c.missing > 0 ? 'data-preview-missing' : undefined}>
              {c.missing > 0
                ? `${formatCount(c.missing)} (${((100 * c.missing) / Math.max(rows, 1)).toFixed(1)}%)`
                : '0'}
            </td>
            <td>{formatCount(c.unique)}</td>
            <td>{stat(c.min)}</td>
            <td>{stat(c.max)}</td>
            <td>{stat(c.mean)}</td>
            <td>{stat(c.std)}</td>
            <td className="data-preview-note">{c.note ?? ''}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Balance({ view }: { view: DataPreviewView }) {
  // Only the user's pick is state: a re-read preview (a new target, new columns) re-derives the rest.
  const [chosen, setChosen] = useState<string | undefined>(undefined);
  const balance =
    view.balances.find((b) => b.column === (chosen ?? defaultBalanceColumn(view))) ??
    view.balances[0];
  if (!balance) return null;
  const total = balance.classes.reduce((s, k) => s + k.count, 0);
  const max = Math.max(...balance.classes.map((k) => k.count), 1);
  return (
    <div className="data-preview-balance" data-testid="preview-balance">
      <label>
        Class balance of{' '}
        <select
          value={balance.column}
          onChange={(e) => setChosen(e.target.value)}
          aria-label="Class balance column"
        >
          {view.balances.map((b) => (
            <option key={b.column} value={b.column}>
              {b.column}
            </option>
          ))}
        </select>
      </label>
      <ul>
        {balance.classes.map((k) => (
          <li key={k.value} data-class={k.value}>
            <span className="data-preview-class">{k.value}</span>
            <span className="data-preview-bar" style={{ width: `${(100 * k.count) / max}%` }} />
            <span className="data-preview-share">
              {formatCount(k.count)} ({((100 * k.count) / Math.max(total, 1)).toFixed(2)}%)
            </span>
          </li>
        ))}
      </ul>
    </div>
  );
}

const DELIMITERS: [string, string][] = [
  [',', 'comma'],
  ['\t', 'tab'],
  [';', 'semicolon'],
  ['|', 'pipe'],
];
const ENCODINGS = ['utf-8', 'utf-16le', 'utf-16be', 'windows-1252'];

/** Corrections for what the parser guessed: each change reads the file again in the kernel. */
function RereadControls({ view }: { view: DataPreviewView }) {
  const { reread } = useOutputActions();
  const [pending, setPending] = useState(false);
  const info = view.reread;
  if (!info || !reread) return null;
  const o = info.options;
  const ask = (change: RereadOptions) => {
    setPending(true);
    reread(info.previewId, change);
  };
  return (
    <div className="data-preview-reread" data-testid="preview-reread" aria-busy={pending}>
      <label>
        Header rows{' '}
        <select
          value={o.headerRows ?? 0}
          onChange={(e) => ask({ headerRows: Number(e.target.value) })}
          aria-label="Header rows"
        >
          {[0, 1, 2, 3, 4, 5].map((n) => (
            <option key={n} value={n}>
              {n === 0 ? 'none' : n}
            </option>
          ))}
        </select>
      </label>
      {info.sheets && info.sheets.length > 1 && (
        <label>
          Sheet{' '}
          <select
            value={o.sheet}
            onChange={(e) => ask({ sheet: e.target.value })}
            aria-label="Sheet"
          >
            {info.sheets.map((sheet) => (
              <option key={sheet}>{sheet}</option>
            ))}
          </select>
        </label>
      )}
      {o.delimiter !== undefined && (
        <label>
          Delimiter{' '}
          <select
            value={o.delimiter}
            onChange={(e) => ask({ delimiter: e.target.value })}
            aria-label="Delimiter"
          >
            {DELIMITERS.map(([d, name]) => (
              <option key={name} value={d}>
                {name}
              </option>
            ))}
          </select>
        </label>
      )}
      {o.delimiter !== undefined && (
        <label>
          Decimal{' '}
          <select
            value={o.decimal ?? '.'}
            onChange={(e) => ask({ decimal: e.target.value === ',' ? ',' : '.' })}
            aria-label="Decimal separator"
          >
            <option value=".">point</option>
            <option value=",">comma</option>
          </select>
        </label>
      )}
      {info.missingOffer && (
        <button
          type="button"
          data-testid="preview-read-missing"
          title={`Columns ${info.missingOffer.columns.join(', ')}`}
          onClick={() =>
            ask({ missing: [...new Set([...(o.missing ?? []), ...info.missingOffer!.tokens])] })
          }
        >
          Read {info.missingOffer.tokens.map((t) => JSON.stringify(t)).join(', ')} as missing
        </button>
      )}
      {o.encoding !== undefined && (
        <label>
          Encoding{' '}
          <select
            value={ENCODINGS.includes(o.encoding) ? o.encoding : 'utf-8'}
            onChange={(e) => ask({ encoding: e.target.value })}
            aria-label="Encoding"
          >
            {ENCODINGS.map((e) => (
              <option key={e}>{e}</option>
            ))}
          </select>
        </label>
      )}
    </div>
  );
}

/** A loaded table before use: shape, what the parser decided, warnings, stats, balance, rows. */
export function DataPreviewOutput({ view }: { view: DataPreviewView }) {
  const [tab, setTab] = useState<'columns' | 'rows'>('columns');
  return (
    <div className="data-preview" data-testid="output-data-preview">
      <div className="data-preview-title">
        <strong>{view.name}</strong>{' '}
        <span
          data-testid="preview-shape"
          data-rows={view.rowCount}
          data-columns={view.columns.length}
        >
          {formatCount(view.rowCount)} rows × {view.columns.length} columns
        </span>{' '}
        <span className="data-preview-source">· {view.source}</span>
      </div>
      {view.detected.length > 0 && (
        <dl className="data-preview-detected" data-testid="preview-detected">
          {view.detected.map((d) => (
            <div
              key={d.label}
              title={d.option ? `Change with the option { ${d.option}: … }` : undefined}
            >
              <dt>{d.label}</dt>
              <dd>{d.value}</dd>
            </div>
          ))}
        </dl>
      )}
      <RereadControls key={JSON.stringify(view.reread?.options)} view={view} />
      {view.warnings.length > 0 && (
        <ul className="data-preview-warnings" data-testid="preview-warnings">
          {view.warnings.map((w) => (
            <li key={w}>{w}</li>
          ))}
        </ul>
      )}
      <div className="data-preview-tabs" role="tablist">
        <button
          type="button"
          role="tab"
          aria-selected={tab === 'columns'}
          onClick={() => setTab('columns')}
        >
          Columns
        </button>
        <button
          type="button"
          role="tab"
          aria-selected={tab === 'rows'}
          onClick={() => setTab('rows')}
        >
          Rows
        </button>
      </div>
      {tab === 'columns' ? (
        <div className="data-preview-body">
          <ColumnsTable columns={view.columns} rows={view.rowCount} />
          <Balance view={view} />
        </div>
      ) : (
        <TableOutput
          table={{
            columns: view.columns.map((c) => c.name),
            rows: view.head,
            totalRows: view.rowCount,
          }}
        />
      )}
    </div>
  );
}
