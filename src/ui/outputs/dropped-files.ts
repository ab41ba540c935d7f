/**
 * The files of a drop, folders included: a dropped folder (CIFAR-10's `cifar-10-batches-bin/`)
 * arrives as one directory entry, which `dataTransfer.files` shows as a single useless item, so
 * directories are walked through `webkitGetAsEntry`. Structural types, so tests can fake entries.
 */

export interface EntryLike {
  isFile: boolean;
  isDirectory: boolean;
  name: string;
}
interface FileEntryLike extends EntryLike {
  file(ok: (file: File) => void, fail: (error: unknown) => void): void;
}
interface DirectoryEntryLike extends EntryLike {
  createReader(): {
    readEntries(ok: (entries: EntryLike[]) => void, fail: (error: unknown) => void): void;
  };
}

/** More than any data set's folder holds; stops a drop of a whole home folder early. */
export const MAX_DROPPED_FILES = 1000;

const isFileEntry = (e: EntryLike): e is FileEntryLike => e.isFile;
const isDirectoryEntry = (e: EntryLike): e is DirectoryEntryLike => e.isDirectory;

async function children(dir: DirectoryEntryLike): Promise<EntryLike[]> {
  const reader = dir.createReader();
  const all: EntryLike[] = [];
  // readEntries gives a directory in chunks (100 in Chromium) until it returns none.
  for (;;) {
    const chunk = await new Promise<EntryLike[]>((ok, fail) => reader.readEntries(ok, fail));
    if (chunk.length === 0) return all;
    all.push(...chunk);
  }
}

/** Every file under the entries, depth first, folders' contents sorted by name. */
export async function filesOfEntries(entries: EntryLike[]): Promise<File[]> {
  const out: File[] = [];
  const visit = async (entry: EntryLike): Promise<void> => {
    if (out.length >= MAX_DROPPED_FILES) return;
    if (isFileEntry(entry)) out.push(await new Promise<File>((ok, fail) => entry.file(ok, fail)));
    else if (isDirectoryEntry(entry)) {
      const inside = (await children(entry)).sort((a, b) => a.name.localeCompare(b.name));
      for (const child of inside) await visit(child);
    }
  };
  for (const entry of entries) await visit(entry);
  return out;
}

/**
 * The dropped files. The entries must be taken before the drop handler returns (the browser
 * empties the DataTransfer after), so this reads them synchronously and walks them after.
 */
export function droppedFiles(data: DataTransfer): Promise<File[]> {
  const entries = Array.from(data.items)
    .filter((item) => item.kind === 'file')
    .map((item) => item.webkitGetAsEntry?.() ?? null);
  if (entries.length > 0 && entries.every((e) => e !== null) && entries.some((e) => e.isDirectory))
    return filesOfEntries(entries);
  return Promise.resolve(Array.from(data.files));
}
