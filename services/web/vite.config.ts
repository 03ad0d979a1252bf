import { defineConfig } from 'vite';

/**
 * The API serves the app under /app, so every asset URL starts there. The server
 * builds into dist/<source hash> (node/bundle.ts) and passes --outDir; the outDir
 * below only applies to a bare `npx vite build`. `npm run dev` serves the sources with
 * hot reload and sends API calls to the server of `npm start` (FLEKSI_API_URL, default
 * http://127.0.0.1:3000).
 */
const api = process.env['FLEKSI_API_URL'] ?? 'http://127.0.0.1:3000';

export default defineConfig({
  base: '/app/',
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    outDir: 'dist/vite-build',
    target: 'es2022',
    assetsDir: 'assets',
    reportCompressedSize: true,
  },
  server: {
    host: '127.0.0.1',
    proxy: { '/v1': api, '/app/config.json': api },
    // Bundles the server builds land in dist/, and browser tests write to test-results/.
    watch: { ignored: ['**/dist/**', '**/test-results/**'] },
  },
});
