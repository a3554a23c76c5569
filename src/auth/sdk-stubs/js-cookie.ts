/**
 * Stand-in for js-cookie in the extension build (vite.config.ts aliases it). The Cognito SDK
 * imports it only for its CookieStorage, which the adapter never uses (it passes its own
 * Storage, see MirrorStorage), and a worker has no cookies anyway. Any call is a bug: fail
 * loudly instead of silently storing nothing.
 */
function unavailable(): never {
  throw new Error('js-cookie is stubbed out of the extension: pass a Storage to the Cognito SDK, not CookieStorage');
}

const Cookies = { get: unavailable, set: unavailable, remove: unavailable, getJSON: unavailable };
export default Cookies;
