import { resolve } from 'node:path';
import { build, type InlineConfig, type PreviewServer, preview } from 'vite';

export interface Served {
  url: string;
  outDir: string;
  close(): Promise<void>;
}

/**
 * Builds with the project's own vite config (or `config`) into a folder of its own and serves it
 * with `vite preview`, which sends the COOP/COEP headers: the production app as users get it.
 */
export async function buildAndServe(options: {
  outDir: string;
  port: number;
  config?: InlineConfig;
}): Promise<Served> {
  const outDir = resolve(options.outDir);
  const base: InlineConfig = { logLevel: 'warn', ...options.config };
  await build({ ...base, build: { ...base.build, outDir, emptyOutDir: true } });
  const server: PreviewServer = await preview({
    ...base,
    build: { ...base.build, outDir },
    preview: { ...base.preview, port: options.port, strictPort: true },
  });
  return {
    url: `http://localhost:${options.port}`,
    outDir,
    close: () => server.close(),
  };
}
