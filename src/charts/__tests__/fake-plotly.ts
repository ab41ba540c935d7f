import { vi } from 'vitest';
import type { Plotly } from '../plotly-loader';

/** Records the calls a chart makes; stands in for Plotly, whose drawing is not tested here. */
export function fakePlotly() {
  const done = (_el: unknown, _data: unknown, _more?: unknown, _config?: unknown) =>
    Promise.resolve({});
  const api = {
    react: vi.fn(done),
    extendTraces: vi.fn(done),
    purge: vi.fn((_el: unknown) => undefined),
    downloadImage: vi.fn((_el: unknown, _options: unknown) => Promise.resolve('')),
  };
  // Only the four functions the charts call exist; the cast is confined to tests.
  return { api, plotly: api as unknown as Plotly };
}

/** A manual requestAnimationFrame: frames run only when the test says so. */
export function manualFrames() {
  let queue: FrameRequestCallback[] = [];
  vi.stubGlobal('requestAnimationFrame', (cb: FrameRequestCallback) => {
    queue.push(cb);
    return queue.length;
  });
  vi.stubGlobal('cancelAnimationFrame', () => {
    queue = [];
  });
  return {
    pending: () => queue.length,
    async run() {
      const run = queue;
      queue = [];
      for (const cb of run) cb(0);
      // Let the draw promise settle, as the next real frame would.
      await Promise.resolve();
      await Promise.resolve();
    },
  };
}
