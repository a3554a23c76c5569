/**
 * The extension's style sheets lay out by logical properties (`margin-inline-start`, not
 * `margin-left`), so Arabic, written right to left, mirrors every view without styles of its
 * own. A physical left/right here would stay on the left in Arabic.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../../..');
const SHEETS = ['src/popup/popup.css', 'src/shared/ui/theme.css', 'src/shared/ui/places.css', 'src/feed/feed.css'];

/** Declarations that name a physical side, with their line numbers. */
function physicalDeclarations(css: string): string[] {
  const physical = [/^(margin|padding|border)-(left|right)\b/, /^border-(top|bottom)-(left|right)-radius\b/, /^(left|right)$/];
  const found: string[] = [];
  css.split('\n').forEach((line, i) => {
    const declaration = /^\s*([a-z-]+)\s*:\s*([^;]*);/.exec(line);
    if (!declaration) return;
    const [, property = '', value = ''] = declaration;
    const sided = physical.some((p) => p.test(property));
    const aligned = /^(text-align|float|clear)$/.test(property) && /\b(left|right)\b/.test(value);
    // Four sides in a shorthand with different left and right: `padding: 8px 10px 8px 26px`.
    const sides = /^(margin|padding|inset|border-width|border-radius)$/.test(property) ? value.trim().split(/\s+/) : [];
    const uneven = sides.length === 4 && (property === 'border-radius' ? sides[0] !== sides[1] || sides[2] !== sides[3] : sides[1] !== sides[3]);
    if (sided || aligned || uneven) found.push(`${i + 1}: ${line.trim()}`);
  });
  return found;
}

describe('logical CSS', () => {
  it('finds physical sides (the check bites)', () => {
    expect(physicalDeclarations('a {\n  margin-left: 2px;\n  right: 0;\n  text-align: left;\n  padding: 1px 2px 1px 3px;\n  border-radius: 0 8px 8px 0;\n}')).toEqual([
      '2: margin-left: 2px;',
      '3: right: 0;',
      '4: text-align: left;',
      '5: padding: 1px 2px 1px 3px;',
      '6: border-radius: 0 8px 8px 0;',
    ]);
    expect(physicalDeclarations('a {\n  margin-inline-start: 2px;\n  inset-inline-end: 0;\n  text-align: start;\n  padding: 8px 12px 0;\n  border-radius: 8px;\n}')).toEqual([]);
  });

  it.each(SHEETS)('%s names no physical side', (sheet) => {
    expect(physicalDeclarations(readFileSync(resolve(ROOT, sheet), 'utf8'))).toEqual([]);
  });
});
