import { describe, expect, it } from 'vitest';
import { datasetSources } from '../dataset-sources';
import { hostNeedingPermission, isPermissionHost, kernelPolicy, pagePolicy } from '../policy';

const APP = 'http://localhost:4450';

function directive(policy: string, name: string): string[] {
  const found = policy
    .split(';')
    .map((d) => d.trim().split(/\s+/))
    .find(([n]) => n === name);
  return found?.slice(1) ?? [];
}

describe('network policy', () => {
  it('lets the page and the kernel connect to the app origin only by default', () => {
    expect(directive(pagePolicy(), 'connect-src')).toEqual(["'self'"]);
    expect(directive(kernelPolicy(), 'connect-src')).toEqual(["'self'"]);
    expect(directive(pagePolicy(), 'img-src')).toEqual(["'self'", 'data:', 'blob:']);
  });

  it('adds a granted host to the kernel for http, https, ws and wss on its port', () => {
    expect(directive(kernelPolicy(['127.0.0.1:4455']), 'connect-src')).toEqual([
      "'self'",
      'http://127.0.0.1:4455',
      'https://127.0.0.1:4455',
      'ws://127.0.0.1:4455',
      'wss://127.0.0.1:4455',
    ]);
  });

  it('never writes a host that could widen the policy', () => {
    for (const bad of [
      '*',
      'evil.com; script-src *',
      'a b',
      "'self'",
      'https://x.com',
      '*.x.com',
    ]) {
      expect(isPermissionHost(bad)).toBe(false);
      expect(kernelPolicy([bad])).toBe(kernelPolicy());
    }
    expect(isPermissionHost('archive.ics.uci.edu')).toBe(true);
    expect(isPermissionHost('[::1]:8080')).toBe(true);
  });

  it('lets the kernel evaluate cells and compile WASM, and start only blob: workers', () => {
    const policy = kernelPolicy();
    expect(directive(policy, 'script-src')).toEqual(
      expect.arrayContaining(["'unsafe-eval'", "'wasm-unsafe-eval'"]),
    );
    expect(directive(policy, 'worker-src')).toEqual(['blob:']);
  });

  it('allows the HMR websocket and the refresh preamble in dev only, and no frame-ancestors in a meta', () => {
    const dev = pagePolicy({ dev: { hmrOrigin: 'ws://localhost:4450' } });
    expect(directive(dev, 'connect-src')).toEqual(["'self'", 'ws://localhost:4450']);
    expect(directive(dev, 'script-src')).toContain("'unsafe-inline'");
    expect(directive(pagePolicy(), 'script-src')).not.toContain("'unsafe-inline'");
    expect(pagePolicy({ meta: true })).not.toContain('frame-ancestors');
  });

  it('names the host a URL needs, and none for the app itself or blob:/data: URLs', () => {
    expect(hostNeedingPermission('https://example.com/a?b', APP)).toBe('example.com');
    expect(hostNeedingPermission('http://localhost:4455/x', APP)).toBe('localhost:4455');
    expect(hostNeedingPermission('ws://127.0.0.1:9/x', APP)).toBe('127.0.0.1:9');
    expect(hostNeedingPermission('/api/predict', APP)).toBeNull();
    expect(hostNeedingPermission('ws://localhost:4450/hmr', APP)).toBeNull();
    expect(hostNeedingPermission('blob:http://localhost:4450/1', APP)).toBeNull();
    expect(hostNeedingPermission('data:text/plain,x', APP)).toBeNull();
  });

  it('lists the official sources of the book data sets by host', () => {
    const sources = datasetSources(APP);
    expect(sources.length).toBeGreaterThan(0);
    for (const s of sources) {
      expect(isPermissionHost(s.host)).toBe(true);
      expect(s.datasets.length).toBeGreaterThan(0);
    }
  });
});
