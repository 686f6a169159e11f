import MarkdownIt from 'markdown-it';

// html: false escapes every raw HTML tag, so a <script> or <img onerror> in a section or comment
// is shown as text. markdown-it's own link check (validateLink) already drops javascript:,
// vbscript:, file: and non-image data: URLs; links stay plain <a href>, no attributes from input.
const markdown = new MarkdownIt({ html: false, linkify: true, typographer: false });

/**
 * Renders user Markdown to HTML that is safe to insert as-is: no raw HTML, no script URLs.
 * @example renderMarkdown('**Mục tiêu** <script>x()</script>') // '<p><strong>Mục tiêu</strong> &lt;script&gt;…'
 */
export function renderMarkdown(source: string): string {
  return markdown.render(source);
}
