import { describe, expect, it } from 'vitest';
import { patternsWithPorts } from './lib/release-check.ts';
import { GECKO_ID, manifestFor } from './manifest.ts';

const ENV = { VITE_API_URL: 'http://127.0.0.1:4567', VITE_WEB_APP_ORIGINS: 'http://localhost:3000,https://cruddur.com' };

describe('per-browser manifests', () => {
  it.each(['chrome', 'firefox'] as const)('asks %s for the API and web-app hosts only, never with a port', (target) => {
    const manifest = manifestFor(target, ENV);
    expect(manifest.host_permissions).toEqual(['http://127.0.0.1/*', 'http://localhost/*', 'https://cruddur.com/*']);
    expect(patternsWithPorts(manifest)).toEqual([]);
  });

  it('gives Firefox an event page, a gecko id and the data-collection declaration', () => {
    const manifest = manifestFor('firefox', ENV);
    expect(manifest.background).toEqual({ scripts: ['src/background/index.ts'], type: 'module' });
    expect(manifest.browser_specific_settings).toEqual({
      gecko: {
        id: GECKO_ID,
        strict_min_version: '142.0',
        data_collection_permissions: { required: ['authenticationInfo', 'personallyIdentifyingInfo', 'personalCommunications', 'websiteContent'] },
      },
    });
    expect(manifest).not.toHaveProperty('minimum_chrome_version');
  });

  it('gives Chrome a module service worker', () => {
    expect(manifestFor('chrome', ENV).background).toEqual({ service_worker: 'src/background/index.ts', type: 'module' });
  });
});
