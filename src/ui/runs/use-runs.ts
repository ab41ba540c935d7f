import { useEffect, useState } from 'react';
import type { RunPoint, RunSummary } from '@/protocol';
import { getRunPoints, listRuns, onRunsChanged } from '@/storage/runs-store';

/** The last change announced: which run, and a counter that makes every change new. */
export interface RunsTick {
  id: string;
  n: number;
}

/** Every run in this browser, newest first, read again whenever the kernel saves or deletes one. */
export function useRunList(): { all: RunSummary[] | null; problem: string | null; tick: RunsTick } {
  const [all, setAll] = useState<RunSummary[] | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [tick, setTick] = useState<RunsTick>({ id: '', n: 0 });

  useEffect(() => onRunsChanged((change) => setTick((t) => ({ id: change.id, n: t.n + 1 }))), []);

  // biome-ignore lint/correctness/useExhaustiveDependencies: `tick` is the refresh trigger
  useEffect(() => {
    let live = true;
    listRuns()
      .then((list) => {
        if (live) setAll(list);
      })
      .catch((e: unknown) => {
        if (live) setProblem(`Runs cannot be read: ${String(e)}`);
      });
    return () => {
      live = false;
    };
  }, [tick]);

  return { all, problem, tick };
}

/** The points of the `wanted` runs, by id; a live run's are read again each time it saves. */
export function useRunPoints(
  wanted: readonly string[],
  tick: RunsTick,
): { points: ReadonlyMap<string, RunPoint[]>; problem: string | null } {
  const [points, setPoints] = useState<ReadonlyMap<string, RunPoint[]>>(new Map());
  const [problem, setProblem] = useState<string | null>(null);
  const key = wanted.join('\n');

  // biome-ignore lint/correctness/useExhaustiveDependencies: `key` stands for `wanted`
  useEffect(() => {
    let live = true;
    const missing = wanted.filter((id) => !points.has(id) || id === tick.id);
    if (missing.length === 0) return;
    Promise.all(missing.map(async (id) => [id, (await getRunPoints(id))?.points ?? []] as const))
      .then((loaded) => {
        if (!live) return;
        setPoints((old) => {
          const next = new Map(old);
          for (const [id, list] of loaded) next.set(id, list);
          return next;
        });
      })
      .catch((e: unknown) => {
        if (live) setProblem(`Run points cannot be read: ${String(e)}`);
      });
    return () => {
      live = false;
    };
  }, [key, tick]);

  return { points, problem };
}
