import { type DragEvent, useState } from 'react';
import type { UploadRequestView } from '@/protocol';
import { acceptsFile, refuseBySize } from './accept';
import { droppedFiles } from './dropped-files';

export interface UploadOutputProps {
  request: UploadRequestView;
  /** Absent when no kernel is waiting (a saved notebook): the prompt is then shown read-only. */
  onUploadFile?: ((requestId: string, file: File, others?: File[]) => void) | undefined;
  onUploadCancel?: ((requestId: string) => void) | undefined;
}

export function UploadOutput({ request, onUploadFile, onUploadCancel }: UploadOutputProps) {
  const [sent, setSent] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [dragging, setDragging] = useState(false);

  if (request.state === 'received') {
    return (
      <div className="output-upload output-upload-done" data-testid="output-upload">
        received {request.fileName ?? 'file'}
      </div>
    );
  }
  if (request.state === 'cancelled') {
    return (
      <div className="output-upload output-upload-done" data-testid="output-upload">
        Upload cancelled
      </div>
    );
  }

  const live = onUploadFile !== undefined && sent === null;
  const accepted = request.accept.join(', ');
  const send = (files: File[]) => {
    const [file, ...others] = request.multiple ? files : files.slice(0, 1);
    if (file === undefined || onUploadFile === undefined || sent !== null) return;
    const refused = [file, ...others].find((f) => !acceptsFile(f, request.accept));
    if (refused) {
      setProblem(`${refused.name} is not one of: ${accepted}`);
      return;
    }
    const tooLarge = refuseBySize(file);
    if (tooLarge) {
      setProblem(tooLarge);
      return;
    }
    setProblem(null);
    setSent([file, ...others].map((f) => f.name).join(', '));
    if (others.length > 0) onUploadFile(request.requestId, file, others);
    else onUploadFile(request.requestId, file);
  };
  const onDragOver = (event: DragEvent<HTMLDivElement>) => {
    if (!live) return;
    // Without preventDefault the browser would open the dropped file instead.
    event.preventDefault();
    setDragging(true);
  };
  const onDrop = (event: DragEvent<HTMLDivElement>) => {
    event.preventDefault();
    setDragging(false);
    // A dropped folder (a data set's batches) gives its files, for a prompt that takes several.
    if (live)
      void droppedFiles(event.dataTransfer).then(send, (error: unknown) =>
        setProblem(String(error)),
      );
  };

  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: the drop zone adds to the file button.
    <div
      className={`output-upload${dragging ? ' output-upload-dragging' : ''}`}
      data-testid="output-upload"
      onDragOver={onDragOver}
      onDragLeave={() => setDragging(false)}
      onDrop={onDrop}
    >
      <div className="output-upload-prompt">{request.prompt}</div>
      <div className="output-upload-actions">
        <label className={`output-button${live ? '' : ' output-button-disabled'}`}>
          Choose file…
          <input
            type="file"
            className="output-upload-input"
            data-testid="upload-input"
            accept={request.accept.join(',')}
            multiple={request.multiple ?? false}
            disabled={!live}
            onChange={(event) => {
              send([...(event.currentTarget.files ?? [])]);
              event.currentTarget.value = '';
            }}
          />
        </label>
        {request.multiple && (
          <label className={`output-button${live ? '' : ' output-button-disabled'}`}>
            Choose folder…
            <input
              type="file"
              className="output-upload-input"
              data-testid="upload-folder-input"
              ref={(input) => {
                // Not a React prop: the browser's folder picker, which gives every file inside.
                if (input) input.webkitdirectory = true;
              }}
              multiple
              disabled={!live}
              onChange={(event) => {
                send([...(event.currentTarget.files ?? [])]);
                event.currentTarget.value = '';
              }}
            />
          </label>
        )}
        <span className="output-upload-hint">
          or drop {request.multiple ? 'them (or their folder)' : 'it'} here
          {accepted !== '' && ` (${accepted})`}
        </span>
        {onUploadCancel !== undefined && sent === null && (
          <button
            type="button"
            className="output-button"
            onClick={() => onUploadCancel(request.requestId)}
          >
            Cancel
          </button>
        )}
      </div>
      {sent !== null && <div className="output-upload-status">Sending {sent}…</div>}
      {problem !== null && <div className="output-upload-problem">{problem}</div>}
    </div>
  );
}
