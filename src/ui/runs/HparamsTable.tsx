import { formatMetricValue } from '@/charts/series';
import type { RunHparam, RunSummary } from '@/protocol';

interface Props {
  runs: readonly RunSummary[];
  colorOf: ReadonlyMap<string, string>;
}

function cell(value: RunHparam | undefined): string {
  if (value === undefined || value === null) return '';
  return typeof value === 'number' ? String(Number(value.toPrecision(6))) : String(value);
}

/**
 * The chosen runs side by side, as TensorBoard's HParams table: a column per hyperparameter
 * (those that differ between runs first) and each metric's last value.
 */
export function HparamsTable({ runs, colorOf }: Props) {
  if (runs.length === 0) return null;
  const keys = [...new Set(runs.flatMap((r) => Object.keys(r.hparams)))];
  const differs = (k: string) => new Set(runs.map((r) => cell(r.hparams[k]))).size > 1;
  const ordered = [...keys.filter(differs), ...keys.filter((k) => !differs(k))];
  const metrics = [...new Set(runs.flatMap((r) => Object.keys(r.last)))];
  return (
    <div className="runs-hparams">
      <table data-testid="runs-hparams">
        <thead>
          <tr>
            <th>run</th>
            {ordered.map((k) => (
              <th key={k} className={differs(k) ? 'differs' : ''}>
                {k}
              </th>
            ))}
            {metrics.map((m) => (
              <th key={m} className="num">
                {m}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {runs.map((r) => (
            <tr key={r.id}>
              <td>
                <span className="run-swatch" style={{ background: colorOf.get(r.id) }} />
                {r.name}
              </td>
              {ordered.map((k) => (
                <td key={k}>{cell(r.hparams[k])}</td>
              ))}
              {metrics.map((m) => (
                <td key={m} className="num">
                  {r.last[m] === undefined ? '' : formatMetricValue(r.last[m])}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
