/**
 * The book data the app ships (`public/datasets/`), rebuilt from the real files and checked.
 *
 *   npm run data:ship                rebuild from ../shared/data (SHARED_DATA_DIR), then check
 *   npm run data:ship -- --check     check the committed files only (no source data needed)
 *
 * Which files ship, where, and how is said once, in the registry (`shipped` on a file of
 * src/data/registry.ts); this script only knows where each one's source lies. A source whose
 * sha256 is not the registry's is refused, so a shipped file is always the documented bytes.
 * Compression is gzip level 9 (node:zlib): the browser unpacks it with DecompressionStream, and
 * no better format is unpacked natively by browsers. Files that are .gz already are gzipped once
 * more (0.03 % bigger), because servers send any .gz with Content-Encoding: gzip and the browser
 * then strips one layer: see ShippedFile in the registry.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { constants, gunzipSync, gzipSync } from 'node:zlib';
import { DATASETS, type DatasetFile, type ShippedFile } from '../src/data/registry';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const PUBLIC_DIR = resolve(ROOT, 'public');

/** Shipped path → the source file under the shared data folder (see its README). */
export const SOURCES: Readonly<Record<string, string>> = {
  'datasets/somerville-happiness/SomervilleHappinessSurvey2015.csv.gz':
    'somerville-happiness/SomervilleHappinessSurvey2015.csv',
  'datasets/energy/energydata_complete.csv.gz': 'energy/energydata_complete.csv',
  'datasets/year-prediction-msd/YearPredictionMSD.first-1176-rows.no-header.csv.gz':
    'year-prediction-msd/YearPredictionMSD.first-1176-rows.no-header.csv',
  'datasets/credit-card-default/default-of-credit-card-clients.xls.gz':
    'credit-card-default/default-of-credit-card-clients.full-30000-rows.xls',
  'datasets/bitcoin/bitcoin_historical_prices.csv.gz': 'bitcoin/bitcoin_historical_prices.csv',
  'datasets/bitcoin/train_dataset.csv.gz': 'bitcoin/train_dataset.csv',
  'datasets/bitcoin/test_dataset.csv.gz': 'bitcoin/test_dataset.csv',
  'datasets/mnist/train-images-idx3-ubyte.gz.gz': 'mnist/train-images-idx3-ubyte.gz',
  'datasets/mnist/train-labels-idx1-ubyte.gz.gz': 'mnist/train-labels-idx1-ubyte.gz',
  'datasets/mnist/t10k-images-idx3-ubyte.gz.gz': 'mnist/t10k-images-idx3-ubyte.gz',
  'datasets/mnist/t10k-labels-idx1-ubyte.gz.gz': 'mnist/t10k-labels-idx1-ubyte.gz',
  'datasets/cifar-10/cifar-10-subset-binary.tar.gz.gz': 'cifar-10/cifar-10-subset-binary.tar.gz',
  'datasets/20-newsgroups/20news-bydate-atheism-christian.tar.gz.gz':
    '20-newsgroups/20news-bydate-atheism-christian.tar.gz',
};

export interface Shipped {
  datasetId: string;
  file: DatasetFile & { shipped: ShippedFile; sha256: string };
}

/** Every shipped file of the registry; one without a sha256 is a mistake in the registry. */
export function shippedFiles(): Shipped[] {
  return DATASETS.flatMap((d) =>
    d.files.flatMap((file) => {
      if (!file.shipped) return [];
      if (!file.sha256) throw new Error(`${d.id}/${file.name} ships but has no sha256`);
      return [{ datasetId: d.id, file: file as Shipped['file'] }];
    }),
  );
}

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

export function pack(bytes: Uint8Array, _compression: ShippedFile['compression']): Uint8Array {
  // zlib's gzip header has mtime 0, so the same input gives the same bytes with the same zlib.
  return gzipSync(bytes, { level: constants.Z_BEST_COMPRESSION });
}

export function unpack(bytes: Uint8Array, _compression: ShippedFile['compression']): Uint8Array {
  return gunzipSync(bytes);
}

/** Problems with the committed copy of one shipped file (none: it unpacks to the registry's bytes). */
export function checkShipped({ datasetId, file }: Shipped, publicDir = PUBLIC_DIR): string[] {
  const path = resolve(publicDir, file.shipped.path);
  if (!existsSync(path)) return [`${file.shipped.path} is missing (run scripts/shipped-data.ts)`];
  const problems: string[] = [];
  const size = statSync(path).size;
  if (size !== file.shipped.bytes)
    problems.push(
      `${file.shipped.path} is ${size} bytes; the registry (${datasetId}) says ${file.shipped.bytes}`,
    );
  const unpacked = unpack(new Uint8Array(readFileSync(path)), file.shipped.compression);
  if (file.bytes !== undefined && unpacked.byteLength !== file.bytes)
    problems.push(
      `${file.shipped.path} unpacks to ${unpacked.byteLength} bytes, not ${file.bytes}`,
    );
  const hash = sha256(unpacked);
  if (hash !== file.sha256)
    problems.push(`${file.shipped.path} unpacks to sha256 ${hash}, not ${file.sha256}`);
  return problems;
}

function rebuild(sharedDir: string): string[] {
  const problems: string[] = [];
  for (const { datasetId, file } of shippedFiles()) {
    const rel = SOURCES[file.shipped.path];
    if (!rel) {
      problems.push(`no source known for ${file.shipped.path}: add it to SOURCES`);
      continue;
    }
    const source = resolve(sharedDir, rel);
    if (!existsSync(source)) {
      problems.push(`${rel} is absent from ${sharedDir}`);
      continue;
    }
    const bytes = new Uint8Array(readFileSync(source));
    const hash = sha256(bytes);
    if (hash !== file.sha256) {
      problems.push(`${rel} has sha256 ${hash}; ${datasetId}/${file.name} must be ${file.sha256}`);
      continue;
    }
    const out = resolve(PUBLIC_DIR, file.shipped.path);
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, pack(bytes, file.shipped.compression));
  }
  return problems;
}

function main(): void {
  const checkOnly = process.argv.includes('--check');
  const sharedDir = resolve(process.env.SHARED_DATA_DIR ?? resolve(ROOT, '../shared/data'));
  const problems = checkOnly ? [] : rebuild(sharedDir);
  let total = 0;
  let unpackedTotal = 0;
  for (const s of shippedFiles()) {
    problems.push(...checkShipped(s));
    const path = resolve(PUBLIC_DIR, s.file.shipped.path);
    const size = existsSync(path) ? statSync(path).size : 0;
    total += size;
    unpackedTotal += s.file.bytes ?? 0;
    process.stdout.write(
      `${s.file.shipped.path.padEnd(82)} ${String(size).padStart(10)}  (${s.file.bytes} unpacked)\n`,
    );
  }
  process.stdout.write(
    `${shippedFiles().length} files, ${total.toLocaleString('en-US')} bytes shipped (${unpackedTotal.toLocaleString('en-US')} unpacked)\n`,
  );
  if (problems.length) {
    process.stderr.write(`${problems.map((p) => `✗ ${p}`).join('\n')}\n`);
    process.exit(1);
  }
  process.stdout.write('✓ every shipped file unpacks to the sha256 of the registry\n');
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
