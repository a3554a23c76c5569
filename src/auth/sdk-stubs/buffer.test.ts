import { Buffer as NodeBuffer } from 'node:buffer';
import { describe, expect, it } from 'vitest';
import { Buffer } from './buffer.ts';

// Every call amazon-cognito-identity-js makes, against Node's Buffer on the same input.
const bytes = (b: Uint8Array) => [...b];

describe('the Buffer stand-in answers as Node does for what the Cognito SDK calls', () => {
  it.each([
    ['hex', '00ff10aB'],
    ['hex', 'abc'],
    ['hex', '12zz34'],
    ['hex', ''],
    ['utf8', 'Caldera Derived Key'],
    ['utf8', 'pool\u00e9user:p\u00e4ss \u{1F600}'],
    ['utf8', '\u0001'],
    ['base64', 'SGVsbG8sIENydWRkdXIh'],
    ['base64', 'SGVsbG8'],
    ['base64', 'eyJzdWIiOiJhYmMiLCJuYW1lIjoi0JDQtNCwIn0'],
    ['base64', '-_-_'],
    ['base64', 'AQID\nBA=='],
    ['base64', 'QUJDRA=trailing'],
    ['base64', 'QUJDR'],
  ] as const)('Buffer.from(%j, %j) decodes as Node does', (encoding, text) => {
    expect(bytes(Buffer.from(text, encoding))).toEqual(bytes(NodeBuffer.from(text, encoding)));
  });

  it.each([
    [[]],
    [[0]],
    [[1, 2]],
    [[255, 254, 253]],
    [[0, 1, 2, 3, 250, 251, 252]],
  ])('bytes %j encode to hex and base64 as Node does', (list) => {
    const ours = Buffer.from(Uint8Array.from(list));
    const node = NodeBuffer.from(list);
    expect(ours.toString('hex')).toBe(node.toString('hex'));
    expect(ours.toString('base64')).toBe(node.toString('base64'));
  });

  it('a JWT payload (base64url) decodes to the same JSON text', () => {
    const payload = NodeBuffer.from(JSON.stringify({ sub: 'abc', name: 'Ада', n: '??>>' })).toString('base64url');
    expect(Buffer.from(payload, 'base64').toString('utf8')).toBe(NodeBuffer.from(payload, 'base64').toString('utf8'));
  });

  it('concat joins in order, and slice keeps the encoding-aware toString', () => {
    const joined = Buffer.concat([Buffer.from('Caldera', 'utf8'), Buffer.from('01ff', 'hex'), Uint8Array.of(7)]);
    expect(bytes(joined)).toEqual(bytes(NodeBuffer.concat([NodeBuffer.from('Caldera'), NodeBuffer.from('01ff', 'hex'), NodeBuffer.of(7)])));
    expect((joined.slice(7, 9) as typeof joined).toString('hex')).toBe('01ff');
    expect(joined.toString()).toBe(NodeBuffer.from(joined).toString());
  });

  it('from(bytes) copies, as Node does', () => {
    const source = Uint8Array.of(1, 2, 3);
    const copy = Buffer.from(source);
    source[0] = 9;
    expect(bytes(copy)).toEqual([1, 2, 3]);
  });

  it.each(['latin1', 'ucs2', 'binary'])('an encoding the SDK never uses (%s) throws instead of guessing', (encoding) => {
    expect(() => Buffer.from('abc', encoding)).toThrow(/not used by the Cognito SDK/);
    expect(() => Buffer.from('abc').toString(encoding)).toThrow(/not used by the Cognito SDK/);
  });
});
