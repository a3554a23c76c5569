/** Reads a JWT's claims without verifying it: the client only needs times and ids. The API verifies. */
export interface JwtClaims {
  sub?: string;
  exp?: number;
  iat?: number;
  username?: string;
  client_id?: string;
  token_use?: string;
  [claim: string]: unknown;
}

function base64UrlDecode(part: string): string {
  const b64 = part.replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(part.length / 4) * 4, '=');
  const binary = atob(b64);
  return new TextDecoder().decode(Uint8Array.from(binary, (c) => c.charCodeAt(0)));
}

export function decodeJwt(token: string): JwtClaims {
  const payload = token.split('.')[1];
  if (!payload) throw new Error('Not a JWT');
  const claims: unknown = JSON.parse(base64UrlDecode(payload));
  if (typeof claims !== 'object' || claims === null) throw new Error('Not a JWT');
  return claims as JwtClaims;
}
