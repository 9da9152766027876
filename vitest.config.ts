import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'nodes/**/*.test.ts', 'tools/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // CI (.ci/run) also writes a JSON report that it counts passed/failed tests from (a second
    // run without the shared data writes its own, named by NEUROWIRE_VITEST_JSON).
    reporters: process.env.CI ? ['default', ['json', { outputFile: process.env.NEUROWIRE_VITEST_JSON ?? '.ci-out/vitest.json' }]] : ['default'],
  },
});
