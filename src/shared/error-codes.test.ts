import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AUTH_ERROR_CODES, BACKGROUND_ERROR_CODES, isWireErrorCode, PAGE_ERROR_CODES, PLAIN_MESSAGES, WIRE_ERROR_CODES } from './error-codes.ts';
import { PAGE_MESSAGES } from './page-error-messages.ts';
import { PERMISSION_MESSAGES } from './permission-messages.ts';

const SRC = join(import.meta.dirname, '..');

function sources(dir: string): { path: string; text: string }[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    if (!/\.tsx?$/.test(entry.name) || /\.test\.tsx?$/.test(entry.name)) return [];
    return [{ path: relative(SRC, path), text: readFileSync(path, 'utf8') }];
  });
}

describe('wire error codes', () => {
  it('lists each code once, in exactly one of core, background and page', () => {
    expect(new Set(WIRE_ERROR_CODES).size).toBe(WIRE_ERROR_CODES.length);
    expect(WIRE_ERROR_CODES.length).toBe(AUTH_ERROR_CODES.length + BACKGROUND_ERROR_CODES.length + PAGE_ERROR_CODES.length);
  });

  it.each(WIRE_ERROR_CODES)('%s has one plain sentence', (code) => {
    expect(PLAIN_MESSAGES[code]).toMatch(/^[A-Z].*[.]$/);
    // Plain language: no exception names or HTTP jargon.
    expect(PLAIN_MESSAGES[code]).not.toMatch(/Exception|HTTP|\b[45]\d\d\b|undefined/);
  });

  it('has no sentence without a code', () => {
    expect(Object.keys(PLAIN_MESSAGES).sort()).toEqual([...WIRE_ERROR_CODES].sort());
  });

  it.each([
    ['network', true],
    ['web-session-gone', true],
    ['cognito-unreachable', true],
    ['NotAuthorizedException', false],
    ['toString', false],
    [42, false],
  ])('isWireErrorCode(%j) is %s', (value, expected) => {
    expect(isWireErrorCode(value)).toBe(expected);
  });

  it.each(['popup', 'options', 'feed', 'content', 'shared/ui'])('%s shows the table, never a copy of one of its sentences', (folder) => {
    const copies = sources(join(SRC, folder)).flatMap(({ path, text }) =>
      Object.values(PLAIN_MESSAGES)
        .filter((sentence) => text.includes(`'${sentence}'`) || text.includes(`"${sentence}"`) || text.includes(`>${sentence}<`))
        .map((sentence) => `${path}: ${sentence}`),
    );
    expect(copies).toEqual([]);
  });

  it.each(Object.entries({ ...PAGE_MESSAGES, ...PERMISSION_MESSAGES }))('the page sentence for %s is the table\'s', (code, sentence) => {
    expect(isWireErrorCode(code)).toBe(true);
    expect(PLAIN_MESSAGES[code as keyof typeof PLAIN_MESSAGES]).toBe(sentence);
  });

  it.each(['popup', 'options', 'feed', 'content', 'shared/ui'])('%s imports no sentence table but the page one (bundle size)', (folder) => {
    const imports = sources(join(SRC, folder))
      .filter(({ text }) => /^import \{(?! type)[^}]*\} from '[./]*\/?(shared\/)?error-codes\.ts'/m.test(text) || /^import \{[^}]*PLAIN_MESSAGES/m.test(text))
      .map(({ path }) => path);
    expect(imports).toEqual([]);
  });
});
