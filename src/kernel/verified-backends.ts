import { openDB } from 'idb';

/**
 * Backends that already passed the training check (`verifyTraining`) in this browser, so a warm
 * start can skip it: on software WebGPU the check compiles shaders for a second or more. An entry
 * is keyed by backend, tfjs version, browser (user agent) and backend variant, so an update of any
 * of them verifies again; it expires after a month, and the kernel forgets it when the backend
 * fails (an init error, or a fatal error such as a lost device).
 */
export interface VerifiedBackends {
  load(): Promise<ReadonlySet<string>>;
  remember(key: string): Promise<void>;
  forget(key: string): Promise<void>;
}

const DB_NAME = 'tfnb-kernel';
const STORE = 'verified-backends';
const MAX_AGE_MS = 30 * 24 * 3600 * 1000;

interface Entry {
  key: string;
  at: number;
}

function open() {
  return openDB(DB_NAME, 1, {
    upgrade(db) {
      db.createObjectStore(STORE, { keyPath: 'key' });
    },
  });
}

/** IndexedDB, which works in the worker; where it does not, nothing is known and all verifies. */
export function indexedDbVerifiedBackends(now: () => number = Date.now): VerifiedBackends {
  return {
    async load() {
      try {
        const db = await open();
        const entries: Entry[] = await db.getAll(STORE);
        db.close();
        return new Set(entries.filter((e) => now() - e.at < MAX_AGE_MS).map((e) => e.key));
      } catch {
        return new Set();
      }
    },
    async remember(key) {
      try {
        const db = await open();
        await db.put(STORE, { key, at: now() } satisfies Entry);
        db.close();
      } catch {
        // Not remembering only costs the next start a verification.
      }
    },
    async forget(key) {
      try {
        const db = await open();
        await db.delete(STORE, key);
        db.close();
      } catch {
        // Nothing stored, nothing to forget.
      }
    },
  };
}
