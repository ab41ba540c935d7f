import { MIME, type UploadRequestView } from '@/protocol';
import { UserFacingError } from '@/utils/errors';
import { displayBundle } from './display';
import { KernelInterruptedError, onInterrupt } from './lib/interrupt';

export interface UploadedFile {
  name: string;
  bytes: ArrayBuffer;
}

const waiting = new Map<string, (file: UploadedFile | null) => void>();
let nextRequest = 0;

/** Called by the message handler when the page answers an upload prompt. */
export function deliverFile(requestId: string, file: UploadedFile | null): void {
  waiting.get(requestId)?.(file);
  waiting.delete(requestId);
}

/**
 * Shows an upload prompt in the running cell's output and resolves with the file the user picks.
 * The bytes come straight from the page's file input: they never leave the browser.
 */
export function requestUpload(
  options: { accept?: string[]; prompt?: string } = {},
): Promise<UploadedFile> {
  const requestId = `upload-${++nextRequest}`;
  const view: UploadRequestView = {
    requestId,
    prompt: options.prompt ?? 'Choose a file',
    accept: options.accept ?? [],
    state: 'waiting',
  };
  const show = (v: UploadRequestView) =>
    displayBundle({ [MIME.upload]: v, 'text/plain': v.prompt }, requestId);
  show(view);
  return new Promise((resolve, reject) => {
    const stop = onInterrupt(() => {
      waiting.delete(requestId);
      show({ ...view, state: 'cancelled' });
      reject(new KernelInterruptedError());
    });
    waiting.set(requestId, (file) => {
      stop();
      if (!file) {
        show({ ...view, state: 'cancelled' });
        reject(new UserFacingError('No file was chosen.', 'Run the cell again and pick a file.'));
        return;
      }
      show({ ...view, state: 'received', fileName: file.name });
      resolve(file);
    });
  });
}
