import { createReadStream, existsSync, statSync } from 'node:fs';
import { join, normalize, resolve } from 'node:path';
import type { Plugin } from 'vite';

/**
 * Serves the git-ignored `data/` folder at `/local-data/` in dev and preview, so book data sets
 * that a user copied there load without an upload. Files never leave the machine.
 */
export function localDataFolder(root = resolve(process.cwd(), 'data')): Plugin {
  const serve = (url: string | undefined, res: import('node:http').ServerResponse): boolean => {
    if (!url?.startsWith('/local-data/')) return false;
    const rel = decodeURIComponent(url.slice('/local-data/'.length).split('?')[0] ?? '');
    const file = normalize(join(root, rel));
    if (!file.startsWith(root) || !existsSync(file) || !statSync(file).isFile()) {
      res.statusCode = 404;
      res.end('not found');
      return true;
    }
    res.setHeader('Content-Length', String(statSync(file).size));
    res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
    createReadStream(file).pipe(res);
    return true;
  };
  return {
    name: 'local-data-folder',
    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        if (!serve(req.url, res)) next();
      });
    },
    configurePreviewServer(server) {
      server.middlewares.use((req, res, next) => {
        if (!serve(req.url, res)) next();
      });
    },
  };
}
