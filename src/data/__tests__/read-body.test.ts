import { describe, expect, it } from 'vitest';
import { readBody } from '../read-body';

/** A response whose body arrives in `pieces`, announcing `length` bytes (or nothing). */
function streamed(pieces: number[][], headers: Record<string, string>): Response {
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      for (const p of pieces) controller.enqueue(new Uint8Array(p));
      controller.close();
    },
  });
  return new Response(stream, { headers });
}

describe('readBody', () => {
  it('reads the stream into one buffer of the announced size', async () => {
    const body = await readBody(streamed([[1, 2], [3], [4, 5, 6]], { 'content-length': '6' }));
    expect([...new Uint8Array(body)]).toEqual([1, 2, 3, 4, 5, 6]);
    expect(body.byteLength).toBe(6);
  });

  it('keeps every byte when the body is longer or shorter than announced', async () => {
    const longer = await readBody(
      streamed(
        [
          [1, 2],
          [3, 4, 5],
        ],
        { 'content-length': '2' },
      ),
    );
    expect([...new Uint8Array(longer)]).toEqual([1, 2, 3, 4, 5]);
    const shorter = await readBody(streamed([[1, 2]], { 'content-length': '9' }));
    expect([...new Uint8Array(shorter)]).toEqual([1, 2]);
  });

  it('reads a body of unknown or compressed size as arrayBuffer() does', async () => {
    const unknown = await readBody(streamed([[7], [8]], {}));
    expect([...new Uint8Array(unknown)]).toEqual([7, 8]);
    const gzipped = await readBody(
      streamed([[7], [8], [9]], { 'content-length': '1', 'content-encoding': 'gzip' }),
    );
    expect([...new Uint8Array(gzipped)]).toEqual([7, 8, 9]);
  });
});
