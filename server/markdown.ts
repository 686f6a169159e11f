import MarkdownIt from 'markdown-it';
import { MENTION_PATTERN } from '../shared/mentions.ts';

// html: false escapes every raw HTML tag, so a <script> or <img onerror> in a section or comment
// is shown as text. markdown-it's own link check (validateLink) already drops javascript:,
// vbscript:, file: and non-image data: URLs; links stay plain <a href>, no attributes from input.
const markdown = new MarkdownIt({ html: false, linkify: true, typographer: false });

// A mention `@[Name](user:42)` (shared/mentions.ts) is shown as a styled "@Name", not as a link to
// the meaningless URL "user:42". The name becomes a text token, which markdown-it escapes.
const MENTION_AT_START = new RegExp(`^${MENTION_PATTERN.source}`);
markdown.inline.ruler.before('link', 'mention', (state, silent) => {
  if (state.src.charCodeAt(state.pos) !== 0x40 /* @ */) return false;
  const match = MENTION_AT_START.exec(state.src.slice(state.pos));
  if (!match) return false;
  if (!silent) {
    const open = state.push('mention_open', 'span', 1);
    open.attrSet('class', 'mention');
    state.push('text', '', 0).content = `@${match[1]}`;
    state.push('mention_close', 'span', -1);
  }
  state.pos += match[0].length;
  return true;
});

/**
 * Renders user Markdown to HTML that is safe to insert as-is: no raw HTML, no script URLs.
 * @example renderMarkdown('**Mục tiêu** <script>x()</script>') // '<p><strong>Mục tiêu</strong> &lt;script&gt;…'
 */
export function renderMarkdown(source: string): string {
  return markdown.render(source);
}
