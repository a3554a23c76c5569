import { describe, expect, it } from 'vitest';
import { formatEnvFile, type ExtensionEnv } from './env-file.ts';

const env: ExtensionEnv = {
  VITE_COGNITO_REGION: 'us-east-1',
  VITE_COGNITO_USER_POOL_ID: 'local_abc123',
  VITE_COGNITO_CLIENT_ID: 'client123',
  VITE_COGNITO_ENDPOINT: 'http://127.0.0.1:9229',
  VITE_AUTH_FLOW: 'USER_SRP_AUTH',
  VITE_API_URL: 'http://127.0.0.1:4567',
  VITE_WEB_APP_ORIGINS: 'http://localhost:3000',
};

/** Parses the lines back the way dotenv would for these simple values. */
function parse(text: string): Record<string, string> {
  const pairs = text
    .split('\n')
    .filter((line) => line && !line.startsWith('#'))
    .map((line) => {
      const at = line.indexOf('=');
      const raw = line.slice(at + 1);
      return [line.slice(0, at), raw.startsWith('"') ? (JSON.parse(raw) as string) : raw] as const;
    });
  return Object.fromEntries(pairs);
}

describe('formatEnvFile', () => {
  it('writes exactly the extension keys, in a fixed order, with their values', () => {
    const text = formatEnvFile(env);
    expect(Object.keys(parse(text))).toEqual(Object.keys(env));
    expect(parse(text)).toEqual(env);
  });

  it('quotes a value that has spaces or # so it reads back unchanged', () => {
    const odd = { ...env, VITE_WEB_APP_ORIGINS: 'http://a.test #b' };
    expect(formatEnvFile(odd)).toContain('VITE_WEB_APP_ORIGINS="http://a.test #b"');
    expect(parse(formatEnvFile(odd)).VITE_WEB_APP_ORIGINS).toBe(odd.VITE_WEB_APP_ORIGINS);
  });

  it('gives identical text on a rerun with the same values', () => {
    expect(formatEnvFile({ ...env })).toBe(formatEnvFile(env));
  });
});
