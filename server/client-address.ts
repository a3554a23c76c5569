// Who is asking, for per-address rate limits. By default the TCP peer, because any client can
// write any `X-Forwarded-For`. Behind load balancers or proxies that append the address they
// saw to `X-Forwarded-For`, `trustProxy` says how many of them there are; the address is then
// read that many entries from the right, which only our own proxies wrote (the same rule as
// Express's numeric `trust proxy`).
import { isIP } from 'node:net';

/**
 * @param peer the TCP peer's address (undefined if the socket is gone)
 * @param forwardedFor the `X-Forwarded-For` header(s), comma-joined
 * @param trustProxy how many proxies in front of us append to `X-Forwarded-For`; 0 trusts none
 */
export function clientAddress(peer: string | undefined, forwardedFor: string | undefined, trustProxy: number): string {
  const socket = normalize(peer ?? '') ?? 'unknown';
  if (trustProxy <= 0 || !forwardedFor) return socket;
  const hops = forwardedFor.split(',').map((s) => s.trim()).filter(Boolean);
  // Fewer entries than trusted proxies: the leftmost is still one a trusted proxy wrote.
  const entry = hops[Math.max(0, hops.length - trustProxy)];
  return normalize(entry ?? '') ?? socket;
}

/**
 * The rate-limit key of an address: IPv4 as is, IPv6 by its /64 (one customer usually holds a
 * whole /64, so per-address counts would be trivial to dodge). IPv4-mapped IPv6 becomes IPv4.
 * Null for anything that is not an IP address.
 */
export function normalize(address: string): string | null {
  let a = address.trim();
  if (a.startsWith('[') && a.includes(']')) a = a.slice(1, a.indexOf(']'));
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(a);
  if (mapped?.[1]) a = mapped[1];
  const version = isIP(a);
  if (version === 4) return a;
  if (version !== 6) return null;
  return `${expandV6(a).slice(0, 4).join(':')}::/64`;
}

function expandV6(a: string): string[] {
  const noZone = a.split('%')[0] ?? a;
  // An embedded IPv4 tail (e.g. ::1.2.3.4) counts as two groups; only the first four groups matter.
  const [head = '', tail] = noZone.split('::');
  const groups = (s: string) => (s ? s.split(':') : []);
  const left = groups(head);
  const right = tail === undefined ? [] : groups(tail);
  const fill = tail === undefined ? [] : Array<string>(Math.max(0, 8 - left.length - right.length)).fill('0');
  return [...left, ...fill, ...right].map((g) => (g.includes('.') ? g : (parseInt(g, 16) || 0).toString(16)));
}
