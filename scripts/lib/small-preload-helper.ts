/**
 * Vite wraps every dynamic `import()` of a page as `__vitePreload(() => import(…), deps)`. Its
 * own helper (0.7 KB gzip, in the popup's first script) adds `<link rel=modulepreload>` tags
 * for the chunk's JS and `<link rel=stylesheet>` tags for its CSS, with CSP nonces and a
 * `vite:preloadError` event. With `build.modulePreload: false` only stylesheets are ever listed,
 * and nothing here listens for that event. This plugin swaps in a helper that does just that:
 * link each listed stylesheet the page has not linked yet, wait for it, then import.
 */
import type { Plugin } from 'vite';

/** The id Vite's import analysis imports the helper from (Vite 8). */
export const PRELOAD_HELPER_ID = '\0vite/preload-helper.js';

/**
 * `deps` are paths from the output root (`assets/x.css`); Vite resolves them against `base`,
 * which is `/` here (the plugin refuses any other), and a page's HTML links its stylesheets by
 * that same `href`. A page's own stylesheets are already linked, so for today's chunks this
 * only imports.
 */
export const SMALL_PRELOAD_HELPER = `export const __vitePreload = (load, deps) => Promise.all((deps || []).map((dep) =>
  document.querySelector(\`link[href="/\${dep}"]\`) ||
  new Promise((resolve, reject) => document.head.append(Object.assign(document.createElement('link'), {
    rel: 'stylesheet', href: '/' + dep, onload: resolve, onerror: () => reject(new Error('Unable to load ' + dep)),
  }))),
)).then(() => load());
`;

export function smallPreloadHelper(): Plugin {
  return {
    name: 'cruddur:small-preload-helper',
    apply: 'build',
    enforce: 'pre',
    configResolved(config) {
      if (config.base !== '/') throw new Error(`small-preload-helper resolves stylesheets against "/", but base is "${config.base}"`);
      if (config.build.modulePreload !== false) throw new Error('small-preload-helper links stylesheets only: set build.modulePreload to false');
    },
    resolveId: (id) => (id === PRELOAD_HELPER_ID ? id : null),
    load: (id) => (id === PRELOAD_HELPER_ID ? SMALL_PRELOAD_HELPER : null),
  };
}
