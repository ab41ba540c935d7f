import { execFileSync, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export interface TorchResult {
  model: 'mlp' | 'cnn' | 'lstm' | 'style';
  stepsPerSec?: number;
  imagesPerSec?: number;
  epochMs?: number | number[];
  secPerStep?: number;
  repeats?: number;
  steps?: number;
}

export type TorchRun =
  | { available: true; python: string; version: string; threads: number; results: TorchResult[] }
  | { available: false; reason: string; howToInstall: string };

export const TORCH_INSTALL_HINT =
  'Debian/Ubuntu: `sudo apt-get install python3-torch` (Debian 12 has 1.13), or `pip install torch --index-url https://download.pytorch.org/whl/cpu`.';

const SCRIPT = fileURLToPath(new URL('./torch_bench.py', import.meta.url));

/** `python3` first; then Debian's own interpreter, where python3-torch installs (pyenv hides it). */
function findPython(): string | undefined {
  for (const python of [process.env.BENCH_PYTHON, 'python3', '/usr/bin/python3']) {
    if (!python) continue;
    const probe = spawnSync(python, ['-c', 'import torch'], { stdio: 'ignore' });
    if (probe.status === 0) return python;
  }
  return undefined;
}

export function runTorch(threads: number, budgetMs: number, models?: readonly string[]): TorchRun {
  const python = findPython();
  if (!python) {
    return {
      available: false,
      reason: '`python3 -c "import torch"` fails',
      howToInstall: TORCH_INSTALL_HINT,
    };
  }
  const out = execFileSync(
    python,
    [
      SCRIPT,
      '--threads',
      String(threads),
      '--budget-ms',
      String(budgetMs),
      ...(models ? ['--models', models.join(',')] : []),
    ],
    { encoding: 'utf8', maxBuffer: 1 << 20, timeout: 15 * 60_000 },
  );
  const parsed = JSON.parse(out.trim().split('\n').pop() ?? '{}') as {
    torch: string;
    threads: number;
    results: TorchResult[];
  };
  return {
    available: true,
    python,
    version: parsed.torch,
    threads: parsed.threads,
    results: parsed.results,
  };
}
