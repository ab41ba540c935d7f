import { type Browser, chromium } from '@playwright/test';
import { chromiumLaunchOptions } from '../chromium';

/** The e2e tests' launch (scripts/chromium.ts) plus WebGPU, which Chromium keeps behind a flag. */
export async function launchChromium(): Promise<Browser> {
  const options = chromiumLaunchOptions();
  return chromium.launch({
    ...options,
    // Without it navigator.gpu has no adapter and tfjs silently stays on another backend.
    args: [...(options.args ?? []), '--enable-unsafe-webgpu'],
  });
}
