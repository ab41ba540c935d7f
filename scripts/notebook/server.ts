import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

export class ServerError extends Error {
  override name = 'ServerError';
}

export interface AppServer {
  url: string;
  stop(): Promise<void>;
}

/** What the production build is made from: newer than the build means build again. */
const BUILD_INPUTS = [
  'src',
  'notebooks',
  'public',
  'index.html',
  'vite.config.ts',
  'package.json',
  'package-lock.json',
];

function newestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

export function buildIsStale(root: string, outDir: string): boolean {
  const built = join(root, outDir, 'index.html');
  if (!existsSync(built)) return true;
  const builtAt = statSync(built).mtimeMs;
  return BUILD_INPUTS.some((input) => newestMtime(join(root, input)) > builtAt);
}

function vite(root: string, args: string[], quiet: boolean): ChildProcess {
  // Node runs vite directly (not through npx) so stop() ends the server itself, not a wrapper.
  return spawn(process.execPath, [join(root, 'node_modules/vite/bin/vite.js'), ...args], {
    cwd: root,
    stdio: quiet ? ['ignore', 'ignore', 'pipe'] : 'inherit',
  });
}

async function build(root: string, outDir: string): Promise<void> {
  const child = vite(root, ['build', '--logLevel', 'error', '--outDir', outDir], false);
  const code = await new Promise<number | null>((done) => child.on('exit', done));
  if (code !== 0) throw new ServerError(`vite build failed (exit ${code}); see its output above.`);
}

async function waitUntilServing(url: string, child: ChildProcess, stderr: () => string) {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null)
      throw new ServerError(`vite preview exited (${child.exitCode}): ${stderr().trim()}`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new ServerError(`vite preview did not answer at ${url} within 60 s.`);
}

/**
 * Serves the production build with its COOP/COEP headers (vite preview), building it first when
 * the sources are newer. Each port has its own build folder, so parallel runs never collide.
 */
export async function startAppServer(
  root: string,
  port: number,
  log: (line: string) => void,
): Promise<AppServer> {
  const outDir = `.runner-dist-${port}`;
  if (buildIsStale(root, outDir)) {
    log(`Building the app into ${outDir}…`);
    await build(root, outDir);
  }
  const child = vite(
    root,
    ['preview', '--outDir', outDir, '--port', String(port), '--strictPort'],
    true,
  );
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const url = `http://localhost:${port}`;
  try {
    await waitUntilServing(url, child, () => stderr);
  } catch (error) {
    child.kill();
    throw error;
  }
  return {
    url,
    stop: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((done) => child.on('exit', done));
      child.kill();
      await exited;
    },
  };
}
