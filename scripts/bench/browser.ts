import { existsSync } from 'node:fs';
import { type Browser, chromium } from '@playwright/test';

/** The e2e tests' launch flags (playwright.config.ts), plus WebGPU, which Chromium keeps behind a flag. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  // Without it navigator.gpu has no adapter and tfjs silently stays on another backend.
  '--enable-unsafe-webgpu',
];

export function systemChromium(): string | undefined {
  if (process.env.PLAYWRIGHT_OWN_BROWSER) return undefined;
  return [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].find(
    (p): p is string => Boolean(p && existsSync(p)),
  );
}

export async function launchChromium(): Promise<Browser> {
  const executablePath = systemChromium();
  return chromium.launch({ ...(executablePath ? { executablePath } : {}), args: CHROMIUM_ARGS });
}
