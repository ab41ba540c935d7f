import {
  type ApiRequest,
  type ApiRoute,
  type BackendChoice,
  type BackendReport,
  type CellId,
  type CheckpointDownloadFormat,
  type ControlAction,
  type DebuggerAction,
  type FromKernel,
  isFromKernel,
  type KernelStatus,
  type Preset,
  type RereadOptions,
  type RunId,
  type ToKernel,
} from '@/protocol';
import { grantedHosts } from '@/storage/network-grants';
import { registerKernelPolicy } from './kernel-policy';
import { type EarlyKernelEvent, takePrewarmedKernel } from './kernel-prewarm';
import { type SpawnedKernel, spawnKernel } from './kernel-spawn';

/** How long Interrupt waits for the cell to stop before offering a restart. */
export const INTERRUPT_GRACE_MS = 2000;

export interface KernelEvents {
  message(message: FromKernel): void;
  status(status: KernelStatus, backend: BackendReport | null): void;
  /** The kernel died or stopped answering; `message` says what happened, for the user. */
  lost(message: string, hint: string): void;
  /** Interrupt did not stop the running cell within the grace period. */
  unresponsive(): void;
}

let runCounter = 0;
function newRunId(): RunId {
  runCounter++;
  return `run-${Date.now().toString(36)}-${runCounter}` as RunId;
}

/**
 * The page's handle on the kernel worker: start, execute, interrupt (a shared flag when the page
 * is cross-origin isolated, a message otherwise), and restart by terminating and respawning.
 */
export class KernelClient {
  private worker: Worker | null = null;
  private interruptFlag: Int32Array | null = null;
  private status: KernelStatus = 'starting';
  private backend: BackendReport | null = null;
  private runningRun: RunId | null = null;
  private interruptTimer: ReturnType<typeof setTimeout> | null = null;
  /** What the notebook serves under /api (api.run()); empty until then and after a restart. */
  private apiRoutes: ApiRoute[] = [];
  /** Bumped by every stop, so a start still registering its network policy is abandoned. */
  private generation = 0;
  private awaitingPolicy = false;
  /** False until the first start: the page may run a cell before the kernel exists. */
  private started = false;
  private pending: { message: ToKernel; transfer: Transferable[] }[] = [];

  constructor(
    private readonly events: KernelEvents,
    private backendChoice: BackendChoice,
    private preset: Preset = 'book',
    private readonly wasmThreads?: number,
    /** The notebook this kernel serves; its checkpoints record it. */
    private readonly notebook = '',
  ) {}

  /**
   * Starts the kernel: the prewarmed one when it matches this client's options, else a new one.
   * A notebook with granted hosts first registers them with the service worker, so the new
   * kernel's Content-Security-Policy allows them (a restart picks up a new grant this way).
   */
  start(): void {
    // What the page sent before the first start (it waits for the service worker on a first
    // visit; a cell run meanwhile is queued, not lost) goes to that first kernel.
    const beforeStart = this.started ? [] : this.pending;
    this.started = true;
    this.stopWorker();
    this.pending = beforeStart;
    const options = {
      backend: this.backendChoice,
      preset: this.preset,
      wasmThreads: this.wasmThreads,
      notebook: this.notebook,
      networkHosts: grantedHosts(this.notebook),
    };
    const prewarmed = takePrewarmedKernel(options);
    if (prewarmed || options.networkHosts.length === 0) {
      this.adopt(prewarmed ?? spawnKernel(options), prewarmed?.early ?? []);
      return;
    }
    this.setStatus('starting');
    this.awaitingPolicy = true;
    const generation = this.generation;
    void registerKernelPolicy(options.networkHosts).then((token) => {
      if (generation !== this.generation) return;
      this.awaitingPolicy = false;
      this.adopt(spawnKernel(options, token ?? undefined), []);
    });
  }

  private adopt(kernel: SpawnedKernel, early: EarlyKernelEvent[]): void {
    const { worker, interruptBuffer } = kernel;
    this.worker = worker;
    worker.onmessage = (event: MessageEvent<unknown>) => this.fromWorker(worker, event.data);
    worker.onerror = (event) => {
      event.preventDefault();
      this.workerFailed(worker, event.message);
    };
    this.interruptFlag = interruptBuffer ? new Int32Array(interruptBuffer) : null;
    this.setStatus('starting');
    for (const event of early) this.replay(worker, event);
    for (const { message, transfer } of this.pending.splice(0)) this.post(message, transfer);
  }

  private replay(worker: Worker, event: EarlyKernelEvent): void {
    if (event.kind === 'message') this.fromWorker(worker, event.data);
    else this.workerFailed(worker, event.message);
  }

  private fromWorker(worker: Worker, data: unknown): void {
    if (worker === this.worker && isFromKernel(data)) this.receive(data);
  }

  private workerFailed(worker: Worker, message: string): void {
    if (worker !== this.worker) return;
    this.markLost(
      `The kernel crashed${message ? `: ${message}` : ''}.`,
      'Restart the kernel. Your notebook text and outputs are kept.',
    );
  }

  execute(cellId: string, code: string, executionCount: number): RunId {
    const runId = newRunId();
    this.runningRun = runId;
    this.post({ type: 'execute', runId, cellId: cellId as CellId, code, executionCount });
    return runId;
  }

  interrupt(): void {
    if (this.interruptFlag) Atomics.store(this.interruptFlag, 0, 1);
    this.post({ type: 'interrupt' });
    const run = this.runningRun;
    if (this.interruptTimer) clearTimeout(this.interruptTimer);
    this.interruptTimer = setTimeout(() => {
      if (this.status === 'busy' && this.runningRun === run) this.events.unresponsive();
    }, INTERRUPT_GRACE_MS);
  }

  restart(): void {
    this.start();
  }

  setBackend(choice: BackendChoice): void {
    this.backendChoice = choice;
    this.post({ type: 'set-backend', backend: choice });
  }

  setPreset(preset: Preset): void {
    this.preset = preset;
    this.post({ type: 'set-preset', preset });
  }

  reread(previewId: string, options: RereadOptions): void {
    this.post({ type: 'reread', previewId, options });
  }

  /** A Blob (the picked File) is posted as a handle and read in the kernel, off this thread. */
  sendFile(requestId: string, name: string, bytes: ArrayBuffer | Blob): void {
    this.post({ type: 'file', requestId, name, bytes }, bytes instanceof Blob ? [] : [bytes]);
  }

  sendFiles(requestId: string, files: { name: string; bytes: ArrayBuffer }[]): void {
    this.post(
      { type: 'files', requestId, files },
      files.map((f) => f.bytes),
    );
  }

  /** The next fit() saving under `checkpoint` continues from it (Resume after a reload). */
  requestResume(checkpoint: string): void {
    this.post({ type: 'resume', checkpoint });
  }

  downloadCheckpoint(name: string, format: CheckpointDownloadFormat): void {
    this.post({ type: 'download-checkpoint', name, format });
  }

  /** Whether the service worker's `/api/...` requests should come to this kernel. */
  servesApi(): boolean {
    return this.worker !== null && this.apiRoutes.length > 0;
  }

  /** Passes a request and the service worker's reply port on; the kernel answers on the port. */
  relayApiRequest(request: ApiRequest, port: MessagePort): void {
    this.post({ type: 'api-request', request, port }, [
      port,
      ...(request.body ? [request.body] : []),
    ]);
  }

  predict(panelId: string, text: string): void {
    this.post({ type: 'predict', panelId, text });
  }

  /** A drawing pad's 28 × 28 pixels, for its model to classify. */
  classifyDrawing(padId: string, pixels: number[]): void {
    this.post({ type: 'classify-drawing', padId, pixels });
  }

  /** A step debugger's Step / Continue / layer picker. */
  debuggerAction(debuggerId: string, action: DebuggerAction): void {
    this.post({ type: 'debugger', debuggerId, action });
  }

  /** A control panel's button or chosen file (the File itself: the kernel reads it). */
  controlAction(panelId: string, action: ControlAction): void {
    this.post({ type: 'control', panelId, action });
  }

  /** The Save button of the live chart `chartId`. */
  saveRun(chartId: string): void {
    this.post({ type: 'save-run', chartId });
  }

  cancelFile(requestId: string): void {
    this.post({ type: 'file-cancelled', requestId });
  }

  dispose(): void {
    this.started = true;
    this.stopWorker();
  }

  private post(message: ToKernel, transfer: Transferable[] = []): void {
    if (this.worker) this.worker.postMessage(message, transfer);
    // A kernel not started yet, or still registering its network policy, gets what was sent
    // meanwhile, in order.
    else if (!this.started || this.awaitingPolicy) this.pending.push({ message, transfer });
  }

  private stopWorker(): void {
    // A kernel still waiting for its policy is not started after all.
    this.generation++;
    this.awaitingPolicy = false;
    this.pending = [];
    this.worker?.terminate();
    this.worker = null;
    this.runningRun = null;
    this.apiRoutes = [];
    if (this.interruptTimer) clearTimeout(this.interruptTimer);
  }

  private setStatus(status: KernelStatus): void {
    this.status = status;
    this.events.status(status, this.backend);
  }

  private markLost(message: string, hint: string): void {
    this.stopWorker();
    this.setStatus('dead');
    this.events.lost(message, hint);
  }

  private receive(message: FromKernel): void {
    switch (message.type) {
      case 'ready':
      case 'backend':
        this.backend = message.backend;
        this.events.status(this.status, this.backend);
        break;
      case 'status':
        if (message.status === 'idle') this.runningRun = null;
        if (message.status !== 'dead') this.setStatus(message.status);
        break;
      case 'api-routes':
        this.apiRoutes = message.routes;
        break;
      case 'fatal':
        this.events.message(message);
        this.markLost(message.error.message, message.error.hint ?? 'Restart the kernel.');
        return;
      default:
        break;
    }
    this.events.message(message);
  }
}
