import { isPermissionHost } from '@/network/policy';

/**
 * The hosts each notebook may reach, granted by the user. Kept in localStorage on purpose: the
 * kernel worker (where cell code runs) can read and write IndexedDB, but has no localStorage, so
 * a cell cannot grant itself a host.
 */
const KEY = 'tfnb.network-grants';
const CHANGED = 'tfnb-network-grants-changed';

export type NetworkGrants = Record<string, string[]>;

function read(): NetworkGrants {
  try {
    const parsed: unknown = JSON.parse(globalThis.localStorage?.getItem(KEY) ?? '{}');
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return {};
    const out: NetworkGrants = {};
    for (const [notebook, hosts] of Object.entries(parsed)) {
      if (!Array.isArray(hosts)) continue;
      const valid = hosts.filter((h): h is string => typeof h === 'string' && isPermissionHost(h));
      if (valid.length) out[notebook] = valid;
    }
    return out;
  } catch {
    return {};
  }
}

function write(grants: NetworkGrants): void {
  globalThis.localStorage?.setItem(KEY, JSON.stringify(grants));
  globalThis.dispatchEvent?.(new Event(CHANGED));
}

/** Every notebook's granted hosts, for the storage page. */
export function allNetworkGrants(): NetworkGrants {
  return read();
}

export function grantedHosts(notebook: string): string[] {
  return read()[notebook] ?? [];
}

export function grantHost(notebook: string, host: string): void {
  if (!isPermissionHost(host)) throw new Error(`"${host}" is not a host name.`);
  const grants = read();
  const hosts = grants[notebook] ?? [];
  if (!hosts.includes(host)) grants[notebook] = [...hosts, host].sort();
  write(grants);
}

export function revokeHost(notebook: string, host: string): void {
  const grants = read();
  const hosts = (grants[notebook] ?? []).filter((h) => h !== host);
  if (hosts.length) grants[notebook] = hosts;
  else delete grants[notebook];
  write(grants);
}

/** Calls `listener` whenever grants change in this tab; returns the unsubscribe. */
export function onNetworkGrantsChanged(listener: () => void): () => void {
  globalThis.addEventListener?.(CHANGED, listener);
  return () => globalThis.removeEventListener?.(CHANGED, listener);
}
