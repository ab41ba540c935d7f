import type { TensorView } from '@/protocol';

/**
 * `tensor.print()` text starts with its own `Tensor` line and a 4-space indent; the header above
 * already says it, so both go.
 */
export function tensorValuesText(text: string): string {
  const lines = text.replace(/^Tensor[ \t]*\r?\n/, '').split('\n');
  const indents = lines.filter((l) => l.trim() !== '').map((l) => /^ */.exec(l)?.[0].length ?? 0);
  const common = indents.length === 0 ? 0 : Math.min(...indents);
  return lines.map((l) => l.slice(Math.min(common, /^ */.exec(l)?.[0].length ?? 0))).join('\n');
}

export function TensorOutput({ tensor }: { tensor: TensorView }) {
  return (
    <div className="output-tensor" data-testid="output-tensor">
      <div className="output-tensor-header">
        Tensor <span className="output-mono">shape [{tensor.shape.join(',')}]</span>{' '}
        <span className="output-mono">{tensor.dtype}</span>
      </div>
      <pre className="output-tensor-values">{tensorValuesText(tensor.text)}</pre>
    </div>
  );
}
