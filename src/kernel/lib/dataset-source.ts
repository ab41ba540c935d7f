import type { DatasetEntry, DatasetFile } from '@/data';
import * as D from '@/data';
import { readBody } from '@/data/read-body';
import { datasetCacheKey, getFile } from '@/storage/data-files';
import { UserFacingError } from '@/utils/errors';
import { missingPermission, reportBlocked } from '../network-guard';
import { requestUpload } from '../uploads';

/**
 * Finds the bytes of a book data set's file, in this order:
 *   1. this browser's cache (IndexedDB) of the preferred file (the registry's first: the full data);
 *   2. the project's git-ignored `data/` folder, served at `/local-data/` by the dev and preview
 *      servers (a user's own full copies);
 *   3. the cache of the other files (a shipped sample must not hide a full file put in data/ later);
 *   4. the copy shipped with the app (`/datasets/…`, same origin, unpacked and sha256-checked);
 *   5. the original URL (most hosts refuse a page's fetch: no CORS);
 *   6. an upload prompt that names the file and where to get it.
 */

export interface FoundFile {
  /** The registry's name of the file (its extension tells the parser what it is). */
  name: string;
  bytes: ArrayBuffer;
  /** Where it came from, as the preview and the README say it. */
  source: string;
  fromCache: boolean;
  /** The registry file it stands for (the cache key). */
  file: DatasetFile;
}

export interface FindOptions {
  /** Only this file of the entry (e.g. the full 'YearPredictionMSD.csv' instead of the shipped sample). */
  file?: string;
  /** What the upload prompt accepts, when it comes to that. */
  accept: readonly string[];
}

interface LocalListing {
  files: { path: string; size: number }[];
}

export const cacheKey = (entry: DatasetEntry, file: DatasetFile) =>
  datasetCacheKey(entry.id, file.name);

const baseName = (path: string) => path.split('/').pop() ?? path;
export const extension = (path: string) => path.slice(path.lastIndexOf('.')).toLowerCase();

async function localListing(): Promise<LocalListing | null> {
  try {
    const response = await fetch('/local-data/index.json');
    if (!response.ok) return null;
    return (await response.json()) as LocalListing;
  } catch {
    // No data/ server (a static host), offline, or an HTML fallback page instead of JSON.
    return null;
  }
}

/**
 * A file in data/ for these files: one of their names, else (unless one file was asked for by
 * name) the biggest fitting file in data/<id>/.
 */
function pickLocal(
  entry: DatasetEntry,
  files: readonly DatasetFile[],
  listing: LocalListing,
  options: FindOptions,
): { path: string; file: DatasetFile } | null {
  for (const f of files) {
    const exact = listing.files.find((l) => baseName(l.path) === f.name);
    if (exact) return { path: exact.path, file: f };
  }
  if (options.file) return null;
  const accept = options.accept;
  const folder = listing.files
    .filter((f) => f.path.startsWith(`${entry.id}/`) && accept.includes(extension(f.path)))
    .sort((a, b) => b.size - a.size);
  const first = files[0];
  return folder[0] && first ? { path: folder[0].path, file: first } : null;
}

async function fetchBytes(url: string): Promise<ArrayBuffer | null> {
  try {
    const response = await fetch(url);
    return response.ok ? await readBody(response) : null;
  } catch {
    return null;
  }
}

async function cached(entry: DatasetEntry, file: DatasetFile): Promise<FoundFile | null> {
  const hit = await getFile(cacheKey(entry, file)).catch(() => undefined);
  return hit
    ? { name: file.name, bytes: hit.bytes, source: 'browser cache', fromCache: true, file }
    : null;
}

const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;

/**
 * The shipped copy of a file, unpacked. A server may already have stripped the gzip layer
 * (`Content-Encoding: gzip` on a .gz), so the bytes are taken as they came when they have the
 * file's sha256, else gunzipped once. A copy that matches neither way is refused: it is our own
 * file, so a mismatch means a damaged download or deployment.
 */
export async function fetchShipped(file: DatasetFile): Promise<ArrayBuffer | null> {
  const shipped = file.shipped;
  if (!shipped) return null;
  const raw = await fetchBytes(`/${shipped.path}`);
  if (!raw) return null;
  let bytes: Uint8Array = new Uint8Array(raw);
  let hash = await D.sha256Hex(bytes);
  if (hash !== file.sha256 && D.isGzip(bytes)) {
    bytes = await D.gunzip(shipped.path, bytes);
    hash = await D.sha256Hex(bytes);
  }
  if (file.sha256 && hash !== file.sha256) {
    throw new UserFacingError(
      `The copy of ${file.name} shipped with the app is damaged: its sha256 is ${hash.slice(0, 12)}…, not ${file.sha256.slice(0, 12)}….`,
      'Reload the page (a cut-off download is the usual cause); if it persists, the deployment holds a wrong file (rebuild it with npm run data:ship).',
    );
  }
  return bytes.byteOffset === 0 && bytes.buffer.byteLength === bytes.byteLength
    ? (bytes.buffer as ArrayBuffer)
    : (bytes.slice().buffer as ArrayBuffer);
}

/** What the source line says for a shipped file, including that a sample is not the full data. */
function shippedSource(entry: DatasetEntry, file: DatasetFile, preferred: DatasetFile): string {
  const size = file.shipped ? `, ${mb(file.shipped.bytes)} download` : '';
  const base = `shipped with the app (${file.shipped?.path}${size})`;
  if (file === preferred) return base;
  return `${base}: a sample; the full ${preferred.name} is not shipped (get it from ${preferred.url ?? entry.url}, put it in the project's data/ folder, or pick it with data.load('${entry.id}', { file: '${preferred.name}' }))`;
}

export async function findDatasetFile(
  entry: DatasetEntry,
  options: FindOptions,
): Promise<FoundFile> {
  const files = options.file ? entry.files.filter((f) => f.name === options.file) : entry.files;
  const [preferred, ...others] = files;
  if (!preferred) {
    throw new UserFacingError(
      `${entry.title} has no file called "${options.file}".`,
      `Its files: ${entry.files.map((f) => f.name).join(', ')}.`,
    );
  }
  const tried: string[] = [];

  const cachedPreferred = await cached(entry, preferred);
  if (cachedPreferred) return cachedPreferred;
  tried.push('the browser cache');

  const listing = await localListing();
  const local = listing && pickLocal(entry, files, listing, options);
  if (local) {
    const bytes = await fetchBytes(
      `/local-data/${local.path.split('/').map(encodeURIComponent).join('/')}`,
    );
    if (bytes)
      return {
        name: local.file.name,
        bytes,
        source: `data/${local.path}`,
        fromCache: false,
        file: local.file,
      };
  }
  tried.push(`the project's data/ folder (data/${entry.id}/ or data/${preferred.name})`);

  for (const f of others) {
    const hit = await cached(entry, f);
    if (hit) return hit;
  }

  for (const f of files) {
    if (!f.shipped) continue;
    const bytes = await fetchShipped(f);
    if (bytes)
      return {
        name: f.name,
        bytes,
        source: shippedSource(entry, f, preferred),
        fromCache: false,
        file: f,
      };
    tried.push(`the app's copy /${f.shipped.path} (offline, and not cached yet?)`);
  }

  for (const f of files) {
    if (!f.url) continue;
    // The official source is another host: the same permission as any cell's request.
    const host = missingPermission(f.url);
    if (host !== null) {
      reportBlocked(host, `the official source of ${entry.title}`);
      tried.push(`${f.url} (this notebook may not reach ${host} until you allow it)`);
      continue;
    }
    const bytes = await fetchBytes(f.url);
    if (bytes) return { name: f.name, bytes, source: f.url, fromCache: false, file: f };
    tried.push(f.url);
  }

  const where = (f: DatasetFile) => f.url ?? entry.url;
  const wanted = files.map((f) => `${f.name} (from ${where(f)})`).join(' or ');
  const why = files.some((f) => f.shipped)
    ? ''
    : ' It is not shipped with the app (too big, or its licence does not allow it).';
  const upload = await requestUpload({
    prompt: `${entry.title} was not found in ${tried.join(', ')}.${why} Choose ${wanted}.`,
    accept: [...new Set(files.map((f) => extension(f.name)).concat(options.accept))],
  });
  return { ...upload, source: 'uploaded', fromCache: false, file: preferred };
}
