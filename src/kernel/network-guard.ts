/// <reference lib="webworker" />
/**
 * The kernel's side of network permissions. The browser enforces them: the kernel worker's
 * Content-Security-Policy allows the app's origin and the notebook's granted hosts only (see
 * src/network/policy.ts), and eval'd cell code cannot lift it. This module makes a refusal
 * readable: the usual ways out (fetch, XMLHttpRequest, WebSocket, EventSource) fail at once with
 * a NetworkPermissionError naming the host, and any request the browser blocks anyway (a saved
 * reference, a dynamic import) is reported to the page, which asks the user.
 */
import { hostNeedingPermission } from '@/network/policy';
import { UserFacingError } from '@/utils/errors';
import { post } from './post';
import { currentRun } from './run-context';

export class NetworkPermissionError extends UserFacingError {
  override name = 'NetworkPermissionError';
  constructor(
    readonly host: string,
    purpose?: string,
  ) {
    super(
      `This notebook may not reach ${host}${purpose ? ` (${purpose})` : ''}: nothing was sent. Data leaves the browser only for hosts you allow.`,
      `Choose "Allow ${host}" in the network prompt above the notebook (the kernel restarts), then run the cell again. Allowed hosts are listed, and can be revoked, under Your data.`,
    );
  }
}

let granted: ReadonlySet<string> = new Set();
const reported = new Set<string>();

/** The hosts this kernel's policy allows (the page passes them in `init`). */
export function setGrantedHosts(hosts: readonly string[]): void {
  granted = new Set(hosts);
}

/** The host `url` needs and the notebook lacks, or null when the request may go. */
export function missingPermission(url: string): string | null {
  const host = hostNeedingPermission(url, self.location.origin);
  return host !== null && !granted.has(host) ? host : null;
}

/** Tells the page once per host, so it can ask the user; `purpose` says what wanted it. */
export function reportBlocked(host: string, purpose?: string): void {
  if (reported.has(host)) return;
  reported.add(host);
  const run = currentRun();
  post({
    type: 'network-blocked',
    host,
    ...(purpose ? { purpose } : {}),
    ...(run ? { cellId: run.cellId } : {}),
  });
}

/** Throws (and reports) when `url` goes to a host the notebook was not granted. */
export function checkNetworkPermission(url: string, purpose?: string): void {
  const host = missingPermission(url);
  if (host === null) return;
  reportBlocked(host, purpose);
  throw new NetworkPermissionError(host, purpose);
}

function urlOf(input: unknown): string {
  if (input instanceof Request) return input.url;
  return String(input);
}

let installed = false;

/** Replaces the network globals cells see with checked ones, and listens for CSP refusals. */
export function installNetworkGuard(): void {
  if (installed) return;
  installed = true;
  const scope = self as WorkerGlobalScope & typeof globalThis;

  const rawFetch = scope.fetch.bind(scope);
  scope.fetch = (input: RequestInfo | URL, init?: RequestInit) => {
    try {
      checkNetworkPermission(urlOf(input));
    } catch (error) {
      return Promise.reject(error);
    }
    return rawFetch(input, init);
  };

  const rawOpen = XMLHttpRequest.prototype.open;
  XMLHttpRequest.prototype.open = function open(
    this: XMLHttpRequest,
    method: string,
    url: string | URL,
    ...rest: [boolean?, string?, string?]
  ) {
    checkNetworkPermission(String(url));
    return (rawOpen as (...args: unknown[]) => void).call(this, method, url, ...rest);
  } as typeof XMLHttpRequest.prototype.open;

  const RawWebSocket = scope.WebSocket;
  scope.WebSocket = class extends RawWebSocket {
    constructor(url: string | URL, protocols?: string | string[]) {
      checkNetworkPermission(String(url));
      super(url, protocols);
    }
  };

  if (typeof scope.EventSource === 'function') {
    const RawEventSource = scope.EventSource;
    scope.EventSource = class extends RawEventSource {
      constructor(url: string | URL, init?: EventSourceInit) {
        checkNetworkPermission(String(url));
        super(url, init);
      }
    };
  }

  // Whatever got past the checks above is stopped by the browser; the page still hears of it.
  // Only connections are asked about: a grant widens connect-src, never where code may come
  // from, so a blocked import() or importScripts() from another host stays blocked.
  scope.addEventListener('securitypolicyviolation', (event) => {
    // Fired on WorkerGlobalScope too, though lib.webworker does not list it.
    const violation = event as SecurityPolicyViolationEvent;
    if (violation.effectiveDirective !== 'connect-src') return;
    const host = hostNeedingPermission(violation.blockedURI, scope.location.origin);
    if (host !== null) reportBlocked(host);
  });
}
