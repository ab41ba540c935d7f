let notebook = '';

/** The page tells the kernel which notebook it serves; checkpoints record it. */
export function setKernelNotebook(path: string): void {
  notebook = path;
}

export function kernelNotebook(): string {
  return notebook;
}
