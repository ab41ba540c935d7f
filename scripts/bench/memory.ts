import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** Chromium renderer processes started by this Node process (others' browsers are not ours). */
function ourRenderers(): number[] {
  const table = execFileSync('ps', ['-eo', 'pid=,ppid=,args='], { encoding: 'utf8' });
  const children = new Map<number, number[]>();
  const args = new Map<number, string>();
  for (const line of table.split('\n')) {
    const m = /^\s*(\d+)\s+(\d+)\s+(.*)$/.exec(line);
    if (!m) continue;
    const [pid, ppid] = [Number(m[1]), Number(m[2])];
    children.set(ppid, [...(children.get(ppid) ?? []), pid]);
    args.set(pid, m[3] ?? '');
  }
  const found: number[] = [];
  const stack = [process.pid];
  while (stack.length > 0) {
    const pid = stack.pop() as number;
    for (const child of children.get(pid) ?? []) {
      if ((args.get(child) ?? '').includes('--type=renderer')) found.push(child);
      stack.push(child);
    }
  }
  return found;
}

function rssBytes(pid: number): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = /VmRSS:\s+(\d+)/.exec(status)?.[1];
    return kb ? Number(kb) * 1024 : 0;
  } catch {
    return 0;
  }
}

/**
 * Samples the summed resident memory of our renderers (the page and its workers live there)
 * every `everyMs` until stopped; returns the baseline and the peak. Linux only (/proc).
 */
export function sampleRendererMemory(everyMs = 25): () => { baseline: number; peak: number } {
  const pids = ourRenderers();
  const total = () => pids.reduce((sum, pid) => sum + rssBytes(pid), 0);
  const baseline = total();
  let peak = baseline;
  const timer = setInterval(() => {
    peak = Math.max(peak, total());
  }, everyMs);
  return () => {
    clearInterval(timer);
    peak = Math.max(peak, total());
    return { baseline, peak };
  };
}
