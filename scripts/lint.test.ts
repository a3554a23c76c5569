// The lint rules that guard the architecture, run by ESLint itself on a temporary copy of the
// repository's linted sources: each planted violation fails with its rule's message, and the
// untouched copy passes.
import { cp, mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { ESLint } from 'eslint';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '..');
let copy: string;

beforeAll(async () => {
  copy = await mkdtemp(join(tmpdir(), 'lint-boundaries-'));
  for (const entry of ['eslint.config.js', 'package.json', 'tsconfig.json', 'src', 'server', 'scripts', 'bench', 'test']) {
    await cp(join(ROOT, entry), join(copy, entry), { recursive: true });
  }
  await symlink(join(ROOT, 'node_modules'), join(copy, 'node_modules'), 'dir');
});

afterAll(async () => {
  if (copy) await rm(copy, { recursive: true, force: true });
});

async function lintPlanted(path: string, source: string): Promise<string[]> {
  const file = join(copy, path);
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, source);
  try {
    const [result] = await new ESLint({ cwd: copy }).lintFiles([file]);
    return (result?.messages ?? []).map((m) => m.message);
  } finally {
    await rm(file);
  }
}

describe('lint boundaries', () => {
  it.each([
    ['popup imports the token manager', 'src/popup/x.ts', "import { TokenManager } from '../auth/token-manager.ts';\nexport const t = TokenManager;\n", 'ui-talks-to-background'],
    ['options imports the API client', 'src/options/x.ts', "import { ApiClient } from '../background/api-client.ts';\nexport const a = ApiClient;\n", 'ui-talks-to-background'],
    ['content imports an auth error', 'src/content/x.ts', "import { AuthError } from '../auth/errors.ts';\nexport const e = AuthError;\n", 'ui-talks-to-background'],
    ['a new page folder imports the session owner', 'src/feed/x.ts', "import * as owner from '../background/session-owner.ts';\nexport const o = owner;\n", 'ui-talks-to-background'],
    ['auth imports the background', 'src/auth/x.ts', "import * as router from '../background/router.ts';\nexport const r = router;\n", 'auth-is-the-core'],
    ['auth imports a page', 'src/auth/x.ts', "import * as nav from '../popup/navigation.ts';\nexport const n = nav;\n", 'auth-is-the-core'],
    ['auth reads chrome storage', 'src/auth/x.ts', 'export const read = () => chrome.storage.local.get();\n', 'auth-no-browser'],
    ['auth uses the browser global', 'src/auth/x.ts', 'export const id = () => browser.runtime.id;\n', 'auth-no-browser'],
    ['auth imports the polyfill', 'src/auth/x.ts', "import browser from 'webextension-polyfill';\nexport const b = browser;\n", 'auth-no-browser'],
    ["auth imports shared's browser wrapper", 'src/auth/x.ts', "import { browser } from '../shared/browser.ts';\nexport const b = browser;\n", 'auth-no-browser'],
    ['shared imports the background', 'src/shared/x.ts', "import * as router from '../background/router.ts';\nexport const r = router;\n", 'shared-imports-no-context'],
    ['shared imports a page', 'src/shared/x.ts', "import * as nav from '../popup/navigation.ts';\nexport const n = nav;\n", 'shared-imports-no-context'],
    ['the server imports the session core', 'server/x.ts', "import { AuthError } from '../src/auth/errors.ts';\nexport const e = AuthError;\n", 'server-uses-the-contract'],
    ['the background imports the Cognito library', 'src/background/x.ts', "import { CognitoUserPool } from 'amazon-cognito-identity-js';\nexport const p = CognitoUserPool;\n", 'cognito-adapter-only'],
    ['auth imports the Cognito library outside the adapter', 'src/auth/x.ts', "import { CognitoUser } from 'amazon-cognito-identity-js';\nexport const u = CognitoUser;\n", 'cognito-adapter-only'],
    ['a src unit test imports the bench', 'src/auth/x.test.ts', "import { percentile } from '../../bench/stats.ts';\nexport const p = percentile;\n", 'product-stands-alone'],
    ['a src module imports a test rig', 'src/shared/x.ts', "import { uniqueUser } from '../../test/support/users.ts';\nexport const u = uniqueUser;\n", 'product-stands-alone'],
    ['the server imports the local stack', 'server/x.ts', "import * as env from '../scripts/lib/env-file.ts';\nexport const e = env;\n", 'product-stands-alone'],
    ['scripts import the bench', 'scripts/lib/x.ts', "import { percentile } from '../../bench/stats.ts';\nexport const p = percentile;\n", 'scripts-use-no-rigs'],
    ['scripts import a test rig', 'scripts/x.ts', "import { uniqueUser } from '../test/support/users.ts';\nexport const u = uniqueUser;\n", 'scripts-use-no-rigs'],
    ['a view writes its words in the code', 'src/popup/x.tsx', 'export const V = () => <p>Sign in</p>;\n', 'ui-text-from-catalog'],
    ['a label is a literal', 'src/options/x.tsx', 'export const V = () => <input aria-label="Your email" />;\n', 'ui-text-from-catalog'],
    ['a conditional child is a literal', 'src/feed/x.tsx', "export const V = ({ busy }: { busy: boolean }) => <p>{busy ? 'Saving' : null}</p>;\n", 'ui-text-from-catalog'],
    ['a page module keeps a sentence', 'src/shared/x.ts', "export const SORRY = 'Something went wrong.';\n", 'ui-text-from-catalog'],
    ['a test imports the bench', 'test/integration/x.test.ts', "import { percentile } from '../../bench/stats.ts';\nexport const p = percentile;\n", 'tests-use-no-bench'],
  ])('%s fails lint', async (_scenario, path, source, rule) => {
    const messages = await lintPlanted(path, source);
    expect(messages).toEqual([expect.stringContaining(`${rule}: `)]);
  });

  it.each([
    ['content imports the shared JWT decoder', 'src/content/x.ts', "import { decodeJwt } from '../shared/jwt.ts';\nexport const d = decodeJwt;\n"],
    ['the server imports the shared contract', 'server/x.ts', "import * as settings from '../src/shared/settings.ts';\nexport const s = settings;\n"],
    ['the background imports the session core', 'src/background/x.ts', "import { AuthError } from '../auth/errors.ts';\nexport const e = AuthError;\n"],
    ['the bench imports test support and scripts', 'bench/x.ts', "import { uniqueUser } from '../test/support/users.ts';\nimport { bundleSizes } from '../scripts/lib/bundle-graph.ts';\nexport const u = [uniqueUser, bundleSizes];\n"],
    ['a test rig imports the build script', 'test/support/x.ts', "import { buildExtension } from '../../scripts/lib/build.ts';\nexport const b = buildExtension;\n"],
    ['scripts import the server and the extension', 'scripts/x.ts', "import { startApiServer } from '../server/index.ts';\nimport { originPatterns } from '../src/shared/match-patterns.ts';\nexport const s = [startApiServer, originPatterns];\n"],
    ['a view takes its words from the catalog', 'src/popup/x.tsx', "import { t } from '../shared/i18n.ts';\nexport const V = ({ n }: { n: string }) => <p class=\"form check\" data-testid=\"sign-in-form\" title={t('extName')}>{n} {t('commandOpen')}</p>;\n"],
    ['a developer’s error is not user text', 'src/shared/x.ts', "export const fail = () => { throw new Error('Settings are not loaded yet.'); };\n"],
  ])('%s passes lint', async (_scenario, path, source) => {
    expect(await lintPlanted(path, source)).toEqual([]);
  });

  it('the untouched sources pass lint', async () => {
    const results = await new ESLint({ cwd: copy }).lintFiles(['src', 'server', 'scripts', 'bench', 'test']);
    const problems = results.flatMap((r) => r.messages.map((m) => `${r.filePath}:${m.line} ${m.message}`));
    expect(problems).toEqual([]);
    expect(results.length).toBeGreaterThan(50);
  });
}, 120_000);
