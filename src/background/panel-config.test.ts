// `panel/config`: the one message the panel needs to find the page's session; the client id
// goes to configured web-app origins only.
import { describe, expect, it } from 'vitest';
import { TEST_SETTINGS } from '../auth/testing.ts';
import type { Settings } from '../shared/settings.ts';
import { backgroundRig, contentScript as content } from './testing.ts';

const settings: Settings = { ...TEST_SETTINGS, clientId: 'client-1', webAppOrigins: ['https://cruddur.com', 'http://localhost:3000'] };
const { route } = await backgroundRig({ settings });

describe('panel/config', () => {
  it.each([
    ['the web app', content('https://cruddur.com/home'), { webApp: true, clientId: 'client-1' }],
    ['the local web app on its port', content('http://localhost:3000/'), { webApp: true, clientId: 'client-1' }],
    ['another local app the port-less pattern also matched', content('http://localhost:8080/'), { webApp: false, clientId: null }],
    ['any other site (panel shown on demand)', content('https://news.example/a'), { webApp: false, clientId: null }],
    ['a look-alike host', content('https://cruddur.com.evil.example/'), { webApp: false, clientId: null }],
  ])('answers a content script on %s', async (_, sender, value) => {
    expect(await route({ type: 'panel/config' }, sender)).toEqual({ ok: true, value });
  });

  it('refuses another extension', async () => {
    const answer = await route({ type: 'panel/config' }, { id: 'evil', url: 'chrome-extension://evil/x.html' });
    expect(answer).toEqual({ ok: false, error: { code: 'forbidden', message: 'This page is not allowed to do that.' } });
  });

  it('still refuses auth commands from the web app itself', async () => {
    const answer = await route({ type: 'settings/get' }, content('https://cruddur.com/'));
    expect(answer).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });
});
