import { createReadStream, existsSync, readdirSync, statSync } from 'node:fs';
import { join, normalize, relative, resolve, sep } from 'node:path';
import type { Plugin } from 'vite';

/**
 * Serves the git-ignored `data/` folder at `/local-data/` in dev and preview, so book data sets
 * that a user copied there load without an upload. Files never leave the machine.
 * `LOCAL_DATA_DIR` points it elsewhere (the tests use the shared real data files).
 * `/local-data/index.json` lists the files, so the kernel can find a data set in a subfolder.
 */
function listFiles(root: string, dir = root): { path: string; size: number }[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) return listFiles(root, full);
    if (!entry.isFile() || entry.name.startsWith('.')) return [];
    return [{ path: relative(root, full).split(sep).join('/'), size: statSync(full).size }];
  });
}

export function localDataFolder(
  root = resolve(process.cwd(), process.env.LOCAL_DATA_DIR ?? 'data'),
): Plugin {
  const serve = (url: string | undefined, res: import('node:http').ServerResponse): boolean => {
    if (!url?.startsWith('/local-data/')) return false;
    if (url.split('?')[0] === '/local-data/index.json') {
      res.setHeader('Content-Type', 'application/json');
      res.setHeader('Cache-Control', 'no-store');
      res.end(JSON.stringify({ files: listFiles(root) }));
      return true;
    }
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
