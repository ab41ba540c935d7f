import type { Mutation } from '../../src/protocol';
import type { MetricRow, MetricsFile } from './metrics';

/** How a `--mutate` run went: the bands that caught the breakage and the problems, if any. */
export interface MutationVerdict {
  ok: boolean;
  /** Reports whose band missed, as the catalog said it must. */
  caught: string[];
  /** Reports that say why they cannot catch this mutation. */
  uncaught: { name: string; why: string }[];
  /** What makes the check fail: a band that still passes, an unsaid mutation, a broken run. */
  problems: string[];
}

/** A report with a band and a baseline: a trained headline number, which must account for every mutation. */
function isTrainedHeadline(m: MetricRow): boolean {
  return m.baseline !== undefined && m.pass !== null;
}

/**
 * Judges a run made under `mutation`. It passes when every band that says it catches the
 * mutation missed (or training stopped on a diverged loss before it was reported), every
 * trained headline says whether it catches it, and the kernel really ran under it.
 */
export function judgeMutation(run: MetricsFile, mutation: Mutation): MutationVerdict {
  const problems: string[] = [];
  const caught: string[] = [];
  const uncaught: { name: string; why: string }[] = [];
  if (run.timedOutInCell !== null)
    problems.push(`The run timed out in cell ${run.timedOutInCell}: no verdict.`);
  // A loss that turns NaN stops the run: the broken model was caught, by the NaN check.
  const diverged = run.failure?.name === 'TrainingDivergedError';
  if (run.failure && !diverged)
    problems.push(
      `The run stopped at cell ${run.failure.cellIndex} with ${run.failure.name}: ${run.failure.message}; a mutation check needs the notebook to run to its reports.`,
    );
  const unmutated = run.metrics.filter((m) => m.mutation !== mutation);
  if (unmutated.length > 0)
    problems.push(
      `${unmutated.length} report(s) were not made under ${mutation} (${unmutated[0]?.name}): the kernel did not take the mutation.`,
    );
  for (const m of run.metrics) {
    const why = m.uncaught?.[mutation];
    if (m.catches?.includes(mutation)) {
      if (m.pass === false) caught.push(m.name);
      else
        problems.push(
          `"${m.name}" = ${m.value} still passes its band under ${mutation}, which it says it catches.`,
        );
    } else if (why !== undefined) uncaught.push({ name: m.name, why });
    else if (isTrainedHeadline(m))
      problems.push(
        `"${m.name}" has a baseline and a band but does not say whether it catches ${mutation} (give it in \`catches\` or \`uncaught\`).`,
      );
  }
  if (diverged) caught.push(`training diverged (${run.failure?.message})`);
  return { ok: problems.length === 0, caught, uncaught, problems };
}

/** The lines the terminal shows after a mutation run. */
export function describeVerdict(verdict: MutationVerdict, mutation: Mutation): string[] {
  const lines = [`Mutation ${mutation}:`];
  for (const name of verdict.caught) lines.push(`  caught  ${name}`);
  for (const { name, why } of verdict.uncaught) lines.push(`  cannot  ${name}: ${why}`);
  for (const problem of verdict.problems) lines.push(`  PROBLEM ${problem}`);
  if (verdict.caught.length === 0 && verdict.problems.length === 0)
    lines.push('  no band of this notebook claims to catch it (each says why above, if any).');
  return lines;
}
