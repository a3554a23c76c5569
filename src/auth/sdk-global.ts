/**
 * Node's `global`, for amazon-cognito-identity-js's dependencies, before they load.
 *
 * The SDK imports the npm `buffer` package, which reads `global.TYPED_ARRAY_SUPPORT` as it loads,
 * and its random source looks for `global.crypto` when there is no `window` (a service worker,
 * Firefox's event page has one). Neither package asks for a bundler rewrite: both expect the
 * global Node provides, so this module provides it, as the same object as `globalThis`.
 * lazy-cognito-sdk.ts imports it before the SDK; ES modules run in import order.
 */
(globalThis as { global?: typeof globalThis }).global ??= globalThis;

export {};
