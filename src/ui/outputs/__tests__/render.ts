import { act, type ReactNode } from 'react';
import { createRoot, type Root } from 'react-dom/client';

// Tells React that this environment flushes effects inside act(), as testing-library does.
Reflect.set(globalThis, 'IS_REACT_ACT_ENVIRONMENT', true);

/** Mounts into a fresh container; the tests read the DOM as a user (or an e2e test) would. */
export async function render(node: ReactNode): Promise<{
  container: HTMLElement;
  rerender: (next: ReactNode) => Promise<void>;
  unmount: () => Promise<void>;
}> {
  const container = document.createElement('div');
  document.body.append(container);
  let root: Root | undefined;
  await act(async () => {
    root = createRoot(container);
    root.render(node);
  });
  return {
    container,
    rerender: (next) => act(async () => root?.render(next)),
    unmount: async () => {
      await act(async () => root?.unmount());
      container.remove();
    },
  };
}
