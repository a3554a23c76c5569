/**
 * Stand-in for @aws-crypto/sha256-js's `Sha256` inside the extension's Cognito SDK bundle
 * (vite.config.ts swaps it in). The hashing itself stays the package's own `RawSha256`; this
 * replaces only its wrapper, which pulls in @aws-crypto/util and tslib for input conversion and
 * an async `digest()` the SDK never calls. The SDK uses `new Sha256(key?)` (a key makes it
 * HMAC-SHA-256), `update(string | bytes)` and `digestSync()`; that is all there is here, and it
 * is checked against node:crypto in sha256-js.test.ts.
 */
import { RawSha256 } from '@aws-crypto/sha256-js/build/RawSha256.js';

const BLOCK_SIZE = 64;

type Data = string | ArrayBuffer | ArrayBufferView;

function toBytes(data: Data): Uint8Array {
  if (typeof data === 'string') return new TextEncoder().encode(data);
  if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  return new Uint8Array(data);
}

export class Sha256 {
  readonly #hash = new RawSha256();
  readonly #outer: RawSha256 | undefined;

  constructor(secret?: Data) {
    if (!secret) return;
    // HMAC (RFC 2104): a key longer than a block is hashed first, then padded to a block.
    let key = toBytes(secret);
    if (key.byteLength > BLOCK_SIZE) {
      const long = new RawSha256();
      long.update(key);
      key = long.digest();
    }
    const inner = new Uint8Array(BLOCK_SIZE);
    const outer = new Uint8Array(BLOCK_SIZE);
    for (let i = 0; i < BLOCK_SIZE; i++) {
      inner[i] = (key[i] ?? 0) ^ 0x36;
      outer[i] = (key[i] ?? 0) ^ 0x5c;
    }
    this.#hash.update(inner);
    this.#outer = new RawSha256();
    this.#outer.update(outer);
  }

  update(data: Data): void {
    const bytes = toBytes(data);
    if (bytes.byteLength > 0) this.#hash.update(bytes);
  }

  digestSync(): Uint8Array {
    if (!this.#outer) return this.#hash.digest();
    if (!this.#outer.finished) this.#outer.update(this.#hash.digest());
    return this.#outer.digest();
  }
}
