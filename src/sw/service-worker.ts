/// <reference lib="webworker" />
/**
 * The in-browser web server of the notebooks: answers same-origin requests to `/api/...` with the
 * routes a notebook's kernel serves (`api.route()` in a cell), as the books' Flask apps do on
 * 127.0.0.1:5000. Nothing leaves the browser: the request goes to an open tab, whose kernel
 * worker answers on a MessagePort. Worker scripts get the kernel's Content-Security-Policy
 * (kernel-policy.ts). It also keeps the built app for offline use (precache.ts); every other
 * request goes to the network untouched.
 */
import type { ApiReply, ApiRequest, ApiResponse, FromServiceWorker } from '@/protocol';
import { isWorkerScript, onKernelPolicyMessage, withKernelPolicy } from './kernel-policy';
import { cachedAnswer, dropOldCaches, type PrecacheManifest, precache } from './precache';

declare const self: ServiceWorkerGlobalScope & { __TFNB_PRECACHE__?: PrecacheManifest };

/** The build writes this build's file list here; the dev server has none (nothing is cached). */
const MANIFEST: PrecacheManifest = self.__TFNB_PRECACHE__ ?? { version: 'dev', entries: [] };

const API_PREFIX = '/api/';
const PING_PATH = '/api/__ping';
/** A handler that takes longer than this is reported, instead of leaving the request hanging. */
const REPLY_TIMEOUT_MS = 60_000;

self.addEventListener('install', (event) => {
  void self.skipWaiting();
  // The built app (~6 MB, mostly what the kernel loads anyway) is cached before this worker
  // takes over, so the first visit already works offline afterwards.
  if (MANIFEST.entries.length > 0) event.waitUntil(precache(MANIFEST));
});

self.addEventListener('activate', (event) => {
  // Take over the open tabs and their kernel workers now, not after their next reload.
  event.waitUntil(Promise.all([self.clients.claim(), dropOldCaches(MANIFEST)]));
});

// The kernel worker's Content-Security-Policy, with the notebook's granted hosts.
self.addEventListener('message', (event) => {
  onKernelPolicyMessage(event);
});

self.addEventListener('fetch', (event) => {
  const url = new URL(event.request.url);
  if (isWorkerScript(event.request, url)) {
    event.respondWith(withKernelPolicy(event.request, url));
    return;
  }
  if (url.origin !== self.location.origin) return;
  if (url.pathname.startsWith(API_PREFIX)) {
    event.respondWith(answer(event.request, url));
    return;
  }
  const cached = cachedAnswer(MANIFEST, event.request, url);
  if (cached) event.respondWith(cached);
});

/** Headers every answer carries: the app is cross-origin isolated, so frames need them too. */
function baseHeaders(contentType: string): Headers {
  return new Headers({
    'Content-Type': contentType,
    'Cache-Control': 'no-store',
    'Cross-Origin-Embedder-Policy': 'require-corp',
    'Cross-Origin-Resource-Policy': 'same-origin',
    'X-Served-By': 'tfnb-service-worker',
  });
}

function problem(status: number, error: string, hint: string): Response {
  return new Response(JSON.stringify({ status: 'error', error, hint }), {
    status,
    headers: baseHeaders('application/json'),
  });
}

async function answer(request: Request, url: URL): Promise<Response> {
  if (url.pathname === PING_PATH) {
    return new Response(JSON.stringify({ ok: true }), { headers: baseHeaders('application/json') });
  }
  const relayed: ApiRequest = {
    method: request.method,
    path: url.pathname.slice(API_PREFIX.length - 1),
    search: url.search,
    headers: [...request.headers.entries()],
    body:
      request.method === 'GET' || request.method === 'HEAD' ? null : await request.arrayBuffer(),
  };
  const found = await self.clients.matchAll({ type: 'window', includeUncontrolled: false });
  // The focused tab first: with the notebook open in two tabs, the one the user looks at answers.
  const windows = [...found].sort((a, b) => Number(b.focused) - Number(a.focused));
  for (const client of windows) {
    const reply = await ask(client, relayed);
    if (reply === 'timeout') {
      return problem(
        504,
        `The notebook did not answer ${request.method} ${url.pathname} within ${REPLY_TIMEOUT_MS / 1000} s.`,
        'A long cell may be blocking the kernel, or the route handler never returns.',
      );
    }
    if (reply?.type === 'response') return toResponse(reply.response);
  }
  return problem(
    503,
    `No open notebook serves ${request.method} ${url.pathname}.`,
    'Run the notebook cell that declares the route with api.route(...) and starts it with api.run(), in a tab of this app, then send the request again.',
  );
}

/** Asks one tab; undefined when it has no kernel serving (or the tab is gone). */
function ask(client: Client, request: ApiRequest): Promise<ApiReply | 'timeout' | undefined> {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    const timer = setTimeout(() => {
      channel.port1.close();
      resolve('timeout');
    }, REPLY_TIMEOUT_MS);
    channel.port1.onmessage = (event: MessageEvent<ApiReply>) => {
      clearTimeout(timer);
      channel.port1.close();
      resolve(event.data);
    };
    const message: FromServiceWorker = { type: 'api-request', request };
    const transfer: Transferable[] = [channel.port2];
    if (request.body) transfer.push(request.body);
    client.postMessage(message, transfer);
  });
}

function toResponse(response: ApiResponse): Response {
  const headers = baseHeaders('text/plain; charset=utf-8');
  for (const [name, value] of response.headers) headers.set(name, value);
  const bodyless = response.status === 204 || response.status === 304;
  return new Response(bodyless ? null : response.body, {
    status: response.status,
    statusText: response.statusText,
    headers,
  });
}
