import { fileURLToPath, URL } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';
import { contentSecurityPolicy } from './scripts/vite-csp';
import { localDataFolder } from './scripts/vite-local-data';
import { serviceWorker } from './scripts/vite-service-worker';

// The Content-Security-Policy (scripts/vite-csp.ts) keeps notebooks from sending data to other
// origins; the kernel worker's policy names the hosts a notebook was granted.
// Cross-origin isolation is what unlocks SharedArrayBuffer: the kernel uses it for the
// interrupt flag, and tfjs-wasm needs it for threads. Both the dev server and preview send it.
const isolationHeaders = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

export default defineConfig({
  plugins: [react(), localDataFolder() as Plugin, serviceWorker(), contentSecurityPolicy()],
  resolve: { alias: { '@': fileURLToPath(new URL('./src', import.meta.url)) } },
  server: { headers: isolationHeaders },
  preview: { headers: isolationHeaders },
  worker: { format: 'es' },
  build: { target: 'es2022', chunkSizeWarningLimit: 4000 },
});
