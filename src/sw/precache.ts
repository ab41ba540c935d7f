/// <reference lib="webworker" />
/**
 * Offline after the first visit: the service worker keeps the whole built app (the shell, the
 * kernel worker, the WASM binaries, the lazy chunks such as Plotly) in one Cache Storage cache
 * per build. The build writes the list into sw.js (scripts/vite-service-worker.ts), so a new
 * build is a new sw.js, which the browser installs beside the old one.
 *
 * Book data sets are not in it: they are fetched when a cell first asks (`/datasets/…`) and kept
 * in IndexedDB by the kernel, so each is stored once. `/local-data/` is never cached either.
 */

export interface PrecacheEntry {
  /** Absolute path on this origin, e.g. `/assets/worker-BLhXKoB7.js`. */
  url: string;
  /** A hash of the file's bytes. */
  revision: string;
}

export interface PrecacheManifest {
  version: string;
  entries: PrecacheEntry[];
}

const PREFIX = 'tfnb-app-';
const SHELL = '/index.html';

export const cacheName = (m: PrecacheManifest) => `${PREFIX}${m.version}`;

/** Vite's hashed file names never change content, so an older build's copy can be reused. */
const immutable = (url: string) => url.startsWith('/assets/');

/**
 * Fills this build's cache. A file that fails is skipped, not fatal: the install must not fail,
 * or the notebook web API (/api/…) this worker also serves would be lost with it.
 */
export async function precache(m: PrecacheManifest): Promise<{ cached: number; failed: string[] }> {
  const cache = await caches.open(cacheName(m));
  const failed: string[] = [];
  let done = 0;
  await Promise.all(
    m.entries.map(async ({ url }) => {
      try {
        if (await cache.match(url)) {
          done++;
          return;
        }
        const previous = immutable(url) ? await caches.match(url) : undefined;
        // Non-hashed files (index.html) are revalidated, so the cache holds this build's copy.
        const response = previous ?? (await fetch(url, { cache: 'no-cache' }));
        if (!response.ok) throw new Error(`HTTP ${response.status}`);
        await cache.put(url, response);
        done++;
      } catch {
        failed.push(url);
      }
    }),
  );
  return { cached: done, failed };
}

/** Drops the caches of older builds once this one is active. */
export async function dropOldCaches(m: PrecacheManifest): Promise<void> {
  const keep = cacheName(m);
  for (const name of await caches.keys()) {
    if (name.startsWith(PREFIX) && name !== keep) await caches.delete(name);
  }
}

/**
 * The answer for a same-origin GET, or null to let the network have it. Page loads go to the
 * network first (a new build is seen at once) and fall back to the cached shell offline; the
 * built files are served from the cache first.
 */
export function cachedAnswer(
  m: PrecacheManifest,
  request: Request,
  url: URL,
): Promise<Response> | null {
  if (request.method !== 'GET' || m.entries.length === 0) return null;
  if (request.mode === 'navigate') {
    return fetch(request).catch(async () => {
      const shell = await caches.match(SHELL, { cacheName: cacheName(m) });
      if (shell) return shell;
      throw new TypeError(`offline, and ${SHELL} is not cached`);
    });
  }
  if (!m.entries.some((e) => e.url === url.pathname)) return null;
  return caches
    .match(url.pathname, { cacheName: cacheName(m) })
    .then((hit) => hit ?? fetch(request));
}
