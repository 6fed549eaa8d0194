import { useInsertionEffect } from 'react';

/**
 * Stand-in for Mantine's InlineStyles (swapped in by vite.config.ts). Mantine renders
 * responsive and AppShell rules as an inline <style> element, which the server's
 * `style-src 'self'` refuses; constructed stylesheets are CSSOM and stay allowed.
 */
type CssObject = Record<string, string | number | undefined>;

export interface InlineStylesProps {
  selector: string;
  styles?: CssObject;
  media?: { query: string; styles: CssObject }[];
  container?: { query: string; styles: CssObject }[];
  deduplicate?: boolean;
}

const kebab = (name: string): string =>
  name.startsWith('--') ? name : name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

function declarations(css: CssObject): string {
  return Object.entries(css)
    .filter(([, value]) => value !== undefined)
    .map(([name, value]) => `${kebab(name)}:${String(value)};`)
    .join('');
}

export function stylesToCss({ selector, styles, media, container }: InlineStylesProps): string {
  const base = styles ? declarations(styles) : '';
  const mediaRules = (media ?? []).map((m) => `@media${m.query}{${selector}{${declarations(m.styles)}}}`);
  const containerRules = (container ?? []).map(
    (c) => `@container ${c.query}{${selector}{${declarations(c.styles)}}}`,
  );
  return `${base ? `${selector}{${base}}` : ''}${mediaRules.join('')}${containerRules.join('')}`;
}

const sheets = new Map<string, { sheet: CSSStyleSheet; users: number }>();

function adopt(css: string): () => void {
  if (typeof document === 'undefined' || !('adoptedStyleSheets' in document) || !css) return () => {};
  let entry = sheets.get(css);
  if (!entry) {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(css);
    entry = { sheet, users: 0 };
    sheets.set(css, entry);
    document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
  }
  entry.users += 1;
  const held = entry;
  return () => {
    held.users -= 1;
    if (held.users > 0) return;
    sheets.delete(css);
    document.adoptedStyleSheets = document.adoptedStyleSheets.filter((s) => s !== held.sheet);
  };
}

export function InlineStyles(props: InlineStylesProps): null {
  const css = stylesToCss(props);
  useInsertionEffect(() => adopt(css), [css]);
  return null;
}
