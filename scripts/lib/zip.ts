/**
 * A zip whose bytes depend on the files' paths and contents only: entries sorted by path, one
 * fixed timestamp (the DOS epoch, 1980-01-01 00:00), the same permissions for every file
 * (rw-r--r--), no directory entries, no extra fields, no comment. Two builds of one commit, in
 * different folders at different times, give the same zip (with the same Node, whose zlib does
 * the deflating). web-ext's own `build` stamps each entry with the time of zipping.
 */
import { readdir, readFile, writeFile, mkdir } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import { crc32, deflateRawSync } from 'node:zlib';

export interface ZipEntry {
  /** Path inside the zip, with forward slashes. */
  path: string;
  data: Buffer;
}

/** Every file under `dir`, as zip entries (paths relative to `dir`). Symbolic links are refused. */
export async function filesOf(dir: string): Promise<ZipEntry[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const files: ZipEntry[] = [];
  for (const e of entries) {
    const full = join(e.parentPath, e.name);
    if (e.isSymbolicLink()) throw new Error(`${full}: a symbolic link cannot go into a store package`);
    if (e.isFile()) files.push({ path: relative(dir, full).split(sep).join('/'), data: await readFile(full) });
  }
  return files;
}

const DOS_DATE = (0 << 9) | (1 << 5) | 1; // 1980-01-01
const DOS_TIME = 0;
const FILE_MODE = 0o100644;
const VERSION_MADE_BY = (3 << 8) | 20; // Unix, zip 2.0
const UTF8 = 1 << 11;

/** The zip of `files`, in path order, whatever order they came in. */
export function zipBytes(files: readonly ZipEntry[]): Buffer {
  const sorted = [...files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const local: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const [i, f] of sorted.entries()) {
    if (i > 0 && sorted[i - 1]?.path === f.path) throw new Error(`${f.path} twice`);
    const name = Buffer.from(f.path, 'utf8');
    const deflated = deflateRawSync(f.data, { level: 9 });
    // Stored when deflating gains nothing (PNGs), as zip tools do.
    const [method, body] = deflated.length < f.data.length ? [8, deflated] : [0, f.data];
    const crc = crc32(f.data);
    const head = Buffer.alloc(30);
    head.writeUInt32LE(0x04034b50, 0);
    head.writeUInt16LE(20, 4);
    head.writeUInt16LE(UTF8, 6);
    head.writeUInt16LE(method, 8);
    head.writeUInt16LE(DOS_TIME, 10);
    head.writeUInt16LE(DOS_DATE, 12);
    head.writeUInt32LE(crc, 14);
    head.writeUInt32LE(body.length, 18);
    head.writeUInt32LE(f.data.length, 22);
    head.writeUInt16LE(name.length, 26);
    head.writeUInt16LE(0, 28);
    local.push(head, name, body);

    const entry = Buffer.alloc(46);
    entry.writeUInt32LE(0x02014b50, 0);
    entry.writeUInt16LE(VERSION_MADE_BY, 4);
    entry.writeUInt16LE(20, 6);
    entry.writeUInt16LE(UTF8, 8);
    entry.writeUInt16LE(method, 10);
    entry.writeUInt16LE(DOS_TIME, 12);
    entry.writeUInt16LE(DOS_DATE, 14);
    entry.writeUInt32LE(crc, 16);
    entry.writeUInt32LE(body.length, 20);
    entry.writeUInt32LE(f.data.length, 24);
    entry.writeUInt16LE(name.length, 28);
    // Extra field, comment, disk number, internal attributes: all zero.
    entry.writeUInt32LE((FILE_MODE << 16) >>> 0, 38);
    entry.writeUInt32LE(offset, 42);
    central.push(entry, name);
    offset += head.length + name.length + body.length;
  }
  const directory = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(sorted.length, 8);
  end.writeUInt16LE(sorted.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...local, directory, end]);
}

/** Writes the zip of `files` to `path` (its folder is made if missing); returns `path`. */
export async function writeZip(path: string, files: readonly ZipEntry[]): Promise<string> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, zipBytes(files));
  return path;
}
