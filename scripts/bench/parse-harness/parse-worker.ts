import { parseFile } from '@/data/parse';
import type { ParseJob, ParseOutcome } from './protocol';

// Typed against the DOM lib (scripts/ share tsconfig.node.json): a worker's postMessage takes no origin.
const reply = postMessage as unknown as (message: ParseOutcome) => void;

addEventListener('message', (event: MessageEvent<ParseJob>) => {
  const { name, file } = event.data;
  const started = performance.now();
  parseFile(name, file).then(
    (result) =>
      reply({
        ok: true,
        ms: performance.now() - started,
        rows: result.table.rowCount,
        columns: result.table.columns.length,
        numeric: result.table.columns.filter((c) => c.kind === 'number').length,
        format: result.format,
      }),
    (error: unknown) =>
      reply({
        ok: false,
        ms: performance.now() - started,
        message: error instanceof Error ? error.message : String(error),
      }),
  );
});
