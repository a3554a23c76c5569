/**
 * Draws the extension icon at each size and writes PNGs to public/icons: the same mark as inside
 * the extension (the popup's, Settings' and the feed's `brand__mark`), a white "C" on a purple
 * rounded square, so the toolbar button, the extensions page and the views are one family.
 * Run once: `npx tsx scripts/make-icons.ts`. The PNGs are committed; no image tool is needed to
 * build.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
const crc32 = (buf: Buffer) => {
  let c = 0xffffffff;
  for (const b of buf) c = (crcTable[(c ^ b) & 0xff] ?? 0) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
};
function chunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}
function png(size: number, pixel: (x: number, y: number) => [number, number, number, number]): Buffer {
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0;
    for (let x = 0; x < size; x++) raw.set(pixel(x, y), y * (size * 4 + 1) + 1 + x * 4);
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr.set([8, 6, 0, 0, 0], 8);
  return Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

const clamp = (v: number) => Math.max(0, Math.min(1, v));
// Signed distances in unit square coordinates (0..1).
const roundedBox = (x: number, y: number, half: number, r: number) => {
  const qx = Math.abs(x - 0.5) - half + r;
  const qy = Math.abs(y - 0.5) - half + r;
  return Math.hypot(Math.max(qx, 0), Math.max(qy, 0)) + Math.min(Math.max(qx, qy), 0) - r;
};

/**
 * The "C": a ring open on the right, with round ends. `gap` is half the opening's angle; small
 * sizes get a thicker stroke, so the letter stays legible at 16 px.
 */
function letterC(x: number, y: number, size: number): number {
  const [cx, cy, r] = [0.5, 0.5, 0.235];
  const half = size <= 16 ? 0.095 : size <= 32 ? 0.085 : 0.075;
  const gap = Math.PI / 4;
  const angle = Math.atan2(y - cy, x - cx);
  if (Math.abs(angle) > gap) return Math.abs(Math.hypot(x - cx, y - cy) - r) - half;
  // In the opening: the distance to the nearer round end.
  const ends = [gap, -gap].map((a) => Math.hypot(x - (cx + r * Math.cos(a)), y - (cy + r * Math.sin(a))));
  return Math.min(...ends) - half;
}

function icon(size: number) {
  const aa = 1 / size;
  return png(size, (px, py) => {
    let [r, g, b, a] = [0, 0, 0, 0];
    for (let s = 0; s < 4; s++) {
      const x = (px + 0.25 + (s % 2) * 0.5) / size;
      const y = (py + 0.25 + Math.floor(s / 2) * 0.5) / size;
      const inBox = clamp(0.5 - roundedBox(x, y, 0.47, 0.2) / aa);
      if (inBox === 0) continue;
      // The theme's accent (#8b5cf6) top left to its strong accent (#6d28d9) bottom right.
      const t = (x + y) / 2;
      let cr = 139 - 30 * t, cg = 92 - 52 * t, cb = 246 - 29 * t;
      const white = clamp(0.5 - letterC(x, y, size) / aa);
      cr = cr * (1 - white) + 255 * white; cg = cg * (1 - white) + 255 * white; cb = cb * (1 - white) + 255 * white;
      r += cr * inBox; g += cg * inBox; b += cb * inBox; a += inBox;
    }
    return a === 0 ? [0, 0, 0, 0] : [Math.round(r / a), Math.round(g / a), Math.round(b / a), Math.round((a / 4) * 255)];
  });
}

mkdirSync('public/icons', { recursive: true });
for (const size of [16, 32, 48, 128]) writeFileSync(`public/icons/icon-${size}.png`, icon(size));
console.log('icons written to public/icons');
