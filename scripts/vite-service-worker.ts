import { resolve } from 'node:path';
import type { Plugin } from 'vite';

const SOURCE = 'src/sw/service-worker.ts';
/** At the site root, so its scope covers `/api/` and every page of the app. */
const PUBLIC_PATH = '/sw.js';

/**
 * Builds the TypeScript service worker to `/sw.js`: a chunk of its own in `vite build`, and
 * compiled on request by the dev server. Vite has no service-worker entry of its own, and a
 * worker registered from `/src/...` would only control `/src/`.
 */
export function serviceWorker(): Plugin {
  return {
    name: 'tfnb-service-worker',
    buildStart() {
      if (this.environment?.config.command !== 'build') return;
      if (this.environment.config.consumer !== 'client') return;
      this.emitFile({ type: 'chunk', id: resolve(SOURCE), fileName: PUBLIC_PATH.slice(1) });
    },
    configureServer(server) {
      server.middlewares.use(async (req, res, next) => {
        if (req.url?.split('?')[0] !== PUBLIC_PATH) return next();
        try {
          const result = await server.transformRequest(`/${SOURCE}`);
          if (!result) return next();
          res.setHeader('Content-Type', 'text/javascript');
          res.setHeader('Cache-Control', 'no-cache');
          res.end(result.code);
        } catch (error) {
          next(error);
        }
      });
    },
  };
}
