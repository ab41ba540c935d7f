/// <reference lib="webworker" />
/**
 * The kernel worker's Content-Security-Policy, written by the service worker. A dedicated
 * worker gets the policy of its own script response (not the page's), so this is where the
 * browser learns which hosts a notebook's cells may reach: the page registers the notebook's
 * granted hosts under a one-time token, starts the kernel from `worker.js?tfnb-policy=<token>`,
 * and the script's response carries `connect-src 'self'` plus those hosts. Every other worker
 * script gets the policy with no hosts, whatever the server sent.
 *
 * Only a window may register a policy: cell code runs in the kernel worker and must not grant
 * itself hosts. Tokens are used once, so a cell cannot start a second kernel with them either.
 */

import { isPermissionHost, KERNEL_POLICY_PARAM, kernelPolicy } from '@/network/policy';
import { isToServiceWorker, type KernelPolicyReply } from '@/protocol';

declare const self: ServiceWorkerGlobalScope;

const registered = new Map<string, readonly string[]>();
/** A token left unused (a tab that closed between the two steps) is dropped after this. */
const TOKEN_LIFETIME_MS = 60_000;

/** Handles a `kernel-policy` message from a window; true when the message was one. */
export function onKernelPolicyMessage(event: ExtendableMessageEvent): boolean {
  const message: unknown = event.data;
  if (!isToServiceWorker(message) || message.type !== 'kernel-policy') return false;
  const port = event.ports[0];
  const source = event.source;
  const fromWindow = source !== null && 'type' in source && source.type === 'window';
  let reply: KernelPolicyReply;
  if (!fromWindow) {
    reply = { type: 'kernel-policy-refused', reason: 'Only a page of the app may grant hosts.' };
  } else {
    const hosts = message.hosts.filter(isPermissionHost);
    registered.set(message.token, hosts);
    setTimeout(() => registered.delete(message.token), TOKEN_LIFETIME_MS);
    reply = { type: 'kernel-policy-registered', token: message.token };
  }
  port?.postMessage(reply);
  return true;
}

/** Whether this fetch is a worker script of the app, whose response must carry the policy. */
export function isWorkerScript(request: Request, url: URL): boolean {
  return request.destination === 'worker' && url.origin === self.location.origin;
}

/** The worker script from the network, with the kernel policy of the token's hosts (or none). */
export async function withKernelPolicy(request: Request, url: URL): Promise<Response> {
  const token = url.searchParams.get(KERNEL_POLICY_PARAM);
  const hosts = (token && registered.get(token)) || [];
  if (token) registered.delete(token);
  const upstream = withoutPolicyParam(url);
  // Offline, a precached copy of the script does as well: the policy is added all the same.
  const response =
    (await fetch(upstream, {
      credentials: request.credentials,
      cache: request.cache === 'only-if-cached' ? 'default' : request.cache,
    }).catch(() => caches.match(upstream))) ?? Response.error();
  if (response.type === 'error') return response;
  const headers = new Headers(response.headers);
  headers.set('Content-Security-Policy', kernelPolicy(hosts));
  return new Response(response.body, {
    status: response.status,
    statusText: response.statusText,
    headers,
  });
}

/**
 * The URL without the token, leaving the rest of the query as written: Vite's dev server matches
 * `?worker_file&type=module` literally, which URLSearchParams would rewrite to `worker_file=`.
 */
function withoutPolicyParam(url: URL): string {
  const kept = url.search
    .slice(1)
    .split('&')
    .filter((part) => part !== '' && !part.startsWith(`${KERNEL_POLICY_PARAM}=`));
  return `${url.origin}${url.pathname}${kept.length ? `?${kept.join('&')}` : ''}`;
}
