import { API_PING_PATH } from '@/protocol';
import { UserFacingError } from '@/utils/errors';
import { display } from '../../display';
import { type CacheStats, cacheStats, clearCache } from './cache';
import { type ApiFetchInit, fetchAndShow } from './exchange';
import {
  addRoute,
  clearRoutes,
  isServing,
  type RouteHandler,
  routeList,
  startServing,
  stopServing,
} from './server';

// On a first visit the service worker caches the built app (~6 MB) before it takes over the
// page and its kernel; on a busy machine that outlasts a short notebook (a 3 s wait failed the
// Learn Keras deployment notebook ~30 s after a first load). Wait up to 15 s before giving up.
const PING_ATTEMPTS = 75;

/** True when this kernel's requests reach the app's service worker (it answers the ping itself). */
async function serviceWorkerAnswers(): Promise<boolean> {
  for (let attempt = 0; attempt < PING_ATTEMPTS; attempt++) {
    try {
      const response = await fetch(API_PING_PATH, { cache: 'no-store' });
      if (response.headers.get('X-Served-By') === 'tfnb-service-worker') return true;
    } catch {
      // Not answered yet; the worker may still be installing on a first visit.
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return false;
}

function origin(): string {
  return self.location.origin;
}

/**
 * The `api` global: the books' Flask web apps, served inside the browser. Routes live under
 * `/api` on this page's own origin; the app's service worker answers them with the handlers
 * declared here, so `fetch('/api/...')` from a cell, or a new tab, reaches the notebook's model.
 * Nothing is sent over the network.
 */
export const api = {
  /**
   * `@app.route(pattern, methods=[...])`: declares a view function. GET when no methods.
   * `cache: seconds` is Flask-Caching's `@cache.cached(timeout=seconds)`: a GET answer is kept
   * that long and given again without running the view (`X-Cache: HIT` / `MISS` says which).
   */
  route(
    pattern: string,
    optionsOrHandler: { methods?: string[]; cache?: number } | RouteHandler,
    maybeHandler?: RouteHandler,
  ): void {
    const handler = typeof optionsOrHandler === 'function' ? optionsOrHandler : maybeHandler;
    const options = typeof optionsOrHandler === 'function' ? {} : optionsOrHandler;
    const methods = options.methods ?? ['GET'];
    if (typeof handler !== 'function') {
      throw new UserFacingError(
        `api.route("${pattern}") needs a view function.`,
        'api.route("/prediction", { methods: ["POST"] }, async (request) => { … })',
      );
    }
    const cache = options.cache;
    if (cache !== undefined && !(typeof cache === 'number' && cache > 0)) {
      throw new UserFacingError(
        `api.route("${pattern}"): cache is the seconds an answer is kept, a number above 0.`,
        'api.route("/predict", { cache: 60 * 24 }, view) keeps each answer for 24 minutes.',
      );
    }
    addRoute(pattern, methods, handler, cache);
  },

  /** The answers kept for routes declared with `cache` (the book's Redis). */
  cache: {
    /** Forgets them all and resets the counts; the book's app does it at every start. */
    clear(): void {
      clearCache();
    },
    /** Hits, misses and the answers kept now, with the seconds each has left. */
    stats(): CacheStats {
      return cacheStats();
    },
  },

  /**
   * `app.run()`: starts answering the declared routes. Unlike Flask's, it returns at once: the
   * kernel goes on running cells and answers requests between them.
   */
  async run(): Promise<void> {
    if (routeList().length === 0) {
      throw new UserFacingError(
        'There are no routes to serve.',
        'Declare one first, e.g. api.route("/<name>", (request, params) => "<h1>HELLO " + params.name + "</h1>").',
      );
    }
    if (!(await serviceWorkerAnswers())) {
      throw new UserFacingError(
        "This page's requests do not reach the app's service worker, so it cannot serve /api routes.",
        'Reload the page once and run the cell again (on a first visit the service worker starts after the notebook). Service workers also need http://localhost or https, and are off in some private windows.',
      );
    }
    startServing();
    const lines = routeList().map(
      (r) => `  ${r.methods.join(', ').padEnd(12)} ${origin()}/api${r.pattern}`,
    );
    display(
      ` * Serving the notebook's web API (in this browser, through its service worker)\n * Running on ${origin()}/api/ (the requests never leave this browser)\n${lines.join('\n')}`,
    );
  },

  /** Stops answering; requests get 503 until `api.run()` again. */
  stop(): void {
    stopServing();
  },

  /** Forgets every route (and stops serving). */
  reset(): void {
    stopServing();
    clearRoutes();
  },

  /** The routes declared so far. */
  routes() {
    return routeList();
  },

  get serving(): boolean {
    return isServing();
  },

  /** `fetch` that also shows the request and the response in the cell; `json` sets a JSON body. */
  fetch(input: string, init?: ApiFetchInit): Promise<Response> {
    return fetchAndShow(input, init);
  },
};
