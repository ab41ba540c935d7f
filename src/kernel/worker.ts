/// <reference lib="webworker" />

import { PROTOCOL_VERSION, type SerializedError, type ToKernel, type ToKernelOf } from '@/protocol';
import { assertNever } from '@/utils/assert-never';
import { forgetActiveBackend, selectBackend } from './backend';
import { toMimeBundle } from './display';
import { defineGlobals, describeCellError, executeCell } from './execute';
import { answerApiRequest } from './lib/api/server';
import { offerDownload } from './lib/checkpoint/api';
import { modelBundle } from './lib/checkpoint/download';
import { setKernelNotebook } from './lib/checkpoint/notebook-id';
import { requestResume } from './lib/checkpoint/resume-request';
import { requestRunSave } from './lib/checkpoint/save-request';
import { getCheckpoint } from './lib/checkpoint/store';
import { answerControl } from './lib/controls/panel';
import { reread } from './lib/data-api';
import { answerDebugger } from './lib/debugger/stepper';
import { answerDrawing } from './lib/drawing-pad';
import {
  clearInterrupt,
  KernelInterruptedError,
  onInterrupt,
  requestInterrupt,
  setInterruptBuffer,
} from './lib/interrupt';
import { setMutation } from './lib/mutations';
import { answerPredict } from './lib/predict/panel';
import { definePresetGlobal, setPreset } from './lib/preset';
import { installNetworkGuard, setGrantedHosts } from './network-guard';
import { post } from './post';
import { setCurrentRun } from './run-context';
import { cellGlobals, installHooks, kernelImport } from './scope';
import { captureConsole, flushStreams, writeStream } from './streams';
import { deliverFile, deliverFiles } from './uploads';
import { configureWasmThreads } from './wasm-threads';

/** Errors after which the kernel's memory or backend cannot be trusted: only a restart helps. */
const FATAL =
  /Aborted\(|out of memory|Array buffer allocation failed|Cannot enlarge memory|WebAssembly\.Memory|memory access out of bounds|device was lost/i;

let ready: Promise<void> = Promise.resolve();
let queue: Promise<void> = Promise.resolve();

function fatal(error: SerializedError): void {
  // A backend that broke this badly is trained on again at the next start, not trusted.
  void forgetActiveBackend();
  post({
    type: 'fatal',
    error: {
      ...error,
      hint: 'The kernel ran out of memory or its backend broke. Restart the kernel: your notebook and its outputs are kept. Then try a smaller batch or model.',
    },
  });
  post({ type: 'status', status: 'dead' });
}

async function init(msg: ToKernelOf<'init'>): Promise<void> {
  post({ type: 'status', status: 'starting' });
  setInterruptBuffer(msg.interruptBuffer);
  setKernelNotebook(msg.notebook ?? '');
  captureConsole(self.console);
  setGrantedHosts(msg.networkHosts ?? []);
  installNetworkGuard();
  installHooks();
  defineGlobals({ ...cellGlobals(), __kernelImport: kernelImport });
  setPreset(msg.preset ?? 'book');
  definePresetGlobal();
  try {
    configureWasmThreads(msg.wasmThreads);
    const backend = await selectBackend(msg.backend);
    // After the backend's training check, which a broken optimizer would fail.
    setMutation(msg.mutate);
    post({ type: 'ready', protocol: PROTOCOL_VERSION, backend });
    post({ type: 'status', status: 'idle' });
  } catch (error) {
    fatal(describeCellError(error, ''));
  }
}

async function execute(msg: ToKernelOf<'execute'>): Promise<void> {
  await ready;
  clearInterrupt();
  setCurrentRun({ runId: msg.runId, cellId: msg.cellId, executionCount: msg.executionCount });
  post({ type: 'status', status: 'busy' });
  const tag = `cell-${msg.executionCount}.ts`;
  const started = performance.now();
  // A cell stuck awaiting something that never settles still ends when Interrupt is pressed.
  let stopWaiting = () => {};
  const interrupted = new Promise<never>((_, reject) => {
    stopWaiting = onInterrupt(() => reject(new KernelInterruptedError()));
  });
  try {
    const value = await Promise.race([executeCell(msg.code, tag), interrupted]);
    flushStreams();
    const data = toMimeBundle(value);
    if (data)
      post({
        type: 'result',
        runId: msg.runId,
        cellId: msg.cellId,
        data,
        executionCount: msg.executionCount,
      });
    post({
      type: 'done',
      runId: msg.runId,
      cellId: msg.cellId,
      durationMs: performance.now() - started,
    });
  } catch (error) {
    flushStreams();
    const described = describeCellError(error, tag);
    post({
      type: 'error',
      runId: msg.runId,
      cellId: msg.cellId,
      error: described,
      durationMs: performance.now() - started,
    });
    if (FATAL.test(described.message)) {
      fatal(described);
      return;
    }
  } finally {
    stopWaiting();
  }
  post({ type: 'status', status: 'idle' });
}

/** The page's Download button: runs beside a training cell, which yields between batches. */
async function downloadCheckpoint(msg: ToKernelOf<'download-checkpoint'>): Promise<void> {
  try {
    offerDownload(await modelBundle(await getCheckpoint(msg.name), msg.format));
  } catch (error) {
    post({ type: 'checkpoint-failed', name: msg.name, error: describeCellError(error, '') });
  }
}

self.onmessage = (event: MessageEvent<ToKernel>) => {
  const msg = event.data;
  switch (msg.type) {
    case 'init':
      ready = init(msg);
      return;
    case 'execute':
      queue = queue.then(() => execute(msg));
      return;
    case 'interrupt':
      requestInterrupt();
      return;
    case 'set-backend':
      queue = queue.then(async () => {
        post({ type: 'status', status: 'busy' });
        try {
          post({ type: 'backend', backend: await selectBackend(msg.backend) });
        } catch (error) {
          fatal(describeCellError(error, ''));
          return;
        }
        post({ type: 'status', status: 'idle' });
      });
      return;
    case 'set-preset':
      // Queued, so a cell already running keeps the schedule it started with.
      queue = queue.then(() => setPreset(msg.preset));
      return;
    case 'file':
      // The picked File goes on as a Blob: the page never holds or copies its bytes, and a
      // table is parsed from its slices (data.upload), other readers read it whole.
      deliverFile(msg.requestId, { name: msg.name, bytes: msg.bytes });
      return;
    case 'file-cancelled':
      deliverFile(msg.requestId, null);
      return;
    case 'reread':
      queue = queue.then(async () => {
        post({ type: 'status', status: 'busy' });
        await reread(msg.previewId, msg.options);
        post({ type: 'status', status: 'idle' });
      });
      return;
    case 'files':
      deliverFiles(msg.requestId, msg.files);
      return;
    case 'resume':
      requestResume(msg.checkpoint);
      return;
    case 'download-checkpoint':
      void downloadCheckpoint(msg);
      return;
    case 'api-request':
      // At once, not queued: the cell that sent the request is usually the one awaiting it.
      void answerApiRequest(msg.request, msg.port);
      return;
    case 'predict':
      void answerPredict(msg.panelId, msg.text);
      return;
    case 'save-run':
      requestRunSave(msg.chartId);
      return;
    case 'classify-drawing':
      answerDrawing(msg.padId, msg.pixels);
      return;
    case 'debugger':
      // Queued like a cell: a step trains the model, which a running cell may be using.
      queue = queue.then(async () => {
        post({ type: 'status', status: 'busy' });
        await answerDebugger(msg.debuggerId, msg.action);
        post({ type: 'status', status: 'idle' });
      });
      return;
    case 'control':
      // Queued like a cell: the handler is the notebook's code, and may train.
      queue = queue.then(async () => {
        post({ type: 'status', status: 'busy' });
        await answerControl(msg.panelId, msg.action);
        post({ type: 'status', status: 'idle' });
      });
      return;
    default:
      assertNever(msg);
  }
};

// Errors thrown by callbacks a cell left behind (timers, promises) land in the latest cell.
self.addEventListener('error', (event) => {
  writeStream('stderr', `Uncaught error: ${event.message}\n`);
  flushStreams();
  event.preventDefault();
});
self.addEventListener('unhandledrejection', (event) => {
  const reason: unknown = event.reason;
  writeStream(
    'stderr',
    `Unhandled promise rejection: ${reason instanceof Error ? reason.message : String(reason)}\n`,
  );
  flushStreams();
  event.preventDefault();
});
