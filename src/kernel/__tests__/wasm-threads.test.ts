import { describe, expect, it } from 'vitest';
import { defaultWasmThreads } from '../wasm-threads';

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
