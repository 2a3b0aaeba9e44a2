import js from '@eslint/js'
import { defineConfig, globalIgnores } from 'eslint/config'
import reactHooks from 'eslint-plugin-react-hooks'
import reactRefresh from 'eslint-plugin-react-refresh'
import globals from 'globals'
import tseslint from 'typescript-eslint'

// UI libraries the pure layers must never import (DESIGN.md "Engine rules").
const UI_LIBS = [
  'react',
  'react-dom',
  'react-dom/*',
  'd3',
  'd3-*',
  'zustand',
  'zustand/*',
  '@xterm/*',
  'i18next',
  'react-i18next',
]
const uiBan = {
  group: UI_LIBS,
  message: 'src/engine and src/console are pure: no React, DOM, d3, zustand, i18n or xterm.',
}
const engineOnly = (up) => ({
  group: [`${up}*`, `${up}**`, 'node:*'],
  message: 'The engine imports only from src/engine.',
})
// The engine is replayable: no clock, no global randomness.
const impureSyntax = [
  {
    selector: "NewExpression[callee.name='Date']",
    message: 'No clock in the engine: time breaks determinism.',
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
      'no-restricted-imports': ['error', { patterns: [uiBan, engineOnly('../../')] }],
      'no-restricted-syntax': ['error', ...impureSyntax],
      'no-restricted-properties': ['error', ...impureProps],
      'no-restricted-globals': [
        'error',
        'window',
        'document',
        'navigator',
        'localStorage',
        'location',
      ],
    },
  },
  {
    // Files at the top of src/engine leave it with one '../'.
    files: ['src/engine/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [uiBan, engineOnly('../')] }] },
  },
  {
    files: ['src/console/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [uiBan] }],
      'no-restricted-syntax': ['error', ...impureSyntax],
      'no-restricted-properties': ['error', ...impureProps],
    },
  },
  {
    // Panels and state see the engine only through its public surface.
    files: ['src/components/**/*.{ts,tsx}', 'src/state/**/*.ts', 'src/app/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '/engine/(?!index\\.ts$).+',
              message: 'Import the engine through src/engine/index.ts only.',
            },
          ],
        },
      ],
    },
  },
])
