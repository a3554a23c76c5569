/**
 * SHA-256 of a text as 64 lowercase hex digits: how the worker files things under a hash
 * (refresh tokens it has seen, device records, per-pool marks) instead of in clear.
 */
export async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}
