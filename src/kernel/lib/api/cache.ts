import type { ApiResponse } from '@/protocol';

/**
 * Flask-Caching's `@cache.cached(timeout=…)` for the notebook's routes (the book's app keeps
 * them in Redis): a successful answer is kept under its method, path and query string for
 * `timeout` seconds and given again without running the view. Every answer of a cached route
 * says which it was in an `X-Cache: HIT | MISS` header, and the counts are kept for `stats()`.
 */

interface Entry {
  response: ApiResponse;
  expires: number;
  route: string;
}

export interface CacheStats {
  entries: number;
  hits: number;
  misses: number;
  /** One row per kept answer: its key, the route, seconds left, and its hits. */
  keys: { key: string; route: string; secondsLeft: number; hits: number }[];
}

const entries = new Map<string, Entry>();
const hitsOf = new Map<string, number>();
let hits = 0;
let misses = 0;

/** Method, path and query string: the repository's `__cache_identifier` (`request.url` + args). */
export function cacheKey(method: string, path: string, search: string): string {
  return `${method.toUpperCase()} /api${path}${search}`;
}

function copy(response: ApiResponse, state: 'HIT' | 'MISS'): ApiResponse {
  return {
    ...response,
    headers: [
      ...response.headers.filter(([n]) => n.toLowerCase() !== 'x-cache'),
      ['X-Cache', state],
    ],
    // The body is transferred to the service worker: the kept one must stay whole.
    body: response.body.slice(0),
  };
}

/** The kept answer for `key` (a copy, marked HIT), or null when there is none or it expired. */
export function cachedResponse(key: string, now = Date.now()): ApiResponse | null {
  const entry = entries.get(key);
  if (!entry || entry.expires <= now) {
    if (entry) entries.delete(key);
    return null;
  }
  hits += 1;
  hitsOf.set(key, (hitsOf.get(key) ?? 0) + 1);
  return copy(entry.response, 'HIT');
}

/** Keeps a 200 answer for `timeoutSeconds`; returns the answer to send, marked MISS. */
export function storeResponse(
  key: string,
  route: string,
  response: ApiResponse,
  timeoutSeconds: number,
  now = Date.now(),
): ApiResponse {
  misses += 1;
  if (response.status === 200 && timeoutSeconds > 0) {
    entries.set(key, {
      response: copy(response, 'MISS'),
      expires: now + timeoutSeconds * 1000,
      route,
    });
    hitsOf.set(key, 0);
  }
  return copy(response, 'MISS');
}

/** `cache.clear()`: forgets every kept answer and the counts (the book's app does it at start). */
export function clearCache(): void {
  entries.clear();
  hitsOf.clear();
  hits = 0;
  misses = 0;
}

export function cacheStats(now = Date.now()): CacheStats {
  for (const [key, entry] of entries) if (entry.expires <= now) entries.delete(key);
  return {
    entries: entries.size,
    hits,
    misses,
    keys: [...entries].map(([key, entry]) => ({
      key,
      route: entry.route,
      secondsLeft: Math.round((entry.expires - now) / 1000),
      hits: hitsOf.get(key) ?? 0,
    })),
  };
}
