/**
 * webextension-polyfill ships one UMD file. Imported as CommonJS, it makes the bundler add its
 * CommonJS interop helpers (`__commonJS`, `__toESM` and the property copiers behind them) to the
 * chunk every page and the worker load: about 0.25 KB gzip of the popup's first view. Wrapped
 * here as an ES module, the UMD takes its CommonJS branch (`factory(module)`) against a local
 * `module`, and the module's default export is what `require` would have returned. No global is
 * written (the UMD's browser-global branch is never taken).
 */
import type { Plugin } from 'vite';

export const POLYFILL_FILE = /[\\/]webextension-polyfill[\\/]dist[\\/]browser-polyfill(?:\.min)?\.js$/;

/** The UMD source as an ES module whose default export is its `module.exports`. */
export function umdAsEsm(code: string): string {
  return `const module = { exports: {} };\nconst exports = module.exports;\n${code}\nexport default module.exports;\n`;
}

export function polyfillAsEsm(): Plugin {
  return {
    name: 'cruddur:polyfill-as-esm',
    enforce: 'pre',
    transform: {
      filter: { id: POLYFILL_FILE },
      handler: (code) => ({ code: umdAsEsm(code), map: null }),
    },
  };
}
