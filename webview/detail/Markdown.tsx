import { useMemo } from 'preact/hooks';
import { renderMarkdown } from './renderMarkdown';

/** Sanitised markdown (see renderMarkdown). Only the task detail uses it; cards never do. */
export function Markdown({ source, className }: { source: string; className?: string }) {
  const html = useMemo(() => renderMarkdown(source), [source]);
  return <div class={className ? `markdown ${className}` : 'markdown'} dangerouslySetInnerHTML={{ __html: html }} />;
}
