/**
 * Stand-in for @aws-sdk/util-utf8-browser inside the extension's Cognito SDK bundle
 * (vite.config.ts swaps it in). The package picks TextEncoder/TextDecoder when they exist and
 * carries a pure-JS fallback for when they do not; every context the extension runs in has
 * them, so this is the package's own TextEncoder branch without the fallback.
 */
export const fromUtf8 = (input: string): Uint8Array => new TextEncoder().encode(input);
export const toUtf8 = (input: Uint8Array): string => new TextDecoder('utf-8').decode(input);
