import type { ParseJob, ParseOutcome } from './protocol';

// The parser runs in a worker, as in the app's kernel: the page's main thread stays free.
const worker = new Worker(new URL('./parse-worker.ts', import.meta.url), { type: 'module' });

window.benchParse = async (name: string) => {
  const response = await fetch(`/local-data/${encodeURIComponent(name)}`);
  // A Blob, as a picked or stored file reaches the kernel (data.upload, data.file): the browser
  // keeps its bytes, and the worker reads them in slices while it parses.
  const file = await response.blob();
  const outcome = await new Promise<ParseOutcome>((resolve) => {
    worker.onmessage = (event: MessageEvent<ParseOutcome>) => resolve(event.data);
    const job: ParseJob = { name, file };
    worker.postMessage(job);
  });
  return { ...outcome, bytes: file.size };
};
