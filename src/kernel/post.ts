import type { FromKernel } from '@/protocol';

// Captured once at start-up: a cell that declares its own `postMessage` must not cut the kernel off.
const postToPage = self.postMessage.bind(self);

export function post(message: FromKernel, transfer: Transferable[] = []): void {
  postToPage(message, transfer);
}
