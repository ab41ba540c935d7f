import type { HttpExchangeView } from '@/protocol';
import { displayBundle } from '../../display';

/** Bodies longer than this are cut in the shown exchange (the Response itself is whole). */
const SHOWN_BODY_CHARS = 20_000;

function shown(text: string): string {
  return text.length > SHOWN_BODY_CHARS
    ? `${text.slice(0, SHOWN_BODY_CHARS)}\n… (${text.length - SHOWN_BODY_CHARS} more characters)`
    : text;
}

function isText(contentType: string): boolean {
  return /^text\/|json|xml|javascript|x-www-form-urlencoded/i.test(contentType);
}

async function bodyText(body: Blob | ArrayBuffer | null, contentType: string): Promise<string> {
  if (!body) return '';
  const blob = body instanceof Blob ? body : new Blob([body]);
  if (blob.size === 0) return '';
  return isText(contentType) || contentType === ''
    ? shown(await blob.text())
    : `(${blob.size} bytes)`;
}

export interface ApiFetchInit extends RequestInit {
  /** Sent as the JSON body, with `Content-Type: application/json`. */
  json?: unknown;
}

function summary(view: HttpExchangeView): string {
  const head = `${view.request.method} ${view.request.url}`;
  if (view.error) return `${head}\n→ failed: ${view.error}`;
  const r = view.response;
  return `${head}\n${view.request.body}\n→ ${r?.status} ${r?.statusText}\n${r?.body ?? ''}`;
}

/**
 * `fetch`, plus the exchange shown in the cell: method, URL, headers and body of the request and
 * of the response, and the time it took. Returns the real `Response`, its body unread.
 */
export async function fetchAndShow(input: string, init: ApiFetchInit = {}): Promise<Response> {
  const { json, ...rest } = init;
  const headers = new Headers(rest.headers);
  if (json !== undefined) {
    headers.set('Content-Type', 'application/json');
    rest.body = JSON.stringify(json);
    rest.method ??= 'POST';
  }
  const request = new Request(new URL(input, self.location.href), { ...rest, headers });
  const requestBody = await bodyText(
    await request.clone().blob(),
    request.headers.get('Content-Type') ?? '',
  );
  const view: HttpExchangeView = {
    request: {
      method: request.method,
      url: request.url,
      headers: [...request.headers.entries()],
      body: requestBody,
    },
    durationMs: 0,
  };
  const started = performance.now();
  let response: Response;
  try {
    response = await fetch(request);
  } catch (error) {
    view.durationMs = performance.now() - started;
    view.error = error instanceof Error ? error.message : String(error);
    displayBundle({ 'application/vnd.tfnb.http-exchange+json': view, 'text/plain': summary(view) });
    throw error;
  }
  const contentType = response.headers.get('Content-Type') ?? '';
  view.durationMs = performance.now() - started;
  view.response = {
    status: response.status,
    statusText: response.statusText,
    headers: [...response.headers.entries()],
    body: await bodyText(await response.clone().blob(), contentType),
    contentType,
  };
  displayBundle({ 'application/vnd.tfnb.http-exchange+json': view, 'text/plain': summary(view) });
  return response;
}
