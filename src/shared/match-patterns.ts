/**
 * Match patterns for origins, as host permissions and content-script registrations need them.
 * Never with a port: Firefox silently never matches `http://localhost:3000/*`, and Chrome
 * ignores ports in patterns anyway. So `http://localhost/*` covers every
 * local port; whoever needs the exact origin must check it separately.
 */

/** The port-less pattern for an origin or URL; null for anything but http(s). */
export function originPattern(origin: string): string | null {
  try {
    const url = new URL(origin);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
    return `${url.protocol}//${url.hostname}/*`;
  } catch {
    return null;
  }
}

/** Distinct port-less patterns for these origins, in order; invalid ones are dropped. */
export function originPatterns(origins: readonly string[]): string[] {
  return [...new Set(origins.map(originPattern).filter((p): p is string => p !== null))];
}
