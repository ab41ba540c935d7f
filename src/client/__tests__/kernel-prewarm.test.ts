import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { BackendReport, FromKernel, KernelStatus } from '@/protocol';
import { KernelClient } from '../kernel-client';
import { prewarmKernel, takePrewarmedKernel } from '../kernel-prewarm';
import type { KernelStartOptions } from '../kernel-spawn';

/** Stands in for the kernel worker: records what the page posts, emits what a test says. */
class FakeWorker {
  static all: FakeWorker[] = [];
  posted: unknown[] = [];
  terminated = false;
  onmessage: ((event: MessageEvent<unknown>) => void) | null = null;
  onerror: ((event: ErrorEvent) => void) | null = null;
  constructor() {
    FakeWorker.all.push(this);
  }
  postMessage(message: unknown): void {
    this.posted.push(message);
  }
  terminate(): void {
    this.terminated = true;
  }
  emit(data: FromKernel): void {
    this.onmessage?.({ data } as MessageEvent<unknown>);
  }
}

const options: KernelStartOptions = {
  backend: 'wasm',
  preset: 'book',
  wasmThreads: undefined,
  networkHosts: [],
  notebook: 'book/ch1.ipynb',
};
const backend: BackendReport = { active: 'wasm', notes: [], crossOriginIsolated: false };

function client(events: { statuses: [KernelStatus, BackendReport | null][] }, o = options) {
  return new KernelClient(
    {
      message: () => {},
      status: (status, report) => events.statuses.push([status, report]),
      lost: () => {},
      unresponsive: () => {},
    },
    o.backend,
    o.preset,
    o.wasmThreads,
    o.notebook,
  );
}

describe('prewarmed kernel', () => {
  beforeEach(() => {
    FakeWorker.all = [];
    vi.stubGlobal('Worker', FakeWorker);
  });
  afterEach(() => {
    takePrewarmedKernel(options); // leaves no spare behind for the next test
    vi.unstubAllGlobals();
  });

  it('is taken over by the first client with the same options, replaying what it already said', () => {
    prewarmKernel(options);
    const [worker] = FakeWorker.all;
    expect(worker?.posted).toEqual([expect.objectContaining({ type: 'init', backend: 'wasm' })]);
    worker?.emit({ type: 'ready', protocol: 1, backend });
    worker?.emit({ type: 'status', status: 'idle' });

    const events = { statuses: [] as [KernelStatus, BackendReport | null][] };
    client(events).start();
    expect(FakeWorker.all).toHaveLength(1);
    expect(events.statuses).toEqual([
      ['starting', null],
      ['starting', backend],
      ['idle', backend],
    ]);
  });

  it('is terminated, and a new kernel spawned, when the options differ', () => {
    prewarmKernel(options);
    const events = { statuses: [] as [KernelStatus, BackendReport | null][] };
    client(events, { ...options, notebook: 'book/ch2.ipynb' }).start();
    expect(FakeWorker.all).toHaveLength(2);
    expect(FakeWorker.all[0]?.terminated).toBe(true);
    expect(FakeWorker.all[1]?.posted).toEqual([
      expect.objectContaining({ type: 'init', notebook: 'book/ch2.ipynb' }),
    ]);
  });

  it('is handed out once: a restart spawns a fresh kernel', () => {
    prewarmKernel(options);
    const c = client({ statuses: [] });
    c.start();
    c.restart();
    expect(FakeWorker.all).toHaveLength(2);
    expect(FakeWorker.all[0]?.terminated).toBe(true);
  });
});

describe('a cell run before the kernel has started', () => {
  beforeEach(() => {
    FakeWorker.all = [];
    vi.stubGlobal('Worker', FakeWorker);
  });
  afterEach(() => {
    takePrewarmedKernel(options);
    vi.unstubAllGlobals();
  });

  it('reaches the kernel the first start spawns, after its init', () => {
    // A first visit starts the kernel only once the service worker controls the page.
    const c = client({ statuses: [] });
    c.execute('cell-1', 'tf.getBackend()', 1);
    expect(FakeWorker.all).toHaveLength(0);
    c.start();
    expect(FakeWorker.all[0]?.posted).toEqual([
      expect.objectContaining({ type: 'init' }),
      expect.objectContaining({ type: 'execute', cellId: 'cell-1', code: 'tf.getBackend()' }),
    ]);
  });

  it('reaches the prewarmed kernel the first start takes over', () => {
    prewarmKernel(options);
    const c = client({ statuses: [] });
    c.execute('cell-1', '1 + 1', 1);
    c.start();
    expect(FakeWorker.all).toHaveLength(1);
    expect(FakeWorker.all[0]?.posted.map((m) => (m as { type: string }).type)).toEqual([
      'init',
      'execute',
    ]);
  });

  it('is not sent to the kernel of a later restart', () => {
    const c = client({ statuses: [] });
    c.start();
    c.dispose();
    c.execute('cell-1', '1 + 1', 1);
    c.restart();
    expect(FakeWorker.all[1]?.posted).toEqual([expect.objectContaining({ type: 'init' })]);
  });
});
