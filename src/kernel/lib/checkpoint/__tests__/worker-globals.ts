// Imported first by kernel tests: the kernel posts to the page through `self.postMessage`,
// which Node lacks. Posted messages are kept here for assertions.
import 'fake-indexeddb/auto';
import type { FromKernel } from '@/protocol';

export const posted: FromKernel[] = [];

const scope = globalThis as unknown as {
  self?: unknown;
  postMessage?: (message: FromKernel) => void;
};
scope.self ??= globalThis;
scope.postMessage = (message: FromKernel) => {
  posted.push(message);
};
