/** Saves data as a file through a temporary object URL; everything stays in the browser. */
export function downloadBlob(fileName: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.click();
  // Revoking at once can cancel the download in some browsers; a tick later is enough.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

/** Saves text (or bytes) as a file. */
export function downloadText(fileName: string, text: string | ArrayBuffer, type: string): void {
  downloadBlob(fileName, new Blob([text], { type }));
}

/** A file name from a chart title: no characters that file systems reject. */
export function fileBaseName(title: string, fallback = 'chart'): string {
  const base = title
    .trim()
    .replace(/[^\w.-]+/g, '_')
    .replace(/^_+|_+$/g, '');
  return base === '' ? fallback : base;
}
