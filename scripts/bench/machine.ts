import { execFileSync } from 'node:child_process';
import { cpus, loadavg, totalmem } from 'node:os';

export interface Machine {
  cpu: string;
  cores: number;
  memoryGiB: number;
  os: string;
  node: string;
}

export function describeMachine(): Machine {
  const first = cpus()[0];
  let os = `${process.platform} ${process.arch}`;
  try {
    os = execFileSync('sh', ['-c', '. /etc/os-release && echo "$PRETTY_NAME"'], {
      encoding: 'utf8',
    }).trim();
  } catch {
    // Not every system has /etc/os-release; the platform name will do.
  }
  return {
    cpu: first?.model ?? 'unknown',
    cores: cpus().length,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    os,
    node: process.version,
  };
}

/** The 1-minute load average: other processes on a shared machine skew every timing. */
export function load1(): number {
  return Math.round((loadavg()[0] ?? 0) * 100) / 100;
}

/**
 * Waits (up to `maxMs`) for the machine to calm down before a timing, so that a burst from
 * another process does not land inside it; returns the load it started at.
 */
export async function waitForQuiet(maxMs: number, below = 1.5): Promise<number> {
  const end = Date.now() + maxMs;
  while (load1() > below && Date.now() < end) await new Promise((r) => setTimeout(r, 2000));
  return load1();
}
