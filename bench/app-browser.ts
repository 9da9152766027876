/**
 * What the in-browser benchmarks share: the built app served by `vite preview` on a port, and
 * Debian's Chromium driven by Playwright with the flags this closed network needs.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser } from '@playwright/test';

export const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** Chromium's flags here: headless, no sandbox, and no background networking (it floods the closed network otherwise). */
export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

async function waitForServer(url: string, ms: number): Promise<void> {
  const t0 = Date.now();
  for (;;) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      /* not up yet */
    }
    if (Date.now() - t0 > ms) throw new Error(`vite preview did not start on ${url}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** The built app (dist/) served on `port` and a Chromium with `extraArgs`; `close()` ends both. */
export async function appBrowser(port: number, extraArgs: string[] = []): Promise<{ browser: Browser; url: string; close(): Promise<void> }> {
  const server: ChildProcess = spawn(process.execPath, [resolve(REPO, 'node_modules/vite/bin/vite.js'), 'preview', '--port', String(port), '--strictPort', '--host', '127.0.0.1'], { cwd: REPO, stdio: 'ignore' });
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: [...CHROMIUM_ARGS, ...extraArgs] });
  const url = `http://127.0.0.1:${port}/`;
  const close = async () => {
    await browser.close();
    server.kill();
  };
  try {
    await waitForServer(url, 30_000);
  } catch (e) {
    await close();
    throw e;
  }
  return { browser, url, close };
}
