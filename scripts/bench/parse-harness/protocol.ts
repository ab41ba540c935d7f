/** Page → parse worker: a file to parse, as a Blob (its bytes stay with the browser). */
export interface ParseJob {
  name: string;
  file: Blob;
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
