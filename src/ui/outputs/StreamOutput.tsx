import { useMemo, useState } from 'react';
import { collapseText } from './collapse';

export interface StreamOutputProps {
  name: 'stdout' | 'stderr';
  text: string;
}

export function StreamOutput({ name, text }: StreamOutputProps) {
  const [expanded, setExpanded] = useState(false);
  const collapsed = useMemo(() => collapseText(text), [text]);
  const className = `output-stream output-${name}`;

  if (collapsed === null) return <pre className={className}>{text}</pre>;
  if (expanded) {
    return (
      <div className="output-collapsible">
        <pre className={className}>{text}</pre>
        <button type="button" className="output-link" onClick={() => setExpanded(false)}>
          Collapse
        </button>
      </div>
    );
  }
  return (
    <pre className={className}>
      {collapsed.head}
      {'\n'}
      <button type="button" className="output-link" onClick={() => setExpanded(true)}>
        … {collapsed.hidden} hidden — show all
      </button>
      {'\n'}
      {collapsed.tail}
    </pre>
  );
}
