import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import type { Plugin } from 'vite';

const SOURCE = 'src/sw/service-worker.ts';
/** At the site root, so its scope covers `/api/` and every page of the app. */
const PUBLIC_PATH = '/sw.js';
/** Where the service worker reads this build's file list (src/sw/precache.ts). */
const PLACEHOLDER = 'self.__TFNB_PRECACHE__';

/**
 * Not precached: the service worker itself, source maps, and the book data sets (fetched when a
 * cell first asks, and kept in IndexedDB by the kernel).
 */
const skip = (path: string) =>
  path === PUBLIC_PATH.slice(1) || path.endsWith('.map') || path.startsWith('datasets/');

function listFiles(root: string, dir = root): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) return listFiles(root, full);
    return entry.isFile() ? [relative(root, full).split(sep).join('/')] : [];
  });
}

/** The precache list of a finished build: every file's path and a hash of its bytes. */
export function precacheManifest(outDir: string): {
  version: string;
  entries: { url: string; revision: string }[];
} {
  const entries = listFiles(outDir)
    .filter((path) => !skip(path))
    .sort()
    .map((path) => ({
      url: `/${path}`,
      revision: createHash('sha256')
        .update(readFileSync(join(outDir, path)))
        .digest('hex')
        .slice(0, 16),
    }));
  const version = createHash('sha256').update(JSON.stringify(entries)).digest('hex').slice(0, 12);
  return { version, entries };
}

/**
 * Builds the TypeScript service worker to `/sw.js`: a chunk of its own in `vite build`, and
 * compiled on request by the dev server. Vite has no service-worker entry of its own, and a
 * worker registered from `/src/...` would only control `/src/`. After the build, the list of
 * built files is written into sw.js, so it can keep the app for offline use; the dev server
 * serves it with an empty list (nothing cached, the network as usual).
 */
export function serviceWorker(): Plugin {
  let outDir: string | null = null;
  return {
    name: 'tfnb-service-worker',
    buildStart() {
      if (this.environment?.config.command !== 'build') return;
      if (this.environment.config.consumer !== 'client') return;
      outDir = resolve(this.environment.config.root, this.environment.config.build.outDir);
      this.emitFile({ type: 'chunk', id: resolve(SOURCE), fileName: PUBLIC_PATH.slice(1) });
    },
    closeBundle: {
      order: 'post',
      sequential: true,
      handler() {
        // Every file is on disk now (chunks, workers, WASM, public/), so the list is complete.
        if (!outDir) return;
        const swPath = join(outDir, PUBLIC_PATH.slice(1));
        const code = readFileSync(swPath, 'utf8');
        if (!code.includes(PLACEHOLDER))
          throw new Error(`${PLACEHOLDER} is not in the built ${PUBLIC_PATH}: nothing to precache`);
        const manifest = JSON.stringify(precacheManifest(outDir));
        writeFileSync(swPath, code.replace(PLACEHOLDER, manifest));
        outDir = null;
      },
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
