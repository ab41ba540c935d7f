import { inspect } from './lib/inspect';
import { post } from './post';
import { currentRun, type RunContext } from './run-context';

const FLUSH_MS = 50;
/** More than this per cell is cut, with a note: a runaway print loop must not sink the page. */
const MAX_CHARS_PER_RUN = 1_000_000;

interface Pending {
  run: RunContext;
  name: 'stdout' | 'stderr';
  text: string;
}

let pending: Pending | null = null;
let timer: ReturnType<typeof setTimeout> | null = null;
const charsByRun = new Map<string, number>();

export function flushStreams(): void {
  if (timer !== null) clearTimeout(timer);
  timer = null;
  if (!pending) return;
  const { run, name, text } = pending;
  pending = null;
  post({ type: 'stream', runId: run.runId, cellId: run.cellId, name, text });
}

export function writeStream(name: 'stdout' | 'stderr', text: string): void {
  const run = currentRun();
  if (!run) return;
  const used = charsByRun.get(run.runId) ?? 0;
  if (used >= MAX_CHARS_PER_RUN) return;
  let chunk = text;
  if (used + chunk.length > MAX_CHARS_PER_RUN) {
    chunk = `${chunk.slice(0, MAX_CHARS_PER_RUN - used)}\n… output cut at 1,000,000 characters.\n`;
  }
  charsByRun.set(run.runId, used + chunk.length);
  if (pending && (pending.run.runId !== run.runId || pending.name !== name)) flushStreams();
  if (pending) pending.text += chunk;
  else pending = { run, name, text: chunk };
  timer ??= setTimeout(flushStreams, FLUSH_MS);
}

function format(args: unknown[]): string {
  return `${args.map((a) => (typeof a === 'string' ? a : inspect(a))).join(' ')}\n`;
}

/** Routes the worker's console to the running cell's output, as print() does in Jupyter. */
export function captureConsole(target: Console): void {
  target.log = (...args: unknown[]) => writeStream('stdout', format(args));
  target.info = target.log;
  target.debug = target.log;
  target.warn = (...args: unknown[]) => writeStream('stderr', format(args));
  target.error = target.warn;
}
