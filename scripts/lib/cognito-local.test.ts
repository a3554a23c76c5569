import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCognitoLocal } from './cognito-local.ts';
import { freePort, isPortFree } from './ports.ts';

// Only the ways a start fails fast; starting it for real is covered by the integration tests.
describe('startCognitoLocal refuses clearly', () => {
  const blocker = createServer();
  let busy: number;
  beforeAll(async () => {
    busy = await freePort();
    await new Promise<void>((resolve) => blocker.listen(busy, '127.0.0.1', resolve));
  });
  afterAll(() => new Promise((r) => blocker.close(r)));

  it('a fixed port that something else holds, before spawning anything', async () => {
    expect(await isPortFree(busy)).toBe(false);
    await expect(startCognitoLocal({ dir: '.', port: busy })).rejects.toMatchObject({
      code: 'EADDRINUSE',
      message: `Port ${busy} is busy (cognito-local cannot bind 127.0.0.1:${busy}).`,
    });
  });

  it('a working dir that does not exist, naming it', async () => {
    await expect(startCognitoLocal({ dir: '/nonexistent/cruddur-dir' })).rejects.toThrow(
      /cognito-local exited during start \(spawn .* ENOENT, dir \/nonexistent\/cruddur-dir/,
    );
  });
});

describe('freePort', () => {
  it('gives a port that can then be bound', async () => {
    const port = await freePort();
    expect(port).toBeGreaterThan(0);
    expect(await isPortFree(port)).toBe(true);
  });
});
