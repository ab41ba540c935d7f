import { existsSync } from 'node:fs';
import type { LaunchOptions } from '@playwright/test';

/**
 * How the e2e tests and the headless notebook runner launch Chromium: Playwright's own browser
 * when PLAYWRIGHT_OWN_BROWSER is set, otherwise a system Chromium (Debian's package is
 * /usr/bin/chromium), since Playwright's download is not reachable everywhere.
 */
export function chromiumLaunchOptions(env: NodeJS.ProcessEnv = process.env): LaunchOptions {
  const systemChromium = [env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].find(
    (p): p is string => Boolean(p && existsSync(p)),
  );
  return {
    ...(systemChromium && !env.PLAYWRIGHT_OWN_BROWSER ? { executablePath: systemChromium } : {}),
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  };
}
