import type { SerializedError } from '@/protocol';
import { serializeError, UserFacingError } from '@/utils/errors';
import { CellSyntaxError, compileCell } from './transpile';

/** Names cells may (re)define: what earlier cells declared and the kernel's own globals. */
const cellOwned = new Set<string>();

export function defineGlobals(values: Record<string, unknown>): void {
  for (const [name, value] of Object.entries(values)) {
    (globalThis as Record<string, unknown>)[name] = value;
    cellOwned.add(name);
  }
}

function claimNames(names: string[]): void {
  const global = globalThis as Record<string, unknown>;
  for (const name of names) {
    if (cellOwned.has(name)) continue;
    if (name in global) {
      // Overwriting `postMessage`, `fetch`, `self`… would break the worker or silently fail.
      throw new UserFacingError(
        `\`${name}\` is a built-in name of the kernel (the Web Worker's global scope); a cell cannot redefine it.`,
        `Rename the variable, e.g. \`my${name[0]?.toUpperCase()}${name.slice(1)}\`.`,
      );
    }
    global[name] = undefined;
    cellOwned.add(name);
  }
}

type AsyncCell = () => Promise<unknown>;

/**
 * Runs one cell: its top-level names become globals, top-level `await` works, and the value of
 * its last expression is returned. `tag` names the code in stack traces so errors map to lines.
 */
export async function executeCell(source: string, tag: string): Promise<unknown> {
  const compiled = compileCell(source);
  claimNames(compiled.names);
  // Indirect eval runs at global scope, so the cell's assignments reach the globals above.
  // biome-ignore lint/security/noGlobalEval: running the user's own cell code is the kernel's job
  const globalEval = eval;
  const cell = globalEval(
    `(async function () {${compiled.body}\n})\n//# sourceURL=${tag}`,
  ) as AsyncCell;
  return await cell();
}

/** The error as the page shows it, with the line in the cell's own source when known. */
export function describeCellError(error: unknown, tag: string): SerializedError {
  const out = serializeError(error);
  if (error instanceof CellSyntaxError) {
    out.line = error.line;
    out.column = error.column;
    delete out.stack;
    return out;
  }
  const stack = error instanceof Error ? (error.stack ?? '') : '';
  const escaped = tag.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const at = new RegExp(`${escaped}:(\\d+):(\\d+)`).exec(stack);
  if (at) {
    out.line = Number(at[1]);
    out.column = Number(at[2]);
  }
  // Frames inside the kernel and tfjs say nothing useful to a notebook user.
  if (out.stack) {
    out.stack = stack
      .split('\n')
      .filter((line) => line.includes(tag) || !line.trimStart().startsWith('at '))
      .join('\n');
  }
  return out;
}
