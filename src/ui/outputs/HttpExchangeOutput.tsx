import type { HttpExchangeView } from '@/protocol';

function statusClass(status: number): string {
  if (status >= 500) return 'http-status http-status-error';
  if (status >= 400) return 'http-status http-status-warn';
  return 'http-status http-status-ok';
}

function Headers({ headers }: { headers: [string, string][] }) {
  if (headers.length === 0) return null;
  return (
    <details className="http-headers">
      <summary>{headers.length} headers</summary>
      <pre>{headers.map(([name, value]) => `${name}: ${value}`).join('\n')}</pre>
    </details>
  );
}

function prettyBody(body: string, contentType: string): string {
  if (!/json/i.test(contentType)) return body;
  try {
    return JSON.stringify(JSON.parse(body), null, 2);
  } catch {
    return body;
  }
}

/**
 * One request to the notebook's web API and its answer, as a browser's network panel shows
 * them. An HTML answer is also rendered, in a sandboxed frame with scripts off.
 */
export function HttpExchangeOutput({ exchange }: { exchange: HttpExchangeView }) {
  const { request, response, error } = exchange;
  const requestType = request.headers.find(([n]) => n.toLowerCase() === 'content-type')?.[1] ?? '';
  const path = request.url.replace(/^https?:\/\/[^/]+/, '');
  return (
    <div className="http-exchange" data-testid="http-exchange">
      <div className="http-line">
        <span className="http-method">{request.method}</span>
        <a
          className="http-url"
          href={request.method === 'GET' ? path : undefined}
          target="_blank"
          rel="noreferrer"
        >
          {path}
        </a>
        {response && (
          <span className={statusClass(response.status)} data-testid="http-status">
            {response.status} {response.statusText}
          </span>
        )}
        <span className="http-time">{exchange.durationMs.toFixed(0)} ms</span>
      </div>
      <div className="http-parts">
        <section className="http-part" aria-label="Request">
          <h4>Request</h4>
          <Headers headers={request.headers} />
          {request.body ? (
            <pre className="http-body" data-testid="http-request-body">
              {prettyBody(request.body, requestType)}
            </pre>
          ) : (
            <div className="http-empty">no body</div>
          )}
        </section>
        <section className="http-part" aria-label="Response">
          <h4>Response</h4>
          {error && <div className="http-error">No response: {error}</div>}
          {response && (
            <>
              <Headers headers={response.headers} />
              <pre className="http-body" data-testid="http-response-body">
                {prettyBody(response.body, response.contentType)}
              </pre>
              {/^text\/html/i.test(response.contentType) && (
                <iframe
                  className="http-rendered"
                  title={`${request.method} ${path} rendered`}
                  sandbox=""
                  srcDoc={response.body}
                />
              )}
            </>
          )}
        </section>
      </div>
    </div>
  );
}
