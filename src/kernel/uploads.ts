import { MIME, type UploadRequestView } from '@/protocol';
import { UserFacingError } from '@/utils/errors';
import { displayBundle } from './display';
import { KernelInterruptedError, onInterrupt } from './lib/interrupt';

export interface UploadedFile {
  name: string;
  bytes: ArrayBuffer;
}

/**
 * What the page answers with: the picked File itself (a Blob whose bytes the browser keeps), or
 * bytes where the page already holds them.
 */
export interface PickedFile {
  name: string;
  bytes: ArrayBuffer | Blob;
}

interface UploadOptions {
  accept?: string[];
  prompt?: string;
}

const waiting = new Map<string, (files: PickedFile[] | null | Error) => void>();
let nextRequest = 0;

/** Called by the message handler when the page answers an upload prompt. */
export function deliverFile(requestId: string, file: PickedFile | null): void {
  deliverFiles(requestId, file ? [file] : null);
}

export function deliverFiles(requestId: string, files: PickedFile[] | null): void {
  waiting.get(requestId)?.(files);
  waiting.delete(requestId);
}

/** The picked file could not be read (moved or changed on disk since it was picked). */
function unreadable(name: string, error: unknown): UserFacingError {
  const why = error instanceof Error ? error.message : String(error);
  return new UserFacingError(
    `${name} could not be read: ${why}`,
    'Check that the file is still there and unchanged, then run the cell again and pick it.',
  );
}

/** A picked file's bytes in the kernel's memory, for readers that need them all at once. */
export async function readPicked(file: PickedFile): Promise<UploadedFile> {
  if (file.bytes instanceof ArrayBuffer) return { name: file.name, bytes: file.bytes };
  try {
    return { name: file.name, bytes: await file.bytes.arrayBuffer() };
  } catch (error) {
    throw unreadable(file.name, error);
  }
}

function prompt(options: UploadOptions, multiple: boolean): Promise<PickedFile[]> {
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
  return readPicked(await requestPicked(options));
}

/** The same prompt, the file left as the page gave it (a table is parsed from its slices). */
export async function requestPicked(options: UploadOptions = {}): Promise<PickedFile> {
  const [file] = await prompt(options, false);
  if (!file) throw new UserFacingError('No file was chosen.');
  return file;
}

/** The same prompt taking several files at once (a model.json with its weight files). */
export async function requestUploads(options: UploadOptions = {}): Promise<UploadedFile[]> {
  return Promise.all((await prompt(options, true)).map(readPicked));
}
