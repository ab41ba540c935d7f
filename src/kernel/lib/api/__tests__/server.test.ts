import '../../checkpoint/__tests__/worker-globals';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ApiReply, ApiRequest, ApiResponse, CellId, RunId } from '@/protocol';
import { setCurrentRun } from '../../../run-context';
import { posted } from '../../checkpoint/__tests__/worker-globals';
import { cachedResponse, cacheStats, clearCache, storeResponse } from '../cache';
import {
  addRoute,
  clearRoutes,
  handleApiRequest,
  startServing,
  stopServing,
  toApiResponse,
} from '../server';

beforeAll(async () => {
  (globalThis as { location?: URL }).location ??= new URL('http://localhost:5173/');
  await tf.setBackend('cpu');
});

beforeEach(() => {
  clearRoutes();
  stopServing();
  posted.length = 0;
});

const encoder = new TextEncoder();

function request(method: string, path: string, body?: unknown): ApiRequest {
  return {
    method,
    path,
    search: '',
    headers: body === undefined ? [] : [['content-type', 'application/json']],
    body: body === undefined ? null : (encoder.encode(JSON.stringify(body)).buffer as ArrayBuffer),
  };
}

function response(reply: ApiReply): ApiResponse {
  if (reply.type !== 'response') throw new Error('expected a response');
  return reply.response;
}

function text(r: ApiResponse): string {
  return new TextDecoder().decode(r.body);
}

function header(r: ApiResponse, name: string): string | undefined {
  return r.headers.find(([n]) => n.toLowerCase() === name.toLowerCase())?.[1];
}

describe('the notebook web API server', () => {
  it('answers the book hello route with HTML, as Flask does for a string', async () => {
    addRoute(
      '/<name>',
      ['GET'],
      (_request, params) => `<h1>HELLO ${String(params.name).toUpperCase()}</h1>`,
    );
    startServing();
    const r = response(await handleApiRequest(request('GET', '/your_name')));
    expect(r.status).toBe(200);
    expect(header(r, 'content-type')).toMatch(/^text\/html/);
    expect(text(r)).toBe('<h1>HELLO YOUR_NAME</h1>');
  });

  it('passes the POSTed JSON to the view and answers its object as JSON', async () => {
    addRoute('/prediction', ['POST'], async (req) => {
      const body = (await req.json()) as { data: number[][] };
      return { status: 'ok', result: body.data[0]?.length };
    });
    startServing();
    const r = response(
      await handleApiRequest(request('POST', '/prediction', { data: [[1, 2, 3]] })),
    );
    expect(r.status).toBe(200);
    expect(JSON.parse(text(r))).toEqual({ status: 'ok', result: 3 });
  });

  it('announces its routes to the page when it starts and an empty list when it stops', () => {
    addRoute('/prediction', ['post'], () => ({}));
    startServing();
    stopServing();
    const announced = posted.filter((m) => m.type === 'api-routes');
    expect(announced).toEqual([
      { type: 'api-routes', routes: [{ methods: ['POST'], pattern: '/prediction' }] },
      { type: 'api-routes', routes: [] },
    ]);
  });

  it('says it is not serving before api.run(), so the service worker asks another tab', async () => {
    addRoute('/prediction', ['POST'], () => ({}));
    expect(await handleApiRequest(request('POST', '/prediction', {}))).toEqual({
      type: 'not-serving',
    });
  });

  it('answers 404 for an unknown path and 405 with Allow for a wrong method', async () => {
    addRoute('/prediction', ['POST'], () => ({}));
    startServing();
    const missing = response(await handleApiRequest(request('GET', '/nothing')));
    expect(missing.status).toBe(404);
    expect(JSON.parse(text(missing)).routes).toEqual(['POST /api/prediction']);
    const wrong = response(await handleApiRequest(request('GET', '/prediction')));
    expect(wrong.status).toBe(405);
    expect(header(wrong, 'allow')).toBe('POST');
  });

  it('turns an exception in the view into a 500 with its message, and keeps serving', async () => {
    addRoute('/boom', ['GET'], () => {
      throw new Error('bad input shape');
    });
    addRoute('/ok', ['GET'], () => 'fine');
    startServing();
    const failed = response(await handleApiRequest(request('GET', '/boom')));
    expect(failed.status).toBe(500);
    expect(JSON.parse(text(failed))).toEqual({ status: 'error', error: 'bad input shape' });
    expect(response(await handleApiRequest(request('GET', '/ok'))).status).toBe(200);
  });

  it('replaces a route when its cell runs again, instead of keeping the old view', async () => {
    addRoute('/v', ['GET'], () => 'first');
    addRoute('/v', ['GET'], () => 'second');
    startServing();
    expect(text(response(await handleApiRequest(request('GET', '/v'))))).toBe('second');
  });

  it('logs each request in the running cell as Flask does', async () => {
    setCurrentRun({ runId: 'run-1' as RunId, cellId: 'cell-1' as CellId });
    addRoute('/prediction', ['POST'], () => ({ status: 'ok' }));
    startServing();
    await handleApiRequest(request('POST', '/prediction', {}));
    const logged = posted.flatMap((m) => (m.type === 'stream' ? [m.text] : [])).join('');
    expect(logged).toMatch(
      /^127\.0\.0\.1 - - \[[\d-]+ [\d:]+\] "POST \/api\/prediction HTTP\/1\.1" 200 -\n$/,
    );
  });
});

describe('cached routes (Flask-Caching on Redis, in the book)', () => {
  it('runs the view once, answers the second GET from the cache, and says HIT or MISS', async () => {
    let views = 0;
    addRoute('/predict', ['GET'], () => ({ result: [1, 2], call: ++views }), 60);
    startServing();
    const first = response(await handleApiRequest(request('GET', '/predict')));
    const second = response(await handleApiRequest(request('GET', '/predict')));
    expect(header(first, 'x-cache')).toBe('MISS');
    expect(header(second, 'x-cache')).toBe('HIT');
    expect(JSON.parse(text(second))).toEqual({ result: [1, 2], call: 1 });
    expect(views).toBe(1);
    expect(cacheStats()).toMatchObject({ entries: 1, hits: 1, misses: 1 });
    expect(cacheStats().keys).toEqual([
      { key: 'GET /api/predict', route: '/predict', secondsLeft: 60, hits: 1 },
    ]);
  });

  it('keeps each query string apart, and forgets everything on clear', async () => {
    let views = 0;
    addRoute('/historic', ['GET'], () => ({ call: ++views }), 60);
    startServing();
    await handleApiRequest({ ...request('GET', '/historic'), search: '?start=2017-01-01' });
    await handleApiRequest({ ...request('GET', '/historic'), search: '?start=2017-06-01' });
    expect(views).toBe(2);
    clearCache();
    const again = response(await handleApiRequest(request('GET', '/historic')));
    expect(header(again, 'x-cache')).toBe('MISS');
    expect(cacheStats()).toMatchObject({ entries: 1, hits: 0, misses: 1 });
  });

  it('gives a body that can be transferred each time without emptying the kept one', async () => {
    addRoute('/predict', ['GET'], () => ({ ok: true }), 60);
    startServing();
    for (let i = 0; i < 3; i++) {
      const r = response(await handleApiRequest(request('GET', '/predict')));
      structuredClone(r.body, { transfer: [r.body] });
      expect(r.body.byteLength).toBe(0);
    }
    const kept = response(await handleApiRequest(request('GET', '/predict')));
    expect(JSON.parse(text(kept))).toEqual({ ok: true });
  });

  it('does not keep an error, and logs which answers came from the cache', async () => {
    setCurrentRun({ runId: 'run-2' as RunId, cellId: 'cell-2' as CellId });
    let fail = true;
    addRoute(
      '/predict',
      ['GET'],
      () => {
        if (fail) throw new Error('model not trained yet');
        return { ok: true };
      },
      60,
    );
    startServing();
    expect(response(await handleApiRequest(request('GET', '/predict'))).status).toBe(500);
    fail = false;
    expect(response(await handleApiRequest(request('GET', '/predict'))).status).toBe(200);
    await handleApiRequest(request('GET', '/predict'));
    const logged = posted.flatMap((m) => (m.type === 'stream' ? [m.text] : [])).join('');
    expect(logged).toContain('"GET /api/predict HTTP/1.1" 200 - (cache MISS)');
    expect(logged).toContain('"GET /api/predict HTTP/1.1" 200 - (cache HIT)');
  });

  it('expires an answer after its timeout', () => {
    const body = new TextEncoder().encode('{}').buffer as ArrayBuffer;
    const answer = { status: 200, statusText: 'OK', headers: [] as [string, string][], body };
    storeResponse('GET /api/x', '/x', answer, 10, 1_000);
    expect(cachedResponse('GET /api/x', 10_999)).not.toBeNull();
    expect(cachedResponse('GET /api/x', 11_000)).toBeNull();
  });
});

describe('view return values', () => {
  it('sends tensors as JSON of their values, a Response as it is, and refuses undefined', async () => {
    const fromTensor = await toApiResponse(tf.tensor2d([[1, 2]]));
    expect(JSON.parse(new TextDecoder().decode(fromTensor.body))).toEqual([[1, 2]]);
    const custom = await toApiResponse(
      new Response('created', { status: 201, headers: { 'X-A': 'b' } }),
    );
    expect(custom.status).toBe(201);
    expect(custom.headers).toContainEqual(['x-a', 'b']);
    await expect(toApiResponse(undefined)).rejects.toThrow(/did not return a valid response/);
  });
});
