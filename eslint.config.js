// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

// Areas import each other only through their index.ts: from src/<area>/x.ts a path
// '../<other>/<anything but index.js>' reaches into another area, likewise one level deeper.
const crossAreaDepth1 = { regex: String.raw`^\.\./[^./][^/]*/(?!index\.js$).+`, message: 'Import another area through its index.ts.' };
const crossAreaDepth2 = { regex: String.raw`^\.\./\.\./[^./][^/]*/(?!index\.js$).+`, message: 'Import another area through its index.ts.' };
const crossAreaDepth3 = { regex: String.raw`^\.\./\.\./\.\./[^./][^/]*/(?!index\.js$).+`, message: 'Import another area through its index.ts.' };
// bench/ (the chaos run, soak) is the bench area with src/bench: it reaches src/bench freely, any other area by its face.
const benchToSrc = { regex: String.raw`^(\.\./)+src/(?!bench/)[^./][^/]*/(?!index\.js$).+`, message: 'Import another area through its index.ts.' };

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'src/protocol/gen/**', 'data/**', 'coverage/**', 'src/web/dist/**', 'test-artifacts/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  // The direction of each arrow (design.md's layers) is checked by test/architecture/layering.test.ts.
  { files: ['src/*/*.ts', 'src/*/*.tsx'], rules: { 'no-restricted-imports': ['error', { patterns: [crossAreaDepth1] }] } },
  { files: ['src/*/*/*.ts', 'src/*/*/*.tsx'], rules: { 'no-restricted-imports': ['error', { patterns: [crossAreaDepth2] }] } },
  { files: ['src/*/*/*/*.ts'], rules: { 'no-restricted-imports': ['error', { patterns: [crossAreaDepth3] }] } },
  { files: ['bench/**/*.ts'], rules: { 'no-restricted-imports': ['error', { patterns: [benchToSrc] }] } },
  { files: ['eslint.config.js', 'src/web/vite.config.js', 'src/web/public/sw.js'], ...tseslint.configs.disableTypeChecked },
  // The service worker is plain JS copied as is; its global is the worker scope.
  { files: ['src/web/public/sw.js'], languageOptions: { globals: { self: 'readonly' } } },
);
