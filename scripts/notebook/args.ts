import {
  BACKENDS,
  type BackendName,
  MUTATIONS,
  type Mutation,
  PRESETS,
  type Preset,
} from '../../src/protocol';

/** A command line the runner cannot act on; `message` is shown with the usage text. */
export class UsageError extends Error {
  override name = 'UsageError';
}

export const USAGE = `Usage:
  npm run notebook -- run <path.ipynb> [options]     run one notebook, top to bottom
  npm run notebook -- run-all [glob] [options]       run every notebook of notebooks/index.json

Options:
  --backend wasm|cpu|webgl|webgpu   kernel backend (default wasm)
  --preset book|quick               training schedule the cells read as \`preset\` (default book)
  --out <dir>                       where the executed notebooks and metrics go (default runner-results)
  --timeout-min <n>                 give up on a notebook after n minutes (default 60)
  --port <n>                        port of the preview server the runner starts (default 4351)
  --url <http://…>                  use an app already served there; no build, no server
  --results                         (run) also update docs/RESULTS.md; run-all always does
  --profile <dir>                   keep the browser's storage (notebooks, checkpoints) in <dir>;
                                    run again with the same <dir> and --port, a run cut off there
                                    goes on from its last checkpoint (the notebook's Resume)
  --mutate ${MUTATIONS.join('|')}
                                    break the kernel on purpose (no cell is edited) and pass
                                    only when every band that says it catches this mutation
                                    misses; never written to docs/RESULTS.md
`;

export interface CommonOptions {
  backend: BackendName;
  preset: Preset;
  outDir: string;
  timeoutMin: number;
  port: number;
  url: string | null;
  /** A browser profile kept between runs, so a long training run can be resumed; null: fresh. */
  profile: string | null;
  /** A deliberate breakage: the run then checks that the bands catch it. */
  mutate: Mutation | null;
}

export type Command =
  | ({ command: 'run'; notebook: string; writeResults: boolean } & CommonOptions)
  | ({ command: 'run-all'; pattern: string | null } & CommonOptions)
  | { command: 'help' };

function oneOf<T extends string>(flag: string, value: string, allowed: readonly T[]): T {
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new UsageError(`${flag} must be one of ${allowed.join(', ')}, not "${value}".`);
}

function positiveNumber(flag: string, value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0)
    throw new UsageError(`${flag} needs a positive number, not "${value}".`);
  return n;
}

/** Parses `run …` / `run-all …`; flags take their value as the next word or after `=`. */
export function parseArgs(argv: readonly string[]): Command {
  const [command, ...rest] = argv;
  if (command === undefined || command === 'help' || command === '--help' || command === '-h')
    return { command: 'help' };
  if (command !== 'run' && command !== 'run-all')
    throw new UsageError(`Unknown command "${command}".`);

  const options: CommonOptions = {
    backend: 'wasm',
    preset: 'book',
    outDir: 'runner-results',
    timeoutMin: 60,
    port: 4351,
    url: null,
    profile: null,
    mutate: null,
  };
  let writeResults = false;
  const positional: string[] = [];
  for (let i = 0; i < rest.length; i++) {
    const word = rest[i] ?? '';
    if (!word.startsWith('--')) {
      positional.push(word);
      continue;
    }
    const [flag, inline] = word.split(/=(.*)/s, 2) as [string, string | undefined];
    if (flag === '--results') {
      writeResults = true;
      continue;
    }
    const value = inline ?? rest[++i];
    if (value === undefined) throw new UsageError(`${flag} needs a value.`);
    switch (flag) {
      case '--backend':
        options.backend = oneOf(flag, value, BACKENDS);
        break;
      case '--preset':
        options.preset = oneOf(flag, value, PRESETS);
        break;
      case '--out':
        options.outDir = value;
        break;
      case '--timeout-min':
        options.timeoutMin = positiveNumber(flag, value);
        break;
      case '--port':
        options.port = positiveNumber(flag, value);
        break;
      case '--profile':
        options.profile = value;
        break;
      case '--mutate':
        options.mutate = oneOf(flag, value, MUTATIONS);
        break;
      case '--url':
        options.url = value.replace(/\/+$/, '');
        break;
      default:
        throw new UsageError(`Unknown option ${flag}.`);
    }
  }

  if (options.mutate !== null && writeResults)
    throw new UsageError(
      'A --mutate run breaks the model on purpose; its numbers never go to docs/RESULTS.md (drop --results).',
    );
  // run-all writes RESULTS unless it is a mutation check.
  if (command === 'run-all' && options.mutate === null) writeResults = true;
  if (command === 'run') {
    const [notebook, extra] = positional;
    if (notebook === undefined) throw new UsageError('run needs the path of a .ipynb file.');
    if (extra !== undefined) throw new UsageError(`run takes one notebook; "${extra}" is extra.`);
    return { command, notebook, writeResults, ...options };
  }
  if (positional.length > 1) throw new UsageError('run-all takes at most one glob.');
  return { command, pattern: positional[0] ?? null, ...options };
}
