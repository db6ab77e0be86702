import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// The Stratus server serves dist/ itself; `npm run dev` proxies the API to a local `stratus serve`.
const apiTarget = process.env.STRATUS_DEV_SERVER ?? 'http://127.0.0.1:8080';

export default defineConfig({
  base: '/',
  resolve: {
    // Monaco's export map only exposes .js files; its codicon stylesheet needs a direct path.
    alias: { 'monaco-esm': fileURLToPath(new URL('./node_modules/monaco-editor/esm', import.meta.url)) },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    chunkSizeWarningLimit: 4000,
  },
  worker: { format: 'es' },
  server: {
    proxy: {
      '/api': { target: apiTarget, ws: true, changeOrigin: false },
    },
  },
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
  },
});
