import type { ApiReply, ApiRequest, FromServiceWorker } from '@/protocol';

/** Where a relayed request goes: the open notebook's kernel, when it serves routes. */
export interface ApiTarget {
  serves(): boolean;
  relay(request: ApiRequest, port: MessagePort): void;
}

let target: ApiTarget | null = null;

/** The notebook view sets its kernel here while open, and null when it closes. */
export function setApiTarget(next: ApiTarget | null): void {
  target = next;
}

function isApiRequest(value: unknown): value is FromServiceWorker {
  return (
    typeof value === 'object' &&
    value !== null &&
    'type' in value &&
    value.type === 'api-request' &&
    'request' in value
  );
}

function onServiceWorkerMessage(event: MessageEvent<unknown>): void {
  const port = event.ports[0];
  if (!port || !isApiRequest(event.data)) return;
  if (target?.serves()) {
    // The kernel answers on the port itself; the page only passes it on.
    target.relay(event.data.request, port);
    return;
  }
  const reply: ApiReply = { type: 'not-serving' };
  port.postMessage(reply);
}

/** On a first visit the service worker installs in well under this; later visits wait nothing. */
const FIRST_VISIT_WAIT_MS = 3000;

/**
 * Resolves once this page is controlled by the service worker, or after a short wait when it
 * cannot be. The kernel worker must start after that: a dedicated worker keeps the controller it
 * was created under (clients.claim() does not reach it), so a kernel started on a first visit
 * before the service worker took over could never serve or call `/api/...`.
 */
export function serviceWorkerControlling(): Promise<void> {
  if (!('serviceWorker' in navigator) || navigator.serviceWorker.controller)
    return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      navigator.serviceWorker.removeEventListener('controllerchange', done);
      resolve();
    };
    const timer = setTimeout(done, FIRST_VISIT_WAIT_MS);
    navigator.serviceWorker.addEventListener('controllerchange', done);
  });
}

/**
 * Registers `/sw.js`, the service worker that answers `/api/...` from the notebook's kernel.
 * Without service workers (a private window in some browsers, or http on a LAN address) the
 * app works as before; only `api.run()` explains that the web API needs them.
 */
export function registerApiServiceWorker(): void {
  if (!('serviceWorker' in navigator)) return;
  navigator.serviceWorker.addEventListener('message', onServiceWorkerMessage);
  navigator.serviceWorker.register('/sw.js', { type: 'module', scope: '/' }).catch(() => {
    // Reported where it matters: api.run() checks that requests reach the service worker.
  });
}
