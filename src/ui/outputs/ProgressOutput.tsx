import type { ProgressView } from '@/protocol';
import { etaMs, formatCount, formatDuration, formatRate, percent, progressRate } from './format';

/** The tail of the stats line: how fast, and how long is left (only while running). */
export function progressStats(p: ProgressView): string[] {
  const parts = [`${formatDuration(p.elapsedMs)} elapsed`];
  if (p.state === 'running') {
    const eta = etaMs(p.done, p.total, p.elapsedMs);
    parts.push(eta === undefined ? 'ETA —' : `ETA ${formatDuration(eta)}`);
  }
  if (p.samplesPerSecond !== undefined) {
    parts.push(`${formatRate(p.samplesPerSecond)} samples/s`);
  } else {
    const rate = progressRate(p.done, p.elapsedMs);
    if (rate !== undefined) parts.push(`${formatRate(rate)} ${p.unit}/s`);
  }
  if (p.state === 'stopped') parts.push('stopped');
  return parts;
}

export function ProgressOutput({ progress }: { progress: ProgressView }) {
  const pct = progress.state === 'done' ? 100 : percent(progress.done, progress.total);
  return (
    <div
      className={`output-progress output-progress-${progress.state}`}
      data-testid="output-progress"
      data-state={progress.state}
    >
      <div className="output-progress-label">{progress.label}</div>
      <div
        className="output-progress-bar"
        role="progressbar"
        aria-label={progress.label}
        aria-valuemin={0}
        aria-valuemax={progress.total}
        aria-valuenow={progress.done}
      >
        <div className="output-progress-fill" style={{ transform: `scaleX(${pct / 100})` }} />
      </div>
      <div className="output-progress-stats">
        {formatCount(progress.done)}/{formatCount(progress.total)} {progress.unit} · {pct}% ·{' '}
        {progressStats(progress).join(' · ')}
      </div>
    </div>
  );
}
