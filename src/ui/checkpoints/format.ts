import type { CheckpointSummary } from '@/protocol';

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} kB`;
  if (bytes < 1024 ** 3) return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
  return `${(bytes / 1024 ** 3).toFixed(2)} GB`;
}

/** "3 of 10" while a run was cut off; just "3" once it finished or when saved by hand. */
export function formatEpoch(c: Pick<CheckpointSummary, 'epoch' | 'targetEpochs' | 'finished'>) {
  return !c.finished && c.targetEpochs !== undefined
    ? `${c.epoch} of ${c.targetEpochs}`
    : String(c.epoch);
}

export function formatBest(best: CheckpointSummary['best']): string {
  return best ? `${best.metric} ${best.value.toPrecision(4)}` : '—';
}

export function formatSavedAt(savedAt: number, now = Date.now()): string {
  const date = new Date(savedAt);
  const sameDay = new Date(now).toDateString() === date.toDateString();
  const time = date.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });
  return sameDay ? time : `${date.toLocaleDateString()} ${time}`;
}

/** The notebook's file name without folder and extension; the full path goes in a tooltip. */
export function notebookLabel(path: string): string {
  if (path === '') return 'upload';
  return (path.split('/').pop() ?? path).replace(/\.ipynb$/, '');
}
