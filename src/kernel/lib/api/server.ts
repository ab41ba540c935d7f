import * as tf from '@tensorflow/tfjs';
import type { ApiReply, ApiRequest, ApiResponse, ApiRoute } from '@/protocol';
import { post } from '../../post';
import { flushStreams, writeStream } from '../../streams';
import { cachedResponse, cacheKey, clearCache, storeResponse } from './cache';
import { compileRoute, type PathParams, type RoutePattern } from './routes';

/**
 * A route's view function, as in Flask: it gets the request (a standard `Request`: use
 * `await request.json()`) and the path parameters, and returns what to answer: a string (sent as
 * HTML, as Flask does), a plain object or array (JSON), a tensor (JSON of its values), or a
 * `Response` for full control of status and headers.
 */
export type RouteHandler = (request: Request, params: PathParams) => unknown;

interface Route {
  methods: string[];
  pattern: RoutePattern;
  handler: RouteHandler;
  /** Seconds a GET answer is kept (Flask-Caching's `timeout`); absent: not cached. */
  cacheSeconds?: number;
}

const routes: Route[] = [];
let serving = false;

/** Declares (or, when the cell runs again, replaces) the handler of a pattern and methods. */
export function addRoute(
  pattern: string,
  methods: string[],
  handler: RouteHandler,
  cacheSeconds?: number,
): void {
  const compiled = compileRoute(pattern);
  const upper = methods.map((m) => m.toUpperCase());
  for (let i = routes.length - 1; i >= 0; i--) {
    const route = routes[i];
    if (route?.pattern.source !== pattern) continue;
    route.methods = route.methods.filter((m) => !upper.includes(m));
    if (route.methods.length === 0) routes.splice(i, 1);
  }
  routes.push({
    methods: upper,
    pattern: compiled,
    handler,
    ...(cacheSeconds !== undefined ? { cacheSeconds } : {}),
  });
  if (serving) announce();
}

export function routeList(): ApiRoute[] {
  return routes.map((r) => ({ methods: [...r.methods], pattern: r.pattern.source }));
}

export function clearRoutes(): void {
  routes.length = 0;
  clearCache();
  if (serving) announce();
}

function announce(): void {
  post({ type: 'api-routes', routes: serving ? routeList() : [] });
}

export function startServing(): void {
  serving = true;
  announce();
}

export function stopServing(): void {
  serving = false;
  announce();
}

export function isServing(): boolean {
  return serving;
}

const encoder = new TextEncoder();

function bytes(text: string): ArrayBuffer {
  return encoder.encode(text).buffer as ArrayBuffer;
}

function jsonResponse(status: number, value: unknown): ApiResponse {
  return {
    status,
    statusText: STATUS_TEXT[status] ?? '',
    headers: [['Content-Type', 'application/json']],
    body: bytes(JSON.stringify(value)),
  };
}

const STATUS_TEXT: Record<number, string> = {
  200: 'OK',
  404: 'NOT FOUND',
  405: 'METHOD NOT ALLOWED',
  500: 'INTERNAL SERVER ERROR',
};

/** Turns a view function's return value into a response, as Flask's `make_response` does. */
export async function toApiResponse(value: unknown): Promise<ApiResponse> {
  if (value instanceof Response) {
    return {
      status: value.status,
      statusText: value.statusText,
      headers: [...value.headers.entries()],
      body: await value.arrayBuffer(),
    };
  }
  if (typeof value === 'string') {
    return {
      status: 200,
      statusText: 'OK',
      headers: [['Content-Type', 'text/html; charset=utf-8']],
      body: bytes(value),
    };
  }
  if (value instanceof tf.Tensor) return jsonResponse(200, await value.array());
  if (value instanceof ArrayBuffer || ArrayBuffer.isView(value)) {
    const view = value instanceof ArrayBuffer ? new Uint8Array(value) : value;
    const copy = new Uint8Array(view.byteLength);
    copy.set(new Uint8Array(view.buffer, view.byteOffset, view.byteLength));
    return {
      status: 200,
      statusText: 'OK',
      headers: [['Content-Type', 'application/octet-stream']],
      body: copy.buffer,
    };
  }
  if (value === undefined || value === null || typeof value === 'function') {
    throw new TypeError(
      'The view function did not return a valid response: return a string, an object, a tensor or a Response.',
    );
  }
  return jsonResponse(200, value);
}

function log(request: ApiRequest, status: number, cache?: string): void {
  // The line Flask's development server prints for every request (and, for a cached route, which
  // the cache answered: Flask-Caching says nothing, Redis's log would).
  const stamp = new Date().toISOString().replace('T', ' ').slice(0, 19);
  writeStream(
    status >= 400 ? 'stderr' : 'stdout',
    `127.0.0.1 - - [${stamp}] "${request.method} /api${request.path}${request.search} HTTP/1.1" ${status} -${cache ? ` (cache ${cache})` : ''}\n`,
  );
  flushStreams();
}

/** Answers one relayed request with the matching route, or 404/405 as Flask would. */
export async function handleApiRequest(request: ApiRequest): Promise<ApiReply> {
  if (!serving) return { type: 'not-serving' };
  const matches = routes
    .map((route) => ({ route, params: route.pattern.match(request.path) }))
    .filter((m): m is { route: Route; params: PathParams } => m.params !== null);
  const method = request.method.toUpperCase();
  const found =
    matches.find((m) => m.route.methods.includes(method)) ??
    (method === 'HEAD' ? matches.find((m) => m.route.methods.includes('GET')) : undefined);
  let response: ApiResponse;
  if (!found) {
    const allowed = [...new Set(matches.flatMap((m) => m.route.methods))];
    response =
      allowed.length > 0
        ? {
            ...jsonResponse(405, {
              status: 'error',
              error: `The method ${method} is not allowed for /api${request.path}.`,
            }),
            headers: [
              ['Content-Type', 'application/json'],
              ['Allow', allowed.join(', ')],
            ],
          }
        : jsonResponse(404, {
            status: 'error',
            error: `No route matches /api${request.path}.`,
            routes: routeList().map((r) => `${r.methods.join('|')} /api${r.pattern}`),
          });
  } else if (found.route.cacheSeconds !== undefined && (method === 'GET' || method === 'HEAD')) {
    const key = cacheKey('GET', request.path, request.search);
    const hit = cachedResponse(key);
    if (hit) {
      log(request, hit.status, 'HIT');
      return { type: 'response', response: hit };
    }
    const fresh = await viewResponse(request, method, found);
    const sent = storeResponse(key, found.route.pattern.source, fresh, found.route.cacheSeconds);
    log(request, sent.status, 'MISS');
    return { type: 'response', response: sent };
  } else {
    response = await viewResponse(request, method, found);
  }
  log(request, response.status);
  return { type: 'response', response };
}

/** Runs the route's view function on the request; an exception becomes a 500, as in Flask. */
async function viewResponse(
  request: ApiRequest,
  method: string,
  found: { route: Route; params: PathParams },
): Promise<ApiResponse> {
  const url = `${self.location.origin}/api${request.path}${request.search}`;
  const init: RequestInit = { method, headers: request.headers };
  if (request.body && method !== 'GET' && method !== 'HEAD') init.body = request.body;
  try {
    return await toApiResponse(await found.route.handler(new Request(url, init), found.params));
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    writeStream(
      'stderr',
      `Error in the view function of ${found.route.pattern.source}: ${message}\n`,
    );
    return jsonResponse(500, { status: 'error', error: message });
  }
}

/** Answers on the port the service worker handed over; never throws. */
export async function answerApiRequest(request: ApiRequest, port: MessagePort): Promise<void> {
  let reply: ApiReply;
  try {
    reply = await handleApiRequest(request);
  } catch (error) {
    reply = {
      type: 'response',
      response: jsonResponse(500, { status: 'error', error: String(error) }),
    };
  }
  port.postMessage(reply, reply.type === 'response' ? [reply.response.body] : []);
  port.close();
}
