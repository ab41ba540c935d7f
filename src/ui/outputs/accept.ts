/**
 * Whether a file matches an `accept` list of extensions (`.csv`, `.csv.gz`) or MIME types, as the
 * file picker filters; dropping bypasses the picker, so drops are checked with this.
 */
export function acceptsFile(
  file: { name: string; type: string },
  accept: readonly string[],
): boolean {
  if (accept.length === 0) return true;
  const name = file.name.toLowerCase();
  const type = file.type.toLowerCase();
  return accept.some((raw) => {
    const entry = raw.trim().toLowerCase();
    if (entry.startsWith('.')) return name.endsWith(entry);
    if (entry.endsWith('/*')) return type.startsWith(entry.slice(0, -1));
    return entry !== '' && type === entry;
  });
}

/** The data parser's own limit (src/data DEFAULT_MAX_BYTES): a tab cannot hold much more. */
export const MAX_UPLOAD_BYTES = 1.5 * 1024 ** 3;

/** Why a file is refused before a byte of it is read, or null when it may be read. */
export function refuseBySize(file: { name: string; size: number }): string | null {
  if (file.size <= MAX_UPLOAD_BYTES) return null;
  const gb = (n: number) => `${(n / 1024 ** 3).toFixed(1)} GB`;
  return `${file.name} is ${gb(file.size)}, over the ${gb(MAX_UPLOAD_BYTES)} a browser tab can hold. Load a sample of it (its first rows) instead.`;
}
