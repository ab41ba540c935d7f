import { describe, expect, it } from 'vitest';
import { defaultWasmThreads, wasmThreadsFor } from '../wasm-thread-choice';

describe('default WASM threads', () => {
  it('takes the single-threaded binary where tfjs would run one thread anyway', () => {
    expect(defaultWasmThreads(2)).toBe(1);
    expect(defaultWasmThreads(3)).toBe(1);
    expect(defaultWasmThreads(undefined)).toBe(1);
  });

  it("leaves tfjs's own pool on machines with 4 or more logical cores", () => {
    expect(defaultWasmThreads(4)).toBeUndefined();
    expect(defaultWasmThreads(16)).toBeUndefined();
  });
});

describe('WASM threads for a notebook', () => {
  it('gives a notebook of large convolutions two threads on a 2- or 3-core machine', () => {
    expect(wasmThreadsFor(undefined, 'threaded', 2)).toBe(2);
    expect(wasmThreadsFor(undefined, 'threaded', 3)).toBe(2);
  });

  it("leaves tfjs's own pool on bigger machines and the default for other notebooks", () => {
    expect(wasmThreadsFor(undefined, 'threaded', 8)).toBeUndefined();
    expect(wasmThreadsFor(undefined, undefined, 2)).toBeUndefined();
  });

  it('never asks a single core for a second thread', () => {
    expect(wasmThreadsFor(undefined, 'threaded', 1)).toBeUndefined();
    expect(wasmThreadsFor(undefined, 'threaded', undefined)).toBeUndefined();
  });

  it("keeps the user's own setting over the notebook's", () => {
    expect(wasmThreadsFor(1, 'threaded', 2)).toBe(1);
    expect(wasmThreadsFor(4, undefined, 2)).toBe(4);
  });
});
