/**
 * Draws the extension icon (a purple rounded square with a white speech bubble) at each size
 * and writes PNGs to public/icons. Run once: `npx tsx scripts/make-icons.ts`. The PNGs are
 * committed; no image tool is needed to build.
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
const ellipse = (x: number, y: number, cx: number, cy: number, rx: number, ry: number) => (Math.hypot((x - cx) / rx, (y - cy) / ry) - 1) * Math.min(rx, ry);

function icon(size: number) {
  const aa = 1 / size;
  return png(size, (px, py) => {
    let [r, g, b, a] = [0, 0, 0, 0];
    for (let s = 0; s < 4; s++) {
      const x = (px + 0.25 + (s % 2) * 0.5) / size;
      const y = (py + 0.25 + Math.floor(s / 2) * 0.5) / size;
      const inBox = clamp(0.5 - roundedBox(x, y, 0.47, 0.2) / aa);
      if (inBox === 0) continue;
      // Purple gradient, top-left light to bottom-right deep.
      const t = (x + y) / 2;
      let cr = 150 - 70 * t, cg = 90 - 60 * t, cb = 240 - 60 * t;
      const bubble = Math.min(ellipse(x, y, 0.5, 0.46, 0.27, 0.21), Math.max(Math.abs(x - 0.38) - 0.06, Math.abs(y - 0.69) - 0.08));
      const white = clamp(0.5 - bubble / aa);
      const dots = [0.39, 0.5, 0.61].map((cx) => ellipse(x, y, cx, 0.46, 0.035, 0.035));
      const dot = clamp(0.5 - Math.min(...dots) / aa) * white;
      cr = cr * (1 - white) + 255 * white; cg = cg * (1 - white) + 255 * white; cb = cb * (1 - white) + 255 * white;
      cr = cr * (1 - dot) + 110 * dot; cg = cg * (1 - dot) + 60 * dot; cb = cb * (1 - dot) + 200 * dot;
      r += cr * inBox; g += cg * inBox; b += cb * inBox; a += inBox;
    }
    return a === 0 ? [0, 0, 0, 0] : [Math.round(r / a), Math.round(g / a), Math.round(b / a), Math.round((a / 4) * 255)];
  });
}

mkdirSync('public/icons', { recursive: true });
for (const size of [16, 32, 48, 128]) writeFileSync(`public/icons/icon-${size}.png`, icon(size));
console.log('icons written to public/icons');
