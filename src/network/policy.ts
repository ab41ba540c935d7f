/**
 * The Content-Security-Policy of the app, in one place for every server that sends it: the Vite
 * dev and preview servers, the `<meta>` of the built index.html, the `_headers` file of a static
 * deploy, and the service worker (which adds a notebook's granted hosts to the kernel's policy).
 *
 * Two policies, because Chromium gives a dedicated worker the policy of its own script response
 * and not the page's: the page's, and the kernel worker's. Both allow connections to the app's
 * own origin only; the kernel's adds the hosts a notebook was granted.
 */

/** A host as a permission names it: a DNS name or IPv4 address, with a port when not the default. */
const HOST =
  /^(?:[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?\.)*[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?(?::\d{1,5})?$/;
/** An IPv6 literal in brackets, with an optional port. */
const HOST_V6 = /^\[[0-9a-f:.]+\](?::\d{1,5})?$/;

/**
 * Whether `host` is a plain host[:port]. Only such strings become CSP sources: anything else
 * (a `;`, a space, a wildcard) could widen the policy it is written into.
 */
export function isPermissionHost(host: string): boolean {
  return host.length <= 260 && (HOST.test(host) || HOST_V6.test(host));
}

/**
 * The host a request to `url` needs permission for (`example.com`, `127.0.0.1:4455`), or null
 * for the app's own origin and for URLs that never leave the browser (blob:, data:).
 */
export function hostNeedingPermission(url: string, appOrigin: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url, appOrigin);
  } catch {
    return null;
  }
  if (!/^(https?|wss?):$/.test(parsed.protocol)) return null;
  const asHttp = parsed.protocol.replace(/^ws/, 'http');
  if (`${asHttp}//${parsed.host}` === appOrigin) return null;
  return parsed.host;
}

/** The CSP sources of granted hosts: a host is granted for http, https, ws and wss alike. */
export function hostSources(hosts: readonly string[]): string[] {
  return hosts
    .filter(isPermissionHost)
    .flatMap((h) => [`http://${h}`, `https://${h}`, `ws://${h}`, `wss://${h}`]);
}

function serialize(directives: Record<string, string[]>): string {
  return Object.entries(directives)
    .map(([name, sources]) => [name, ...sources].join(' '))
    .join('; ');
}

export interface PagePolicyOptions {
  /**
   * The Vite dev server: React's refresh preamble is an inline script, and the HMR client
   * connects to this websocket origin (e.g. `ws://localhost:5173`).
   */
  dev?: { hmrOrigin: string };
  /** The `<meta>` form: frame-ancestors is ignored there (and warned about), so it is left out. */
  meta?: boolean;
}

/**
 * The page's policy. Markdown and HTML outputs come from notebooks, so images, fonts, styles'
 * url()s, frames and forms are held to the app's origin too (data: and blob: never leave it).
 */
export function pagePolicy(options: PagePolicyOptions = {}): string {
  const directives: Record<string, string[]> = {
    'default-src': ["'self'"],
    'script-src': ["'self'", "'wasm-unsafe-eval'", ...(options.dev ? ["'unsafe-inline'"] : [])],
    'style-src': ["'self'", "'unsafe-inline'"],
    'img-src': ["'self'", 'data:', 'blob:'],
    'font-src': ["'self'", 'data:'],
    'media-src': ["'self'", 'data:', 'blob:'],
    'connect-src': ["'self'", ...(options.dev ? [options.dev.hmrOrigin] : [])],
    'worker-src': ["'self'", 'blob:'],
    'frame-src': ["'self'", 'blob:', 'data:'],
    'object-src': ["'none'"],
    'base-uri': ["'self'"],
    'form-action': ["'self'"],
  };
  if (!options.meta) directives['frame-ancestors'] = ["'self'"];
  return serialize(directives);
}

/**
 * The kernel worker's policy. The kernel evaluates cell code ('unsafe-eval') and compiles tfjs's
 * WASM ('wasm-unsafe-eval'); tfjs's threaded WASM backend starts its helpers from blob: URLs,
 * which inherit this same policy. Same-origin workers are not allowed: their script response
 * would bring a policy of its own.
 */
export function kernelPolicy(grantedHosts: readonly string[] = []): string {
  return serialize({
    'default-src': ["'self'"],
    'script-src': ["'self'", "'unsafe-eval'", "'wasm-unsafe-eval'", 'blob:'],
    'connect-src': ["'self'", ...hostSources(grantedHosts)],
    'img-src': ["'self'", 'data:', 'blob:'],
    'font-src': ["'self'", 'data:'],
    'worker-src': ['blob:'],
    'object-src': ["'none'"],
    'base-uri': ["'self'"],
  });
}

/** The query parameter of the kernel's script URL that names its policy at the service worker. */
export const KERNEL_POLICY_PARAM = 'tfnb-policy';
