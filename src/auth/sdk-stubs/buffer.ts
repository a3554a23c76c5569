/**
 * Stand-in for the `buffer` package inside the extension's Cognito SDK bundle (vite.config.ts
 * swaps it in). amazon-cognito-identity-js 6.x makes a handful of Node Buffer calls, and the npm
 * polyfill it pulls in for them was a third of the worker's code. What the SDK calls, and
 * nothing else:
 *
 * - `Buffer.from(string, 'hex' | 'utf8' | 'base64')` and `Buffer.from(bytes)` (a copy);
 * - `Buffer.concat(list)`;
 * - `buffer.toString('hex' | 'base64' | 'utf8')` and `buffer.slice(start, end)`;
 * - Buffers handed to @aws-crypto/sha256-js, which reads them as Uint8Arrays.
 *
 * Decoding follows Node: hex stops at the first pair that is not hex; base64 accepts the URL
 * alphabet (JWT payloads are base64url), missing padding and stray characters. An encoding the
 * SDK never uses throws, so a new SDK call shows up in tests, not as wrong bytes.
 * (src/auth/sdk-stubs/buffer.test.ts checks each call against Node's Buffer.)
 */
function encodingOf(encoding = 'utf8'): 'hex' | 'utf8' | 'base64' {
  const e = encoding.toLowerCase();
  if (e === 'hex' || e === 'base64') return e;
  if (e === 'utf8' || e === 'utf-8') return 'utf8';
  throw new TypeError(`Buffer stand-in: encoding "${encoding}" is not used by the Cognito SDK`);
}

function fromHex(hex: string): Uint8Array {
  const pairs = /^(?:[0-9a-fA-F]{2})*/.exec(hex)?.[0].match(/../g) ?? [];
  return Uint8Array.from(pairs, (pair) => parseInt(pair, 16));
}

function fromBase64(text: string): Uint8Array {
  const digits = (text.split('=')[0] ?? '').replace(/-/g, '+').replace(/_/g, '/').replace(/[^A-Za-z0-9+/]/g, '');
  // A lone trailing digit carries no whole byte: Node drops it, atob would throw.
  const whole = digits.length % 4 === 1 ? digits.slice(0, -1) : digits;
  return Uint8Array.from(atob(whole), (c) => c.charCodeAt(0));
}

/** The bytes the SDK holds: a Uint8Array whose `toString` takes an encoding (so does `slice`'s result). */
export class SdkBuffer extends Uint8Array {
  override toString(encoding?: string): string {
    const e = encodingOf(encoding);
    if (e === 'hex') return Array.from(this, (b) => b.toString(16).padStart(2, '0')).join('');
    if (e === 'base64') return btoa(Array.from(this, (b) => String.fromCharCode(b)).join(''));
    return new TextDecoder().decode(this);
  }
}

export const Buffer = {
  from(value: string | ArrayLike<number>, encoding?: string): SdkBuffer {
    if (typeof value !== 'string') return new SdkBuffer(Uint8Array.from(value));
    const e = encodingOf(encoding);
    return new SdkBuffer(e === 'hex' ? fromHex(value) : e === 'base64' ? fromBase64(value) : new TextEncoder().encode(value));
  },

  concat(list: readonly Uint8Array[]): SdkBuffer {
    const out = new SdkBuffer(list.reduce((n, b) => n + b.length, 0));
    list.reduce((at, b) => (out.set(b, at), at + b.length), 0);
    return out;
  },
};

export default { Buffer };
