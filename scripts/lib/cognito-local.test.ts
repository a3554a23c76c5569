import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { newSocketPath, startCognitoLocal, writeCognitoConfig } from './cognito-local.ts';
import { freePort, isPortFree } from './ports.ts';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'cognito-local-config-'));
  dirs.push(dir);
  return dir;
};

// Only the ways a start fails fast, and its configuration; starting it for real is covered by the
// integration tests.
describe('startCognitoLocal refuses clearly', () => {
  it('a working dir that does not exist, naming it, and leaves no socket dir behind', async () => {
    const socketPath = newSocketPath();
    await expect(startCognitoLocal({ dir: '/nonexistent/cruddur-dir', socketPath, issuerDomain: 'http://127.0.0.1:9230' })).rejects.toThrow(
      "cognito-local's working dir /nonexistent/cruddur-dir does not exist.",
    );
    expect(existsSync(dirname(socketPath))).toBe(false);
    expect(existsSync('/nonexistent')).toBe(false);
  });
});

describe("cognito-local's configuration", () => {
  it('listens on the socket, issues as the front, and keeps what a developer added', () => {
    const dir = tempDir();
    mkdirSync(join(dir, '.cognito'));
    writeFileSync(join(dir, '.cognito', 'config.json'), JSON.stringify({ TriggerFunctions: { PreSignUp: 'x' }, ServerConfig: { port: 9229 } }));
    writeCognitoConfig(dir, '/tmp/s/cognito-local.sock', 'http://127.0.0.1:9230');
    expect(JSON.parse(readFileSync(join(dir, '.cognito', 'config.json'), 'utf8'))).toEqual({
      TriggerFunctions: { PreSignUp: 'x' },
      ServerConfig: { port: '/tmp/s/cognito-local.sock', hostname: '127.0.0.1' },
      TokenConfig: { IssuerDomain: 'http://127.0.0.1:9230' },
    });
  });

  it('names a config file that is not JSON', () => {
    const dir = tempDir();
    mkdirSync(join(dir, '.cognito'));
    writeFileSync(join(dir, '.cognito', 'config.json'), '{ nope');
    expect(() => writeCognitoConfig(dir, '/tmp/s.sock', 'http://127.0.0.1:1')).toThrow(`${join(dir, '.cognito', 'config.json')} is not JSON: fix or delete it.`);
  });

  it('a fresh socket path is short and in a dir of its own', () => {
    const path = newSocketPath();
    dirs.push(dirname(path));
    expect(path.length).toBeLessThan(100);
    expect(existsSync(dirname(path))).toBe(true);
  });
});

describe('freePort', () => {
  it('gives a port that can then be bound', async () => {
    const port = await freePort();
    expect(port).toBeGreaterThan(0);
    expect(await isPortFree(port)).toBe(true);
  });
});
