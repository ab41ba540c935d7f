import DOMPurify from 'dompurify';
import { marked } from 'marked';
import { useMemo } from 'react';

/** Markdown comes from user code, so it is sanitised before it becomes HTML in the page. */
export function renderMarkdown(source: string): string {
  return DOMPurify.sanitize(marked(source, { async: false, gfm: true }));
}

export function MarkdownOutput({ source }: { source: string }) {
  const html = useMemo(() => renderMarkdown(source), [source]);
  // biome-ignore lint/security/noDangerouslySetInnerHtml: sanitised by DOMPurify just above.
  return <div className="output-markdown" dangerouslySetInnerHTML={{ __html: html }} />;
}
