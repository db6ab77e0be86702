import { fileURLToPath } from 'node:url';
import type { Plugin } from 'vite';
import { defineConfig } from 'vitest/config';

const lspClient = fileURLToPath(new URL('./node_modules/monaco-editor/esm/external/monaco-lsp-client/out/index.js', import.meta.url));

/**
 * Monaco's LSP client module is written for the full `monaco-editor` entry and imports every editor
 * contribution for its side effects. src/editor/monaco.ts registers the ones the IDE uses before
 * the editor exists; registered later, with the lazily loaded client, they would not reach that
 * editor anyway. Dropping those imports keeps the client's chunk to its own code (about 17 KB
 * instead of 131 KB gzip).
 */
function lspClientWithoutContributions(): Plugin {
  return {
    name: 'stratus-lsp-client-without-contributions',
    enforce: 'pre',
    transform(code, id) {
      if (id.split('?')[0] !== lspClient) return null;
      let dropped = 0;
      const out = code.replace(/^import '\.\.\/\.\.\/\.\.\/vs\/[^']+';$/gm, () => { dropped++; return ''; });
      if (dropped === 0) this.warn('no contribution imports found in the LSP client: check the module after a Monaco upgrade');
      return { code: out, map: null };
    },
  };
}

// The Stratus server serves dist/ itself; `npm run dev` proxies the API to a local `stratus serve`.
const apiTarget = process.env.STRATUS_DEV_SERVER ?? 'http://127.0.0.1:8080';

export default defineConfig({
  base: '/',
  plugins: [lspClientWithoutContributions()],
  resolve: {
    alias: {
      // Monaco's export map only exposes .js files; its codicon stylesheet needs a direct path.
      'monaco-esm': fileURLToPath(new URL('./node_modules/monaco-editor/esm', import.meta.url)),
      // Monaco's LSP client is re-exported only by the full entry, which would bring every language.
      'monaco-lsp-client': lspClient,
    },
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
