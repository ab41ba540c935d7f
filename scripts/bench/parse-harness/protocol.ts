/** Page → parse worker: a file to parse; its bytes are transferred, not copied. */
export interface ParseJob {
  name: string;
  bytes: ArrayBuffer;
}

/** Parse worker → page. */
export type ParseOutcome =
  | { ok: true; ms: number; rows: number; columns: number; format: string; numeric: number }
  | { ok: false; ms: number; message: string };

declare global {
  interface Window {
    /** Fetches `/local-data/<name>`, parses it in a worker, resolves with the outcome. */
    benchParse?: (name: string) => Promise<ParseOutcome & { bytes: number }>;
  }
}
