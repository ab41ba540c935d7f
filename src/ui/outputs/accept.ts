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
