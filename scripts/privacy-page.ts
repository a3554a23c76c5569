/**
 * The privacy policy as an extension page: `public/privacy.html` (shipped as `/privacy.html`,
 * linked from Settings and the welcome page) is PRIVACY.md followed by the permission table of
 * store/permissions.md, rendered by `renderPrivacyPage`. Run `npx tsx scripts/privacy-page.ts`
 * after editing either; scripts/store.test.ts fails while the page differs from its sources.
 *
 * The renderer knows only what those two files use: headings, paragraphs, lists, one table,
 * bold, emphasis, code and links. A static page: no script, so it needs no build step.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const ROOT = resolve(import.meta.dirname, '..');
export const PRIVACY_PAGE_FILE = resolve(ROOT, 'public/privacy.html');

const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Links into the repository have no address inside the extension: the permissions are on this page. */
function href(target: string): string | null {
  if (/^https:\/\//.test(target)) return target;
  if (target.endsWith('permissions.md')) return '#permissions';
  return null;
}

function inline(text: string): string {
  // Code spans first, so nothing inside them is read as markup.
  return text
    .split(/(`[^`]*`)/)
    .map((part) => {
      if (part.startsWith('`') && part.endsWith('`') && part.length > 1) return `<code>${escape(part.slice(1, -1))}</code>`;
      return escape(part)
        .replace(/\[([^\]]+)\]\(([^)]+)\)/g, (_, label: string, target: string) => {
          const to = href(target);
          return to ? `<a href="${to}"${to.startsWith('#') ? '' : ' rel="noopener noreferrer"'}>${label}</a>` : label;
        })
        .replace(/\*\*([^*]+)\*\*/g, '<strong>$1</strong>')
        .replace(/\*([^*]+)\*/g, '<em>$1</em>');
    })
    .join('');
}

const slug = (heading: string) => heading.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');

/** Markdown (the subset above) to HTML; headings shift down by `shift` levels. */
export function markdownToHtml(markdown: string, shift = 0): string {
  const out: string[] = [];
  const blocks = markdown.replace(/\r\n/g, '\n').split(/\n{2,}/);
  for (const block of blocks.map((b) => b.trim()).filter(Boolean)) {
    const heading = /^(#{1,6}) (.*)$/.exec(block);
    if (heading && !block.includes('\n')) {
      const [, hashes = '', text = ''] = heading;
      const level = Math.min(hashes.length + shift, 6);
      out.push(`<h${level} id="${slug(text)}">${inline(text)}</h${level}>`);
    } else if (block.startsWith('- ')) {
      const items = block.split(/\n(?=- )/).map((item) => item.slice(2).replace(/\n\s+/g, ' '));
      out.push(`<ul>\n${items.map((i) => `  <li>${inline(i)}</li>`).join('\n')}\n</ul>`);
    } else if (block.startsWith('|')) {
      const rows = block.split('\n').filter((row) => !/^\|[\s|:-]+\|$/.test(row));
      const cells = (row: string) => row.replace(/^\||\|$/g, '').split(' | ').map((c) => inline(c.trim()));
      const [head, ...body] = rows;
      out.push(
        `<table>\n  <thead><tr>${cells(head ?? '').map((c) => `<th scope="col">${c}</th>`).join('')}</tr></thead>\n  <tbody>\n` +
          body.map((row) => `    <tr>${cells(row).map((c, i) => (i === 0 ? `<th scope="row">${c}</th>` : `<td>${c}</td>`)).join('')}</tr>`).join('\n') +
          '\n  </tbody>\n</table>',
      );
    } else {
      out.push(`<p>${inline(block.replace(/\n/g, ' '))}</p>`);
    }
  }
  return out.join('\n');
}

const STYLE = `
  :root { color-scheme: light dark; --fg: #1d1b22; --bg: #ffffff; --line: #d9d5e2; --accent: #6d28d9; }
  @media (prefers-color-scheme: dark) { :root { --fg: #ece9f3; --bg: #18161d; --line: #3a3644; --accent: #c4b5fd; } }
  body { margin: 0; background: var(--bg); color: var(--fg); font: 16px/1.55 system-ui, sans-serif; }
  main { max-width: 46rem; margin: 0 auto; padding: 1.5rem 1rem 3rem; }
  h1 { font-size: 1.6rem; line-height: 1.25; }
  h2 { font-size: 1.25rem; margin-top: 2rem; border-top: 1px solid var(--line); padding-top: 1.25rem; }
  h3 { font-size: 1.05rem; margin-top: 1.5rem; }
  a { color: var(--accent); }
  code { font-size: 0.9em; overflow-wrap: anywhere; }
  li { margin-block: 0.35rem; }
  table { border-collapse: collapse; width: 100%; }
  th, td { text-align: start; vertical-align: top; border-top: 1px solid var(--line); padding: 0.5rem 0.5rem 0.5rem 0; }
  th[scope="row"] { font-weight: 600; min-width: 8rem; }
`;

/** The whole page, from the two files' text. */
export function renderPrivacyPage(privacy: string, permissions: string): string {
  const table = permissions.slice(permissions.indexOf('## Permissions'));
  const end = table.indexOf('\n## ', 1);
  const permissionsSection = markdownToHtml(end === -1 ? table : table.slice(0, end));
  return `<!doctype html>
<!-- Made by scripts/privacy-page.ts from PRIVACY.md and store/permissions.md: edit those, not this. -->
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Cruddur Companion privacy policy</title>
<style>${STYLE}</style>
</head>
<body>
<main data-testid="privacy-policy">
${markdownToHtml(privacy)}
${permissionsSection}
</main>
</body>
</html>
`;
}

export async function privacyPageFromSources(): Promise<string> {
  const [privacy, permissions] = await Promise.all([readFile(resolve(ROOT, 'PRIVACY.md'), 'utf8'), readFile(resolve(ROOT, 'store/permissions.md'), 'utf8')]);
  return renderPrivacyPage(privacy, permissions);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  await writeFile(PRIVACY_PAGE_FILE, await privacyPageFromSources());
  console.log(`Wrote ${PRIVACY_PAGE_FILE}`);
}
