import { defineConfig } from '@playwright/test';

// End-to-end tests drive the built app (dist/, served by `vite preview`) in Debian's Chromium:
// never a downloaded browser (there is no internet here besides the npm registry).
// E2E_PORT: another port when two suites share the machine.
const PORT = Number(process.env.E2E_PORT ?? 4178);
export default defineConfig({
  testDir: 'e2e',
  timeout: 60_000,
  retries: 0,
  workers: 1,
  // CI (.ci/run) also writes a JSON report that it counts passed/failed tests from.
  reporter: process.env.CI ? [['list'], ['json', { outputFile: '.ci-out/e2e.json' }]] : [['list']],
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    browserName: 'chromium',
    screenshot: 'only-on-failure',
    // A desktop workbench: palette, editor, inspector and plots side by side.
    viewport: { width: 1600, height: 1000 },
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    },
  },
  webServer: {
    command: `npx vite preview --port ${PORT} --strictPort --host 127.0.0.1`,
    url: `http://127.0.0.1:${PORT}`,
    reuseExistingServer: false,
    timeout: 60_000,
  },
});
