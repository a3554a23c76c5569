/**
 * One entry for every browser the journeys run in: build the extension for it against a
 * stack, launch it, hand back the driver. Add Firefox here (puppeteer over BiDi) and every
 * journey that loops over E2E_BROWSERS runs there too.
 */
import type { Target } from '../../scripts/manifest.ts';
import { buildForStack } from './browser-build.ts';
import { launchChromium } from './browser-chromium.ts';
import type { BrowserName, ExtensionDriver } from './browser-driver.ts';
import type { StackInfo } from './stack.ts';

// e2e files start their own stack (no globalSetup there); the SDK's "Node 20 support ends"
// notice is known and would bury the journey's output.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

interface BrowserSupport {
  target: Target;
  launch(extensionDir: string): Promise<ExtensionDriver>;
}

const SUPPORT: Record<'chromium', BrowserSupport> = {
  chromium: { target: 'chrome', launch: launchChromium },
};

/** The browsers every journey runs in. */
export const E2E_BROWSERS = Object.keys(SUPPORT) as (keyof typeof SUPPORT)[];

export async function launchFor(browser: BrowserName, stack: StackInfo, o: { clientId?: string } = {}): Promise<ExtensionDriver> {
  const support = (SUPPORT as Partial<Record<BrowserName, BrowserSupport>>)[browser];
  if (!support) throw new Error(`No driver for ${browser} yet`);
  const dir = await buildForStack(stack, { target: support.target, ...o });
  return support.launch(dir);
}
