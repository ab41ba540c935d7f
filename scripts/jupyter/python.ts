import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/**
 * Jupyter's own tools (nbformat's validator, nbconvert) check what the app exports. They come
 * from Debian (`python3-nbformat`, `python3-nbconvert`, installed by .ci/run), so Debian's Python
 * is tried first: a `python3` earlier on PATH (pyenv, a virtualenv) often lacks them.
 */
const CANDIDATES = ['/usr/bin/python3', 'python3'];

export type JupyterPython = { ok: true; python: string } | { ok: false; reason: string };

/** A Python that imports every module named, or why there is none. */
export function jupyterPython(modules: readonly string[]): JupyterPython {
  const probe = modules.map((m) => `import ${m}`).join('; ');
  const tried: string[] = [];
  for (const python of CANDIDATES) {
    if (python.startsWith('/') && !existsSync(python)) continue;
    const result = spawnSync(python, ['-c', probe], { encoding: 'utf8' });
    if (result.status === 0) return { ok: true, python };
    tried.push(`${python}: ${(result.stderr || String(result.error)).trim().split('\n').at(-1)}`);
  }
  const packages = modules.map((m) => `python3-${m}`).join(' ');
  return {
    ok: false,
    reason: `Jupyter's ${modules.join(' and ')} are not installed (apt-get install ${packages}); tried ${tried.join('; ') || 'no python3'}`,
  };
}

/** Runs a short Python program with the given arguments; throws with its output when it fails. */
export function runPython(python: string, program: string, args: readonly string[]): string {
  const result = spawnSync(python, ['-c', program, ...args], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.status !== 0) {
    throw new Error(`${python} failed (${result.status}): ${result.stderr || result.error}`);
  }
  return result.stdout;
}

/**
 * Validates notebook files with nbformat's own validator, as Jupyter reads them. Returns one
 * line per invalid file (empty when all are valid), naming the file and the schema's complaint.
 */
export function nbformatProblems(python: string, files: readonly string[]): string[] {
  const program = [
    'import sys, nbformat',
    'for path in sys.argv[1:]:',
    '    try:',
    '        nbformat.validate(nbformat.read(path, as_version=4))',
    '    except Exception as e:',
    "        print(path + ': ' + type(e).__name__ + ': ' + str(e).split('\\n')[0])",
  ].join('\n');
  return runPython(python, program, files)
    .split('\n')
    .filter((line) => line.trim() !== '');
}
