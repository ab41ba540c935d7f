import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Plugin } from 'vite';
import { kernelPolicy, pagePolicy } from '../src/network/policy';

/** The documents of the app: the SPA has one page, and hash routes never reach the server. */
function isDocument(url: string | undefined): boolean {
  const path = (url ?? '/').split(/[?#]/)[0] ?? '/';
  const last = path.slice(path.lastIndexOf('/') + 1);
  return last === '' || last.endsWith('.html') || !last.includes('.');
}

/**
 * Every response gets a Content-Security-Policy: documents the page's, everything else the
 * kernel's. Only documents and worker scripts are governed by the policy of their response, so
 * the kernel's policy on a stylesheet or module imported by the page changes nothing, while the
 * kernel worker's script (whatever its hashed name) always carries it.
 */
function setPolicy(dev: boolean) {
  return (req: IncomingMessage, res: ServerResponse, next: () => void) => {
    const policy = isDocument(req.url)
      ? pagePolicy(dev ? { dev: { hmrOrigin: `ws://${req.headers.host ?? 'localhost'}` } } : {})
      : kernelPolicy();
    res.setHeader('Content-Security-Policy', policy);
    // A link in a notebook's markdown could otherwise leak a host name through DNS prefetching,
    // which no CSP directive covers.
    if (isDocument(req.url)) res.setHeader('X-DNS-Prefetch-Control', 'off');
    next();
  };
}

/**
 * The app's Content-Security-Policy on the dev and preview servers, and as a `<meta>` in the
 * built index.html for static hosts that cannot send headers (the service worker then adds the
 * kernel worker's own policy; see src/sw/kernel-policy.ts).
 */
export function contentSecurityPolicy(): Plugin {
  return {
    name: 'tfnb-content-security-policy',
    // First, so responses that other plugins' middlewares end (the dev /sw.js) carry it too.
    enforce: 'pre',
    configureServer(server) {
      server.middlewares.use(setPolicy(true));
    },
    configurePreviewServer(server) {
      server.middlewares.use(setPolicy(false));
    },
    transformIndexHtml: {
      order: 'post',
      handler(_html, context) {
        if (context.server) return [];
        return [
          {
            tag: 'meta',
            attrs: { 'http-equiv': 'Content-Security-Policy', content: pagePolicy({ meta: true }) },
            injectTo: 'head-prepend',
          },
        ];
      },
    },
  };
}
