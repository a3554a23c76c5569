// `panel/config`: the one message the panel needs to find the page's session; the client id
// goes to configured web-app origins only.
import { describe, expect, it } from 'vitest';
import { noAlarms } from '../auth/ports.ts';
import { FakeCognitoAuth, TEST_SETTINGS } from '../auth/testing.ts';
import { memoryKV } from '../shared/kv.ts';
import type { Settings } from '../shared/settings.ts';
import { createHandlers } from './handlers.ts';
import { route } from './router.ts';
import { createSessionOwner } from './session-owner.ts';

const ext = { id: 'ext-id', origin: 'chrome-extension://ext-id/' };
const settings: Settings = { ...TEST_SETTINGS, clientId: 'client-1', webAppOrigins: ['https://cruddur.com', 'http://localhost:3000'] };
const owner = await createSessionOwner({ settings, durable: memoryKV(), pending: memoryKV(), alarms: noAlarms, cognito: async () => new FakeCognitoAuth() });
const handlers = createHandlers({
  owner,
  defaults: settings,
  saveSettings: async () => {},
  prefs: memoryKV(),
  ui: memoryKV(),
  panel: { showInActiveTab: async () => ({ shown: true }), openSignIn: async () => {} },
});
const content = (url: string) => ({ id: 'ext-id', url, tab: { id: 1 } });

describe('panel/config', () => {
  it.each([
    ['the web app', content('https://cruddur.com/home'), { webApp: true, clientId: 'client-1' }],
    ['the local web app on its port', content('http://localhost:3000/'), { webApp: true, clientId: 'client-1' }],
    ['another local app the port-less pattern also matched', content('http://localhost:8080/'), { webApp: false, clientId: null }],
    ['any other site (panel shown on demand)', content('https://news.example/a'), { webApp: false, clientId: null }],
    ['a look-alike host', content('https://cruddur.com.evil.example/'), { webApp: false, clientId: null }],
  ])('answers a content script on %s', async (_, sender, value) => {
    expect(await route(handlers, ext, { type: 'panel/config' }, sender)).toEqual({ ok: true, value });
  });

  it('refuses another extension', async () => {
    const answer = await route(handlers, ext, { type: 'panel/config' }, { id: 'evil', url: 'chrome-extension://evil/x.html' });
    expect(answer).toEqual({ ok: false, error: { code: 'forbidden', message: 'This page is not allowed to do that.' } });
  });

  it('still refuses auth commands from the web app itself', async () => {
    const answer = await route(handlers, ext, { type: 'settings/get' }, content('https://cruddur.com/'));
    expect(answer).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });
});
