import { useMemo } from 'react';
import { renderMarkdown } from '@/ui/outputs/MarkdownOutput';

/** Renders a markdown cell. Imported notebooks are untrusted, so the HTML is sanitised. */
export function Markdown({ source }: { source: string }) {
  const html = useMemo(() => renderMarkdown(source), [source]);
  // biome-ignore lint/security/noDangerouslySetInnerHtml: sanitised by renderMarkdown (DOMPurify)
  return <div className="markdown" dangerouslySetInnerHTML={{ __html: html }} />;
}
