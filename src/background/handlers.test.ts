import { describe, expect, it } from 'vitest';
import type { AuthState } from '../shared/auth-state.ts';
import { memoryKV } from '../shared/kv.ts';
import { createHandlers } from './handlers.ts';
import type { Context } from './router.ts';
import type { SessionOwner } from './session-owner.ts';

const state: AuthState = { status: 'signed-in', offline: false, user: { sub: 's', email: 'e', name: 'n', handle: 'h' } };
const owner = { settings: { clientId: 'client1', webAppOrigins: ['https://cruddur.com'] }, tokens: { state } } as unknown as SessionOwner;
const handlers = createHandlers({
  owner,
  defaults: owner.settings,
  saveSettings: async () => {},
  prefs: memoryKV(),
  ui: memoryKV(),
  panel: { showInActiveTab: async () => ({ shown: false }), openSignIn: async () => {} },
});
const adopt = (context: Context) => handlers['auth/adopt-web-session']({ clientId: 'client1', refreshToken: 'r' }, context);

describe('handing over a web-app session', () => {
  it.each<[string, Context]>([
    ['an extension page', { kind: 'page', origin: null }],
    ['the panel on a web-app origin', { kind: 'content', origin: 'https://cruddur.com' }],
  ])('is allowed from %s', async (_, context) => {
    await expect(adopt(context)).resolves.toEqual({ kind: 'signed-in', state });
  });

  it.each<[string, Context]>([
    ['a content script on another origin', { kind: 'content', origin: 'https://evil.example' }],
    ['a content script without an origin', { kind: 'content', origin: null }],
  ])('is refused from %s', async (_, context) => {
    await expect(adopt(context)).rejects.toMatchObject({ code: 'forbidden' });
  });
});
