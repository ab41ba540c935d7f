/// <reference types="node" />
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/**
 * A Python with PyTorch, for the tests that load the app's `.pth` downloads with the real
 * thing. Debian's `python3-torch` (installed by .ci/run) lives in /usr/bin/python3, which a
 * `python3` earlier on PATH (pyenv, a virtualenv) often lacks, so it is tried first.
 */
export type TorchPython = { ok: true; python: string } | { ok: false; reason: string };

export function torchPython(): TorchPython {
  const tried: string[] = [];
  for (const python of ['/usr/bin/python3', 'python3']) {
    if (python.startsWith('/') && !existsSync(python)) continue;
    const probe = spawnSync(python, ['-c', 'import torch'], { encoding: 'utf8' });
    if (probe.status === 0) return { ok: true, python };
    tried.push(`${python}: ${(probe.stderr || String(probe.error)).trim().split('\n').at(-1)}`);
  }
  return {
    ok: false,
    reason: `PyTorch is not installed (apt-get install python3-torch); tried ${tried.join('; ') || 'no python3'}`,
  };
}

/** Runs a Python program with arguments; throws with its stderr when it fails. */
export function runPython(python: string, program: string, args: readonly string[]): string {
  const result = spawnSync(python, ['-c', program, ...args], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.status !== 0)
    throw new Error(`${python} failed (${result.status}): ${result.stderr || result.error}`);
  return result.stdout;
}

/**
 * Loads each case's `.pth` with `torch.load(weights_only=True)` into its generated module
 * (strict `load_state_dict`), runs it in eval mode on the case's input (N×H×W×C images are
 * permuted to PyTorch's N×C×H×W, and 4-D outputs back) and prints the outputs as JSON.
 */
export const RUN_EXPORTED = `
import importlib.util, json, sys
import torch

cases = json.load(open(sys.argv[1]))
out = {}
for case in cases:
    spec = importlib.util.spec_from_file_location(case["module"], case["model_py"])
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    model = getattr(module, case["class_name"])()
    state = torch.load(case["pth"], weights_only=True)
    model.load_state_dict(state)
    model.eval()
    x = torch.tensor(case["input"], dtype=torch.float32)
    if x.dim() == 4:
        x = x.permute(0, 3, 1, 2)
    with torch.no_grad():
        y = model(x)
    if y.dim() == 4:
        y = y.permute(0, 2, 3, 1)
    out[case["name"]] = {
        "output": y.flatten().tolist(),
        "shape": list(y.shape),
        "keys": list(state.keys()),
        "dtypes": sorted({str(t.dtype) for t in state.values()}),
        "input_shape": list(module.INPUT_SHAPE),
    }
print(json.dumps(out))
`;
