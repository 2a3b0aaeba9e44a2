import js from '@eslint/js'
import { defineConfig, globalIgnores } from 'eslint/config'
import reactHooks from 'eslint-plugin-react-hooks'
import reactRefresh from 'eslint-plugin-react-refresh'
import globals from 'globals'
import tseslint from 'typescript-eslint'

// UI and DOM libraries the pure layers (engine, console, narration, scenarios) must never
// import (DESIGN.md "Engine rules"): they run in the CLI and in tests without a browser.
const UI_LIBS = [
  'react',
  'react/*',
  'react-dom',
  'react-dom/*',
  'd3',
  'd3-*',
  'zustand',
  'zustand/*',
  '@xterm/*',
  'i18next',
  'react-i18next',
  'jsdom',
  '@testing-library/*',
]
const uiBan = {
  group: UI_LIBS,
  message:
    'src/engine, src/console, src/narration and src/scenarios are pure: no React, DOM, d3, zustand, i18n or xterm.',
}
const engineOnly = (up) => ({
  group: [`${up}*`, `${up}**`, 'node:*'],
  message: 'The engine imports only from src/engine.',
})
const engineIndexOnly = {
  regex: '/engine/(?!index\\.ts$).+',
  message: 'Import the engine through src/engine/index.ts only.',
}
// Panels sit below the app shell: what both need lives in src/state or src/components.
const appBan = {
  regex: '(^|/)(\\.\\.|src)/app(/|$)',
  message:
    'src/components never imports src/app: move what both need to src/state or src/components.',
}
const CRYPTO_MSG = 'No crypto in the engine: randomness and hashing break determinism.'
const cryptoBan = [
  { name: 'crypto', message: CRYPTO_MSG },
  { name: 'node:crypto', message: CRYPTO_MSG },
]
const engineImports = (up) => ['error', { paths: cryptoBan, patterns: [uiBan, engineOnly(up)] }]
// Globals only a browser page has (window, document, HTMLElement, requestAnimationFrame, ...):
// globals.browser less what the language and Node also define, plus the storage and navigator
// objects Node has grown. The pure layers also run in the CLI.
const DOM_GLOBALS = [
  ...Object.keys(globals.browser).filter((g) => !(g in globals.builtin) && !(g in globals.node)),
  'navigator',
  'localStorage',
  'sessionStorage',
]
const domBan = (who) =>
  DOM_GLOBALS.map((name) => ({ name, message: `${who} is pure: no DOM globals.` }))
// The engine is replayable: no clock, no global randomness, no timers, no crypto.
const TIMERS = [
  'setTimeout',
  'setInterval',
  'setImmediate',
  'queueMicrotask',
  'requestAnimationFrame',
]
const TIMER_MSG = 'No timers in the engine: a step is one synchronous transition.'
const engineGlobals = [
  ...domBan('src/engine').filter((g) => !TIMERS.includes(g.name)),
  ...TIMERS.map((name) => ({ name, message: TIMER_MSG })),
  { name: 'crypto', message: CRYPTO_MSG },
]
const impureSyntax = [
  {
    selector: "NewExpression[callee.name='Date']",
    message: 'No clock in the engine: time breaks determinism.',
  },
]
const engineSyntax = [
  ...impureSyntax,
  {
    selector:
      "ImportExpression[source.value=/^(node:)?crypto$/], CallExpression[callee.name='require'][arguments.0.value=/^(node:)?crypto$/]",
    message: CRYPTO_MSG,
  },
]
const impureProps = [
  {
    object: 'Math',
    property: 'random',
    message: 'Use a seeded generator that is part of the script.',
  },
  { object: 'Date', property: 'now', message: 'No clock in the engine: time breaks determinism.' },
  {
    object: 'performance',
    property: 'now',
    message: 'No clock in the engine: time breaks determinism.',
  },
]
// The same timers and crypto reached through globalThis.
const engineProps = [
  ...impureProps,
  ...TIMERS.map((property) => ({ object: 'globalThis', property, message: TIMER_MSG })),
  { object: 'globalThis', property: 'crypto', message: CRYPTO_MSG },
]

export default defineConfig([
  globalIgnores([
    'dist',
    'dist-cli',
    'dist-e2e',
    'dist-bench',
    'node_modules',
    'test-results',
    'playwright-report',
    'coverage',
  ]),
  {
    files: ['**/*.{ts,tsx,js,mjs}'],
    extends: [js.configs.recommended, tseslint.configs.recommended],
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['src/**/*.tsx', 'src/components/**/*.ts', 'src/state/**/*.ts'],
    plugins: { 'react-hooks': reactHooks, 'react-refresh': reactRefresh },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'react-refresh/only-export-components': ['error', { allowConstantExport: true }],
    },
  },
  {
    files: ['src/engine/**/*.ts'],
    languageOptions: { globals: {} },
    rules: {
      'no-restricted-imports': engineImports('../../'),
      'no-restricted-syntax': ['error', ...engineSyntax],
      'no-restricted-properties': ['error', ...engineProps],
      'no-restricted-globals': ['error', ...engineGlobals],
    },
  },
  {
    // Files at the top of src/engine leave it with one '../'.
    files: ['src/engine/*.ts'],
    rules: { 'no-restricted-imports': engineImports('../') },
  },
  {
    files: ['src/console/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [uiBan, engineIndexOnly] }],
      'no-restricted-syntax': ['error', ...impureSyntax],
      'no-restricted-properties': ['error', ...impureProps],
    },
  },
  {
    // Narration and scenarios are text and scripts: the CLI loads them without a browser.
    // Questions (src/quiz) likewise: generators are pure functions of the trace.
    files: ['src/narration/**/*.ts', 'src/scenarios/**/*.ts', 'src/quiz/**/*.ts'],
    languageOptions: { globals: {} },
    rules: {
      'no-restricted-imports': ['error', { patterns: [uiBan] }],
      'no-restricted-globals': ['error', ...domBan('src/narration, src/scenarios and src/quiz')],
    },
  },
  {
    // State and the app shell see the engine only through its public surface.
    files: ['src/state/**/*.ts', 'src/app/**/*.{ts,tsx}'],
    rules: { 'no-restricted-imports': ['error', { patterns: [engineIndexOnly] }] },
  },
  {
    // Panels: the engine's public surface only, and nothing from the app shell above them.
    files: ['src/components/**/*.{ts,tsx}'],
    rules: { 'no-restricted-imports': ['error', { patterns: [engineIndexOnly, appBan] }] },
  },
])
