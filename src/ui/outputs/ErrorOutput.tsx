export interface ErrorOutputProps {
  ename: string;
  evalue: string;
  traceback: string[];
  line?: number | undefined;
  hint?: string | undefined;
}

// Tracebacks that came through Jupyter carry terminal colour codes; they are noise in a page.
const ANSI = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*[A-Za-z]`, 'g');

export function ErrorOutput({ ename, evalue, traceback, line, hint }: ErrorOutputProps) {
  const trace = traceback.join('\n').replace(ANSI, '');
  return (
    <div className="output-error" role="alert" data-testid="output-error">
      <div className="output-error-title">
        <span className="output-error-name">{ename}</span>
        {evalue !== '' && <span>: {evalue}</span>}
        {line !== undefined && <span className="output-error-line"> (line {line})</span>}
      </div>
      {hint !== undefined && hint !== '' && (
        <div className="output-error-hint">
          <strong>Hint:</strong> {hint}
        </div>
      )}
      {trace.trim() !== '' && (
        <details className="output-error-trace">
          <summary>Traceback</summary>
          <pre>{trace}</pre>
        </details>
      )}
    </div>
  );
}
