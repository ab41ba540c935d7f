import { resolve } from 'node:path';
import { defineConfig, devices } from '@playwright/test';
import { chromiumLaunchOptions } from './scripts/chromium';

// Parallel sessions on one machine give each run its own port and build folder.
export const PORT = Number(process.env.E2E_PORT ?? 4317);
export const OUT_DIR = process.env.E2E_PORT ? `.e2e-dist-${PORT}` : 'dist';

// The real book data (never committed): the app's data/ folder plugin serves it to the tests, so
// `data.load(id)` runs its real local-folder path. Tests that need a file skip when it is absent.
export const SHARED_DATA_DIR =
  process.env.SHARED_DATA_DIR ?? resolve(process.cwd(), '../shared/data');

export default defineConfig({
  testDir: './e2e',
  timeout: 120_000,
  expect: { timeout: 30_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [['list']],
  use: {
    baseURL: `http://localhost:${PORT}`,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    ...devices['Desktop Chrome'],
    viewport: { width: 1400, height: 900 },
    launchOptions: chromiumLaunchOptions(),
  },
  webServer: {
    // The production build, as users get it: minified, with its COOP/COEP headers.
    command: `npx vite build --logLevel warn --outDir ${OUT_DIR} && npx vite preview --outDir ${OUT_DIR} --port ${PORT} --strictPort`,
    port: PORT,
    reuseExistingServer: !process.env.CI,
    env: { LOCAL_DATA_DIR: SHARED_DATA_DIR },
    timeout: 240_000,
  },
});
