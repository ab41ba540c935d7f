import '../../checkpoint/__tests__/worker-globals';
import type { CellId, RunId } from '@/protocol';
import { setCurrentRun } from '../../../run-context';
import { flushStreams } from '../../../streams';
import { posted } from '../../checkpoint/__tests__/worker-globals';

export {
  optimizerValues,
  tinyModel,
  toyData,
  weightValues,
} from '../../checkpoint/__tests__/fixtures';

/** Runs the code as a cell's would, and gives back what it printed to stdout and stderr. */
export async function printed(run: () => Promise<unknown>): Promise<{ out: string; err: string }> {
  const runId = `run-${Math.random()}` as RunId;
  setCurrentRun({ runId, cellId: 'cell-1' as CellId });
  await run();
  flushStreams();
  let out = '';
  let err = '';
  for (const m of posted) {
    if (m.type !== 'stream' || m.runId !== runId) continue;
    if (m.name === 'stdout') out += m.text;
    else err += m.text;
  }
  return { out, err };
}
