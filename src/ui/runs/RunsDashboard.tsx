import { useMemo, useState } from 'react';
import { downloadText } from '@/charts/download';
import { RunsChart } from '@/charts/runs/RunsChart';
import { runFileName, runToCsv, runToJson } from '@/charts/runs/run-export';
import {
  defaultMetrics,
  groupByBase,
  type RunsGranularity,
  type RunsX,
  runColor,
  runCurves,
  X_LABEL,
} from '@/charts/runs/run-series';
import type { RunSummary, RunsView } from '@/protocol';
import { getRunPoints, pickRuns } from '@/storage/runs-store';
import { formatBytes, formatSavedAt, notebookLabel } from '@/ui/checkpoints/format';
import { duration, runState } from './format';
import { HparamsTable } from './HparamsTable';
import { useRunList, useRunPoints } from './use-runs';
import '@/charts/charts.css';
import './runs.css';

interface Props {
  view: RunsView;
  /** Shown as a panel: it can be closed. */
  onClose?: () => void;
}

// TensorBoard's default; `runs.show({ smoothing: 0.9 })` sets the lesson's.
const DEFAULT_SMOOTHING = 0.6;
// Overlaying more makes a tangle; the user ticks others in.
const DEFAULT_SELECTED = 5;

/**
 * TensorBoard's Scalars dashboard for the runs in this browser: pick runs and metrics, overlay
 * them (a colour per run, validation dashed), smooth, log or linear y, step / epoch / wall time
 * on x, read values under the cursor, export a run as CSV or JSON.
 */
export function RunsDashboard({ view, onClose }: Props) {
  const [scope, setScope] = useState<'notebook' | 'all'>(
    view.notebook && !view.runs ? 'notebook' : 'all',
  );
  // Until the user ticks a box, the selection follows the defaults (and new runs as they start).
  const [chosen, setChosen] = useState<string[] | null>(null);
  const [metricsChosen, setMetricsChosen] = useState<string[] | null>(null);
  const [smoothing, setSmoothing] = useState(view.smoothing ?? DEFAULT_SMOOTHING);
  const [logY, setLogY] = useState(view.logY ?? false);
  const [x, setX] = useState<RunsX>(view.x ?? 'step');
  const [granularity, setGranularity] = useState<RunsGranularity>(view.points ?? 'batch');
  const list = useRunList();
  const all = useMemo(() => list.all ?? [], [list.all]);

  const listed = useMemo(
    () =>
      scope === 'notebook' && view.notebook ? all.filter((r) => r.notebook === view.notebook) : all,
    [all, view.notebook, scope],
  );
  const selectedIds = useMemo(
    () =>
      chosen ??
      (view.runs
        ? pickRuns(all, view.runs).map((r) => r.id)
        : listed.slice(0, DEFAULT_SELECTED).map((r) => r.id)),
    [chosen, view.runs, all, listed],
  );
  const data = useRunPoints(selectedIds, list.tick);
  const [exportProblem, setExportProblem] = useState<string | null>(null);
  const problem = list.problem ?? data.problem ?? exportProblem;

  const colorOf = useMemo(() => {
    // Colours follow the list, oldest first, so a run keeps its colour as new ones start.
    const byAge = [...listed].reverse();
    return new Map(byAge.map((r, i) => [r.id, runColor(i)]));
  }, [listed]);
  const selected = useMemo(() => all.filter((r) => selectedIds.includes(r.id)), [all, selectedIds]);
  const available = useMemo(() => [...new Set(selected.flatMap((r) => r.metrics))], [selected]);
  const metrics = useMemo(
    () => metricsChosen ?? defaultMetrics(available, view.metrics),
    [metricsChosen, available, view.metrics],
  );

  const groups = useMemo(() => {
    const withPoints = selected.flatMap((summary) => {
      const points = data.points.get(summary.id);
      return points ? [{ summary, points, color: colorOf.get(summary.id) ?? runColor(0) }] : [];
    });
    return groupByBase(runCurves(withPoints, metrics, x, granularity));
  }, [selected, data.points, colorOf, metrics, x, granularity]);

  const toggle = (list: readonly string[], item: string) =>
    list.includes(item) ? list.filter((i) => i !== item) : [...list, item];

  const exportRun = async (run: RunSummary, format: 'csv' | 'json') => {
    try {
      const points = (await getRunPoints(run.id))?.points ?? [];
      if (format === 'csv')
        downloadText(runFileName(run, 'csv'), runToCsv(run, points), 'text/csv');
      else downloadText(runFileName(run, 'json'), runToJson(run, points), 'application/json');
    } catch (error) {
      setExportProblem(`"${run.name}" could not be exported: ${String(error)}`);
    }
  };

  return (
    <section className="runs-view" data-testid="runs-view" aria-label="Runs">
      <header className="runs-header">
        <h2>Runs</h2>
        <span className="runs-note">
          Every <code>fit</code> and <code>trainLoop</code>, kept in this browser
        </span>
        {view.notebook && (
          <label className="runs-scope">
            <input
              type="checkbox"
              checked={scope === 'all'}
              onChange={(e) => {
                setScope(e.currentTarget.checked ? 'all' : 'notebook');
              }}
            />
            all notebooks
          </label>
        )}
        {onClose && (
          <button type="button" onClick={onClose} aria-label="Close runs">
            ✕
          </button>
        )}
      </header>
      {problem && (
        <div className="banner banner-error" role="alert">
          {problem}
        </div>
      )}
      {list.all === null ? (
        <p className="runs-empty">Reading…</p>
      ) : listed.length === 0 ? (
        <p className="runs-empty">
          No runs yet. Every <code>fit(model, x, y, …)</code> records one; name it with{' '}
          <code>{"{ run: 'bitcoin_lstm_v1_run_0' }"}</code>.
        </p>
      ) : (
        <div className="runs-layout">
          <ul className="runs-list" aria-label="Runs to show">
            {listed.map((run) => (
              <li key={run.id} data-testid="run-row" data-name={run.name}>
                <label title={`${run.notebook}\n${JSON.stringify(run.hparams)}`}>
                  <input
                    type="checkbox"
                    checked={selectedIds.includes(run.id)}
                    onChange={() => setChosen(toggle(selectedIds, run.id))}
                  />
                  <span className="run-swatch" style={{ background: colorOf.get(run.id) }} />
                  <span className="run-name">{run.name}</span>
                </label>
                <span className="run-meta">
                  {notebookLabel(run.notebook)} · {formatSavedAt(run.startedAt)} ·{' '}
                  {duration(run.durationMs)} · {runState(run, Date.now())} ·{' '}
                  {formatBytes(run.sizeBytes)}
                </span>
                <span className="run-export">
                  <button type="button" onClick={() => void exportRun(run, 'csv')}>
                    CSV
                  </button>
                  <button type="button" onClick={() => void exportRun(run, 'json')}>
                    JSON
                  </button>
                </span>
              </li>
            ))}
          </ul>
          <div className="runs-main">
            <div className="runs-controls">
              <fieldset className="runs-metrics">
                <legend>Metrics</legend>
                {available.map((m) => (
                  <label key={m}>
                    <input
                      type="checkbox"
                      checked={metrics.includes(m)}
                      onChange={() => setMetricsChosen(toggle(metrics, m))}
                    />
                    {m}
                  </label>
                ))}
              </fieldset>
              <label className="runs-smoothing">
                Smoothing
                <input
                  type="range"
                  min={0}
                  max={0.99}
                  step={0.01}
                  value={smoothing}
                  aria-label="Smoothing"
                  onChange={(e) => setSmoothing(Number(e.currentTarget.value))}
                />
                <input
                  type="number"
                  min={0}
                  max={0.999}
                  step={0.001}
                  value={smoothing}
                  aria-label="Smoothing weight"
                  onChange={(e) => {
                    const v = Number(e.currentTarget.value);
                    if (Number.isFinite(v) && v >= 0 && v < 1) setSmoothing(v);
                  }}
                />
              </label>
              <label>
                Y
                <select
                  value={logY ? 'log' : 'linear'}
                  aria-label="Y axis"
                  onChange={(e) => setLogY(e.currentTarget.value === 'log')}
                >
                  <option value="linear">linear</option>
                  <option value="log">log</option>
                </select>
              </label>
              <label>
                X
                <select
                  value={x}
                  aria-label="X axis"
                  onChange={(e) => setX(e.currentTarget.value as RunsX)}
                >
                  <option value="step">step</option>
                  <option value="epoch">epoch</option>
                  <option value="wall">wall time</option>
                </select>
              </label>
              <label title="Per-batch values (validation stays per epoch), or only epoch ends">
                Points
                <select
                  value={granularity}
                  aria-label="Points"
                  onChange={(e) => setGranularity(e.currentTarget.value as RunsGranularity)}
                >
                  <option value="batch">per batch</option>
                  <option value="epoch">per epoch</option>
                </select>
              </label>
            </div>
            {groups.length === 0 ? (
              <p className="runs-empty">Tick a run and a metric to draw it.</p>
            ) : (
              <RunsChart groups={groups} smoothing={smoothing} logY={logY} xLabel={X_LABEL[x]} />
            )}
            <HparamsTable runs={selected} colorOf={colorOf} />
          </div>
        </div>
      )}
    </section>
  );
}
