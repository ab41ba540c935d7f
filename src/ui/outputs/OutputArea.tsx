import { memo } from 'react';
import { MIME } from '@/protocol';
import { assertNever } from '@/utils/assert-never';
import type { CellOutput } from './cell-output';
import { ErrorOutput } from './ErrorOutput';
import { pickRichOutput } from './mime';
import { RichOutputView } from './RichOutputView';
import { StreamOutput } from './StreamOutput';
import './outputs.css';

export interface OutputAreaProps {
  outputs: CellOutput[];
  onUploadFile?: (requestId: string, file: File, others?: File[]) => void;
  onUploadCancel?: (requestId: string) => void;
}

interface OutputItemProps {
  output: CellOutput;
  onUploadFile?: ((requestId: string, file: File, others?: File[]) => void) | undefined;
  onUploadCancel?: ((requestId: string) => void) | undefined;
}

/**
 * Memoised per output: while a chart streams, the model replaces only that output object, so the
 * cell's other outputs (a long log, a big table) are not rendered again ten times a second.
 */
const OutputItem = memo(function OutputItem({
  output,
  onUploadFile,
  onUploadCancel,
}: OutputItemProps) {
  switch (output.output_type) {
    case 'stream':
      return <StreamOutput name={output.name} text={output.text} />;
    case 'error':
      return (
        <ErrorOutput
          ename={output.ename}
          evalue={output.evalue}
          traceback={output.traceback}
          line={output.line}
          hint={output.hint}
        />
      );
    case 'display_data':
    case 'execute_result': {
      const rich = pickRichOutput(output.data);
      if (rich === null) return null;
      return (
        <RichOutputView output={rich} onUploadFile={onUploadFile} onUploadCancel={onUploadCancel} />
      );
    }
    default:
      return assertNever(output);
  }
});

/** Keys that survive in-place replacement: a display id, or a chart's id, else the position. */
function outputKey(output: CellOutput, index: number): string {
  if (output.output_type === 'display_data' && output.display_id !== undefined) {
    return `display:${output.display_id}`;
  }
  if (output.output_type === 'display_data' || output.output_type === 'execute_result') {
    const chartId = output.data[MIME.training]?.chartId;
    if (chartId !== undefined) return `chart:${chartId}`;
  }
  return `at:${index}`;
}

export function OutputArea({ outputs, onUploadFile, onUploadCancel }: OutputAreaProps) {
  if (outputs.length === 0) return null;
  const seen = new Set<string>();
  return (
    <div className="output-area" data-testid="output-area">
      {outputs.map((output, index) => {
        let key = outputKey(output, index);
        // Duplicated ids must not make React drop or merge outputs.
        if (seen.has(key)) key = `${key}@${index}`;
        seen.add(key);
        return (
          <div key={key} className={`output-item output-item-${output.output_type}`}>
            <OutputItem
              output={output}
              onUploadFile={onUploadFile}
              onUploadCancel={onUploadCancel}
            />
          </div>
        );
      })}
    </div>
  );
}
