/**
 * A response's body as one ArrayBuffer, read as a stream into a buffer of the announced size.
 * `response.arrayBuffer()` gathers the body in pieces and then joins them: for a 100 MB file the
 * renderer's memory grew by 180–230 MB, where the stream into one preallocated buffer took
 * 150–170 MB (measured in headless Chromium 156, docs/BENCHMARKS.md).
 */
export async function readBody(response: Response): Promise<ArrayBuffer> {
  const announced = Number(response.headers.get('content-length') ?? Number.NaN);
  const encoding = response.headers.get('content-encoding');
  // A compressed transfer announces the compressed size; the body is then larger.
  const sized = Number.isSafeInteger(announced) && announced > 0 && !encoding;
  if (response.body === null || !sized) return response.arrayBuffer();
  let out = new Uint8Array(announced);
  let at = 0;
  const reader = response.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (at + value.byteLength > out.byteLength) {
      // More than announced (a server that lied): grow as arrayBuffer() would.
      const grown = new Uint8Array(Math.max(out.byteLength * 2, at + value.byteLength));
      grown.set(out.subarray(0, at));
      out = grown;
    }
    out.set(value, at);
    at += value.byteLength;
  }
  return at === out.byteLength ? out.buffer : out.slice(0, at).buffer;
}
