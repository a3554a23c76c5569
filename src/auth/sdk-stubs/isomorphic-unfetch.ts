/**
 * Stand-in for isomorphic-unfetch in the extension build (vite.config.ts aliases it). The
 * Cognito SDK's Client imports it only for its side effect: install the `unfetch`
 * XMLHttpRequest polyfill as `self.fetch` when there is none. Every context the extension runs
 * in (MV3 worker, Firefox event page, extension pages) has a native `fetch`, and a worker has
 * no XMLHttpRequest for the polyfill to use, so the import does nothing here.
 */
export default globalThis.fetch;
