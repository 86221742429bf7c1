// @ts-check
/**
 * Builds the chat page into dist/web (served at `/` by `glide serve`). Run from the repo root as
 * `vite build --config src/web/vite.config.js`; paths below are relative to this folder (root).
 */
export default {
  root: 'src/web',
  base: './',
  logLevel: 'warn',
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: { outDir: '../../dist/web', emptyOutDir: true, target: 'es2022', chunkSizeWarningLimit: 400 },
};
