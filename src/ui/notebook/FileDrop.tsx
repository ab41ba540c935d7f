import { type DragEvent, type ReactNode, useRef, useState } from 'react';
import { putFile } from '@/storage/data-files';
import { refuseBySize } from '@/ui/outputs/accept';
import { droppedFiles } from '@/ui/outputs/dropped-files';
import { keepCifarDrop } from './cifar-drop';

const TABLE_FILE = /\.(csv|tsv|txt|xls|xlsx|gz)$/i;

interface Props {
  enabled: boolean;
  /** The file is stored in this browser; the notebook adds a cell that reads it. */
  onStored(name: string): void;
  /** CIFAR-10 (a folder of batches, loose batches or the tarball) was kept for data.load('cifar-10'). */
  onCifarStored(names: string[]): void;
  onProblem(message: string): void;
  children: ReactNode;
}

function hasFiles(event: DragEvent): boolean {
  return event.dataTransfer.types.includes('Files');
}

/**
 * Drop a data file anywhere on the notebook: it is kept in this browser's IndexedDB (never
 * uploaded anywhere) and a cell `await data.file(name)` reads it. Drops on a cell's own upload
 * prompt are handled there and never reach this.
 */
export function FileDrop({ enabled, onStored, onCifarStored, onProblem, children }: Props) {
  const [over, setOver] = useState(false);
  const depth = useRef(0);

  const onDrop = async (event: DragEvent<HTMLDivElement>) => {
    if (!hasFiles(event)) return;
    event.preventDefault();
    depth.current = 0;
    setOver(false);
    if (!enabled) return;
    // Read before the first await: the browser empties the drop's data when the handler returns.
    const pending = droppedFiles(event.dataTransfer);
    let files: File[];
    try {
      files = await pending;
      const tooLarge = files.map(refuseBySize).find((p) => p !== null);
      const cifar = tooLarge ? null : await keepCifarDrop(files);
      if (cifar) {
        onCifarStored(cifar);
        return;
      }
    } catch (error) {
      onProblem(error instanceof Error ? error.message : String(error));
      return;
    }
    for (const file of files) {
      if (!TABLE_FILE.test(file.name)) {
        onProblem(
          `${file.name} is not a data file this notebook reads (CSV, TSV, XLS, XLSX, or .gz).`,
        );
        continue;
      }
      const tooLarge = refuseBySize(file);
      if (tooLarge) {
        onProblem(tooLarge);
        continue;
      }
      try {
        // The File itself: the database copies it off the main thread, the page never reads it.
        await putFile({
          name: file.name,
          bytes: file,
          size: file.size,
          source: 'drop',
          addedAt: Date.now(),
        });
        onStored(file.name);
      } catch (error) {
        onProblem(error instanceof Error ? error.message : String(error));
      }
    }
  };

  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: a drop target that adds to the upload buttons
    <div
      className={`file-drop${over ? ' file-drop-over' : ''}`}
      data-testid="file-drop"
      onDragEnter={(e) => {
        if (!hasFiles(e) || !enabled) return;
        depth.current++;
        setOver(true);
      }}
      onDragLeave={() => {
        depth.current = Math.max(0, depth.current - 1);
        if (depth.current === 0) setOver(false);
      }}
      onDragOver={(e) => {
        if (hasFiles(e) && enabled) e.preventDefault();
      }}
      onDrop={(e) => void onDrop(e)}
    >
      {children}
      {over && (
        <div className="file-drop-overlay" aria-hidden>
          Drop a CSV or Excel file, or CIFAR-10 (its folder or tarball), to load it in this
          notebook. It stays in your browser.
        </div>
      )}
    </div>
  );
}
