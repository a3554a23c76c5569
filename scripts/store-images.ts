/**
 * The stores' images, in store/: listing screenshots (1280 × 800) made of real views, and the
 * promotional tiles (440 × 280, 1400 × 560). The views are screenshots the e2e suite takes of the
 * built extension on the local stack (test/e2e/store-screenshots.test.ts, with
 * STORE_SCREENSHOTS=1, which then calls `makeStoreImages`); this lays them on a canvas with a
 * caption and renders it in headless Chromium, at one device pixel per CSS pixel, so the views
 * keep their real size. Nothing of a view is drawn here.
 *
 * Standalone, from shots an earlier run left in test-results/screenshots:
 * `npx tsx scripts/store-images.ts`.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const ROOT = resolve(import.meta.dirname, '..');
const SHOTS = resolve(ROOT, 'test-results/screenshots');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** The raw views each listing screenshot shows (names given by the e2e file), with its caption. */
export const STORE_SCREENSHOTS = [
  { file: '1-feed.png', views: ['store-home-light'], title: 'Your Cruddur feed, one click away', line: 'Read your home feed from the toolbar, signed in once, even right after the browser starts.' },
  { file: '2-post.png', views: ['store-compose', 'store-home-dark'], title: 'Post a crud from any page', line: 'Write, or select text and choose “Post to Cruddur”. Pick when it expires. Light and dark.' },
  { file: '3-sign-in.png', views: ['store-sign-in', 'store-mfa'], title: 'Sign in with your Cruddur account', line: 'Email and password, with two-step verification when your account uses it.' },
  { file: '4-settings.png', views: ['store-options'], title: 'Your account, your Cognito pool', line: 'Two-step verification, sign-out everywhere, and for developers, any Cognito pool and Cruddur API.' },
] as const;

export const RAW_VIEWS = [...new Set(STORE_SCREENSHOTS.flatMap((s) => s.views))];

const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
const dataUrl = (png: Buffer) => `data:image/png;base64,${png.toString('base64')}`;

const BASE_STYLE = `
  * { box-sizing: border-box; }
  html, body { margin: 0; width: 100%; height: 100%; overflow: hidden; }
  body { font-family: system-ui, "DejaVu Sans", sans-serif; color: #fff;
    background: radial-gradient(circle at 20% 10%, #8b5cf6 0, #6d28d9 40%, #3b0764 100%); }
  .mark { display: grid; place-items: center; background: #7c3aed; border-radius: 22%; font-weight: 700;
    box-shadow: 0 0 0 3px rgba(255,255,255,.25); }
`;

function screenshotPage(title: string, line: string, views: Buffer[]): string {
  // A page taller than the canvas (Settings) shows its top, at its real size.
  const images = views.map((v) => `<div class="clip"><img src="${dataUrl(v)}" alt=""></div>`).join('');
  return `<!doctype html><html><head><meta charset="utf-8"><style>${BASE_STYLE}
    body { display: flex; align-items: center; gap: 56px; padding: 0 72px; }
    .text { flex: 1; min-width: 0; }
    h1 { font-size: 46px; line-height: 1.15; margin: 0 0 20px; }
    p { font-size: 24px; line-height: 1.45; margin: 0; opacity: .92; }
    .views { display: flex; gap: 28px; align-items: center; }
    .clip { max-height: 680px; overflow: hidden; border-radius: 12px; box-shadow: 0 18px 50px rgba(0,0,0,.45); }
    .clip img { display: block; }
  </style></head><body><div class="text"><h1>${escape(title)}</h1><p>${escape(line)}</p></div><div class="views">${images}</div></body></html>`;
}

function tilePage(size: 'small' | 'marquee', icon: Buffer, view?: Buffer): string {
  const small = size === 'small';
  return `<!doctype html><html><head><meta charset="utf-8"><style>${BASE_STYLE}
    body { display: flex; align-items: center; gap: ${small ? 22 : 56}px; padding: 0 ${small ? 32 : 96}px; }
    img.icon { width: ${small ? 88 : 160}px; height: ${small ? 88 : 160}px; flex: none; }
    h1 { font-size: ${small ? 30 : 64}px; line-height: 1.1; margin: 0 0 ${small ? 10 : 20}px; }
    p { font-size: ${small ? 17 : 30}px; line-height: 1.35; margin: 0; opacity: .92; }
    .text { flex: 1; }
    img.view { height: 480px; border-radius: 12px; box-shadow: 0 18px 50px rgba(0,0,0,.45); }
  </style></head><body><img class="icon" src="${dataUrl(icon)}" alt="">
  <div class="text"><h1>Cruddur Companion</h1><p>Your Cruddur feed and posts, from any tab.</p></div>
  ${view && !small ? `<img class="view" src="${dataUrl(view)}" alt="">` : ''}</body></html>`;
}

/** Renders each page at its size with one headless Chromium; returns the PNGs. */
async function render(pages: { html: string; width: number; height: number }[]): Promise<Buffer[]> {
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true });
  try {
    const out: Buffer[] = [];
    for (const p of pages) {
      const page = await browser.newPage({ viewport: { width: p.width, height: p.height }, deviceScaleFactor: 1 });
      await page.setContent(p.html, { waitUntil: 'load' });
      out.push(await page.screenshot({ type: 'png' }));
      await page.close();
    }
    return out;
  } finally {
    await browser.close();
  }
}

/** Writes store/screenshots/*.png and store/promo/*.png from raw views (`<dir>/chromium-<view>.png`). */
export async function makeStoreImages(shotsDir = SHOTS): Promise<string[]> {
  const raw = new Map<string, Buffer>();
  for (const view of RAW_VIEWS) {
    const path = resolve(shotsDir, `chromium-${view}.png`);
    raw.set(view, await readFile(path).catch(() => {
      throw new Error(`${path} is missing: run STORE_SCREENSHOTS=1 E2E_BROWSERS=chromium npx vitest run test/e2e/store-screenshots.test.ts`);
    }));
  }
  const views = (names: readonly string[]) => names.map((n) => raw.get(n) ?? Buffer.alloc(0));
  const icon = await readFile(resolve(ROOT, 'public/icons/icon-128.png'));
  const pngs = await render([
    ...STORE_SCREENSHOTS.map((s) => ({ html: screenshotPage(s.title, s.line, views(s.views)), width: 1280, height: 800 })),
    { html: tilePage('small', icon), width: 440, height: 280 },
    { html: tilePage('marquee', icon, raw.get('store-home-dark')), width: 1400, height: 560 },
  ]);
  const files = [
    ...STORE_SCREENSHOTS.map((s) => resolve(ROOT, 'store/screenshots', s.file)),
    resolve(ROOT, 'store/promo/small-tile.png'),
    resolve(ROOT, 'store/promo/marquee.png'),
  ];
  await mkdir(resolve(ROOT, 'store/screenshots'), { recursive: true });
  await mkdir(resolve(ROOT, 'store/promo'), { recursive: true });
  await Promise.all(files.map((f, i) => writeFile(f, pngs[i] ?? Buffer.alloc(0))));
  return files;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  for (const f of await makeStoreImages()) console.log(f);
}
