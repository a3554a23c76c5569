import { describe, expect, it } from 'vitest';
import { originPattern, originPatterns } from './match-patterns.ts';

describe('match patterns for origins', () => {
  it.each([
    ['http://localhost:3000', 'http://localhost/*'],
    ['https://cruddur.com', 'https://cruddur.com/*'],
    ['https://app.cruddur.com:8443', 'https://app.cruddur.com/*'],
    ['https://api.cruddur.com/base/', 'https://api.cruddur.com/*'],
    ['http://127.0.0.1:5173', 'http://127.0.0.1/*'],
    ['ftp://x.com', null],
    ['file:///etc/passwd', null],
    ['nonsense', null],
  ])('%s → %s (never a port: Firefox would never match it)', (origin, pattern) => {
    expect(originPattern(origin)).toBe(pattern);
  });

  it('lists a host once however many ports it has, and drops what is not an origin', () => {
    const patterns = originPatterns(['http://localhost:3000', 'http://localhost:3001', 'https://cruddur.com:443', 'nonsense', 'https://x.com:8443']);
    expect(patterns).toEqual(['http://localhost/*', 'https://cruddur.com/*', 'https://x.com/*']);
  });
});
