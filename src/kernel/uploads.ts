import { MIME, type UploadRequestView } from '@/protocol';
import { UserFacingError } from '@/utils/errors';
import { displayBundle } from './display';
import { KernelInterruptedError, onInterrupt } from './lib/interrupt';

export interface UploadedFile {
  name: string;
  bytes: ArrayBuffer;
}

interface UploadOptions {
  accept?: string[];
  prompt?: string;
}

const waiting = new Map<string, (files: UploadedFile[] | null | Error) => void>();
let nextRequest = 0;

/** Called by the message handler when the page answers an upload prompt. */
export function deliverFile(requestId: string, file: UploadedFile | null): void {
  deliverFiles(requestId, file ? [file] : null);
}

export function deliverFiles(requestId: string, files: UploadedFile[] | null): void {
  waiting.get(requestId)?.(files);
  waiting.delete(requestId);
}

/** The picked file could not be read (moved or changed on disk since it was picked). */
export function failUpload(requestId: string, name: string, error: unknown): void {
  const why = error instanceof Error ? error.message : String(error);
  waiting.get(requestId)?.(
    new UserFacingError(
      `${name} could not be read: ${why}`,
      'Check that the file is still there and unchanged, then run the cell again and pick it.',
    ),
  );
  waiting.delete(requestId);
}

function prompt(options: UploadOptions, multiple: boolean): Promise<UploadedFile[]> {
  const requestId = `upload-${++nextRequest}`;
  const view: UploadRequestView = {
    requestId,
    prompt: options.prompt ?? 'Choose a file',
    accept: options.accept ?? [],
    state: 'waiting',
    ...(multiple ? { multiple } : {}),
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
    waiting.set(requestId, (files) => {
      stop();
      if (files instanceof Error) {
        show({ ...view, state: 'cancelled' });
        reject(files);
        return;
      }
      if (!files || files.length === 0) {
        show({ ...view, state: 'cancelled' });
        reject(new UserFacingError('No file was chosen.', 'Run the cell again and pick a file.'));
        return;
      }
      show({ ...view, state: 'received', fileName: files.map((f) => f.name).join(', ') });
      resolve(files);
    });
  });
}

/**
 * Shows an upload prompt in the running cell's output and resolves with the file the user picks.
 * The bytes come straight from the page's file input: they never leave the browser.
 */
export async function requestUpload(options: UploadOptions = {}): Promise<UploadedFile> {
  const [file] = await prompt(options, false);
  if (!file) throw new UserFacingError('No file was chosen.');
  return file;
}

/** The same prompt taking several files at once (a model.json with its weight files). */
export function requestUploads(options: UploadOptions = {}): Promise<UploadedFile[]> {
  return prompt(options, true);
}
