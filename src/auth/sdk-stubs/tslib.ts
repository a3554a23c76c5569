/**
 * Stand-in for tslib inside the extension's Cognito SDK bundle (vite.config.ts swaps it in).
 * The SDK's SHA-256 (@aws-crypto/sha256-js 1.x, compiled to CommonJS) requires all of tslib for
 * three helpers: `__exportStar` for its index, and `__awaiter` + `__generator` for its async
 * `digest()`. The SDK only ever calls `digestSync()`, so those two fail loudly if that changes.
 */
export function __exportStar(from: Record<string, unknown>, to: Record<string, unknown>): void {
  for (const key of Object.keys(from)) {
    if (key !== 'default' && !Object.prototype.hasOwnProperty.call(to, key)) {
      Object.defineProperty(to, key, { enumerable: true, get: () => from[key] });
    }
  }
}

function unused(): never {
  throw new Error('tslib is stubbed out of the Cognito SDK bundle: call Sha256.digestSync(), not digest()');
}

export const __awaiter = unused;
export const __generator = unused;
