import { execFileSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inflateRawSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { zipBytes, type ZipEntry } from './zip.ts';

/** Reads a zip back by its central directory: path, time, date, mode and content of each entry. */
function readZip(zip: Buffer) {
  const end = zip.length - 22;
  expect(zip.readUInt32LE(end)).toBe(0x06054b50);
  const count = zip.readUInt16LE(end + 10);
  let at = zip.readUInt32LE(end + 16);
  const out = [];
  for (let i = 0; i < count; i++) {
    expect(zip.readUInt32LE(at)).toBe(0x02014b50);
    const method = zip.readUInt16LE(at + 10);
    const size = zip.readUInt32LE(at + 20);
    const nameLength = zip.readUInt16LE(at + 28);
    const local = zip.readUInt32LE(at + 42);
    const path = zip.subarray(at + 46, at + 46 + nameLength).toString('utf8');
    const bodyAt = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
    const body = zip.subarray(bodyAt, bodyAt + size);
    out.push({
      path,
      time: zip.readUInt16LE(at + 12),
      date: zip.readUInt16LE(at + 14),
      mode: zip.readUInt32LE(at + 38) >>> 16,
      text: (method === 8 ? inflateRawSync(body) : body).toString('utf8'),
    });
    at += 46 + nameLength;
  }
  return out;
}

const files: ZipEntry[] = [
  { path: 'src/b.js', data: Buffer.from('console.log("b");'.repeat(20)) },
  { path: 'manifest.json', data: Buffer.from('{"name":"x"}') },
  { path: 'icons/ä.png', data: Buffer.from([0x89, 0x50]) },
];

describe('reproducible zips', () => {
  it('gives the same bytes whatever order the files come in', () => {
    expect(zipBytes(files).equals(zipBytes([...files].reverse()))).toBe(true);
  });

  it('holds every file, sorted, with one fixed time and mode, readable back', () => {
    const entries = readZip(zipBytes(files));
    expect(entries.map((e) => e.path)).toEqual(['icons/ä.png', 'manifest.json', 'src/b.js']);
    expect(new Set(entries.map((e) => `${e.date}/${e.time}/${e.mode.toString(8)}`))).toEqual(new Set(['33/0/100644']));
    expect(entries[2]?.text).toBe('console.log("b");'.repeat(20));
    expect(entries[1]?.text).toBe('{"name":"x"}');
  });

  it('refuses a path given twice', () => {
    expect(() => zipBytes([...files, { path: 'manifest.json', data: Buffer.from('{}') }])).toThrow('manifest.json twice');
  });

  const dir = mkdtemp(join(tmpdir(), 'zip-test-'));
  afterAll(async () => rm(await dir, { recursive: true, force: true }));

  // Info-ZIP's own check, where it is installed (a fresh Debian CI machine may lack it).
  const unzip = (() => {
    try {
      execFileSync('unzip', ['-v'], { stdio: 'ignore' });
      return true;
    } catch {
      return false;
    }
  })();
  it.skipIf(!unzip)('passes unzip -t, with the 1980 timestamps', async () => {
    const path = join(await dir, 't.zip');
    await writeFile(path, zipBytes(files));
    expect(execFileSync('unzip', ['-t', path], { encoding: 'utf8' })).toContain('No errors detected');
    expect(execFileSync('zipinfo', [path], { encoding: 'utf8' })).toMatch(/-rw-r--r--.*80-Jan-01 00:00 manifest\.json/);
  });
});
