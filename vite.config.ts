import { defineConfig } from 'vite';

// Cross-origin isolation (SharedArrayBuffer and Atomics.wait in workers): a network run spreads
// over every core only in an isolated page. A static host must send the same two headers.
const isolation = { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' };

// The app is a static site: `npm run build` writes dist/, which any static server can host.
export default defineConfig({
  base: './',
  server: { headers: isolation },
  preview: { headers: isolation },
  build: { outDir: 'dist', target: 'es2022', sourcemap: true },
  worker: { format: 'es' },
});
