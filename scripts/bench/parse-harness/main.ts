import { readBody } from '@/data/read-body';
import type { ParseJob, ParseOutcome } from './protocol';

// The parser runs in a worker, as in the app's kernel: the page's main thread stays free.
const worker = new Worker(new URL('./parse-worker.ts', import.meta.url), { type: 'module' });

window.benchParse = async (name: string) => {
  const response = await fetch(`/local-data/${encodeURIComponent(name)}`);
  // As the kernel reads a data set it fetches (src/kernel/lib/dataset-source.ts).
  const bytes = await readBody(response);
  const size = bytes.byteLength;
  const outcome = await new Promise<ParseOutcome>((resolve) => {
    worker.onmessage = (event: MessageEvent<ParseOutcome>) => resolve(event.data);
    const job: ParseJob = { name, bytes };
    worker.postMessage(job, [bytes]);
  });
  return { ...outcome, bytes: size };
};
