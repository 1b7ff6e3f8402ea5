import type { ChildNode, Element } from 'domhandler';
import { parseDocument } from 'htmlparser2';

/**
 * Anki fields are HTML written by an editor or pasted from anywhere. They are parsed with a real HTML parser and
 * rebuilt from an allowlist: a few inline styles become Discord markdown, blocks become line breaks, everything
 * else keeps only its text. Nothing of the markup itself is carried over, so no tag, attribute, script or style
 * from a file reaches a message.
 */

export interface ConvertedHtml {
  text: string;
  /** Files named by `<img src>`, `<audio>`/`<video>`/`<source>` or Anki's `[sound:…]`. */
  media: string[];
  /** The HTML held a `<script>`: dropped, and worth telling the organizer. */
  hadScript: boolean;
}

const DROPPED = new Set([
  'script',
  'style',
  'head',
  'title',
  'template',
  'iframe',
  'object',
  'embed',
  'svg',
  'math',
  'noscript',
  'rt',
  'rp',
  'button',
  'input',
  'select',
  'textarea',
]);
const BLOCKS = new Set([
  'address',
  'article',
  'aside',
  'blockquote',
  'dd',
  'details',
  'div',
  'dl',
  'dt',
  'fieldset',
  'figcaption',
  'figure',
  'footer',
  'form',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'header',
  'hr',
  'li',
  'main',
  'nav',
  'ol',
  'p',
  'pre',
  'section',
  'summary',
  'table',
  'tr',
  'ul',
]);
const WRAPS: Record<string, string> = {
  b: '**',
  strong: '**',
  i: '*',
  em: '*',
  u: '__',
  s: '~~',
  strike: '~~',
  del: '~~',
};
const MEDIA_TAGS = new Set(['img', 'audio', 'video', 'source']);
const SOUND = /\[sound:([^\]]+)\]/g;
// Characters Discord reads as markdown or as mention/timestamp syntax.
const MARKDOWN_SPECIAL = /[\\*_~`|<>[\]]/g;

interface Context {
  markdown: boolean;
  media: string[];
  hadScript: boolean;
  inPre: boolean;
}

/** HTML to Discord markdown: bold, italics, underline, strike, code, lists; text escaped. */
export function htmlToMarkdown(html: string): ConvertedHtml {
  return convert(html, true);
}

/** HTML to plain text, for what members type and compare (a cloze answer). */
export function htmlToPlainText(html: string): ConvertedHtml {
  return convert(html, false);
}

function convert(html: string, markdown: boolean): ConvertedHtml {
  const context: Context = { markdown, media: [], hadScript: false, inPre: false };
  const withoutSounds = html.replace(SOUND, (_, name: string) => {
    addMedia(context, name);
    return ' ';
  });
  const document = parseDocument(withoutSounds, { decodeEntities: true, lowerCaseTags: true });
  const raw = renderNodes(document.children, context);
  return { text: tidy(raw), media: context.media, hadScript: context.hadScript };
}

function addMedia(context: Context, name: string | undefined): void {
  const trimmed = name?.trim();
  if (trimmed && !context.media.includes(trimmed)) context.media.push(trimmed);
}

// Block boundaries and <br> are marked with private-use characters, so that tidy() can tell them from text:
// the edges of adjacent blocks fold into one line break, each <br> is one.
const BREAK = '\ue000';
const LINE = '\ue001';

function renderNodes(nodes: readonly ChildNode[], context: Context): string {
  return nodes.map((node) => renderNode(node, context)).join('');
}

function renderNode(node: ChildNode, context: Context): string {
  if (node.type === 'text') {
    const text = context.inPre ? node.data : node.data.replace(/[\s\u00a0]+/g, ' ');
    // A mass mention from a file must not reach a message as one.
    return context.markdown
      ? text.replace(MARKDOWN_SPECIAL, '\\$&').replace(/@(everyone|here)/g, '@\u200b$1')
      : text;
  }
  if (node.type === 'cdata') return renderNodes(node.children, context);
  if (node.type !== 'tag' && node.type !== 'script' && node.type !== 'style') return '';
  return renderElement(node as Element, context);
}

function renderElement(element: Element, context: Context): string {
  const name = element.name;
  if (name === 'script') context.hadScript = true;
  if (DROPPED.has(name)) return '';
  if (MEDIA_TAGS.has(name)) {
    addMedia(context, element.attribs.src);
    return name === 'img' ? '' : renderNodes(element.children, context);
  }
  if (name === 'br') return LINE;
  if (name === 'pre') {
    const inner = renderNodes(element.children, { ...context, inPre: true, markdown: false });
    return context.markdown
      ? `${BREAK}\`\`\`\n${inner.replace(/`/g, "'")}\n\`\`\`${BREAK}`
      : `${BREAK}${inner}${BREAK}`;
  }
  const inner = renderNodes(element.children, context);
  if (name === 'code' && context.markdown) {
    const code = element.children.map((child) => (child.type === 'text' ? child.data : '')).join('');
    return code.trim() ? `\`${code.replace(/`/g, "'")}\`` : '';
  }
  const wrap = context.markdown ? WRAPS[name] : undefined;
  if (wrap) return wrapInline(inner, wrap);
  if (name === 'li') {
    const parent = element.parent as Element | null;
    const ordered = parent?.name === 'ol';
    const index = parent
      ? parent.children.filter((c) => c.type === 'tag' && c.name === 'li').indexOf(element)
      : 0;
    return `${BREAK}${ordered ? `${index + 1}. ` : '- '}${inner.trim()}${BREAK}`;
  }
  if (name === 'td' || name === 'th') return ` ${inner} `;
  if (BLOCKS.has(name)) return `${BREAK}${inner}${BREAK}`;
  return inner;
}

/** Wraps inline text in a markdown marker, keeping the marker tight against the words as Discord needs. */
function wrapInline(inner: string, marker: string): string {
  const match = /^(\s*)([\s\S]*?)(\s*)$/.exec(inner);
  const [, before = '', core = '', after = ''] = match ?? [];
  if (!core || core.includes(BREAK)) return inner;
  return `${before}${marker}${core}${marker}${after}`;
}

function tidy(raw: string): string {
  return raw
    .replace(new RegExp(`[ \\t]*${BREAK}(?:[ \\t]*${BREAK})*[ \\t]*`, 'g'), '\n')
    .replaceAll(LINE, '\n')
    .split('\n')
    .map((line) => line.replace(/[ \t]+/g, ' ').trim())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
