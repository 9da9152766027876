import { defineConfig } from 'vite';

// The app is a static site: `npm run build` writes dist/, which any static server can host.
export default defineConfig({
  base: './',
  build: { outDir: 'dist', target: 'es2022', sourcemap: true },
  worker: { format: 'es' },
});
