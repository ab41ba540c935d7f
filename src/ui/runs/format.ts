import type { RunSummary } from '@/protocol';

// A live run saves about once a second (at its next logged batch); one silent for two minutes
// was cut off: its tab closed or its kernel restarted.
const SILENT_MS = 120_000;

/** The run's state in words; a 'running' run that stopped saving long ago was cut off. */
export function runState(run: RunSummary, now: number): string {
  if (run.state !== 'running') return run.state;
  return now - (run.startedAt + run.durationMs) > SILENT_MS ? 'cut off' : 'running';
}

export function duration(ms: number): string {
  const s = ms / 1000;
  return s < 60 ? `${s.toFixed(1)} s` : `${Math.floor(s / 60)} min ${Math.round(s % 60)} s`;
}
