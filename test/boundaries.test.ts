import { ESLint } from 'eslint'
import { describe, expect, it } from 'vitest'

// Proves the lint fences fire: each snippet is linted as if it lived at the given path, and a
// clean snippet at the same path passes, so each case can fail.
// ESLint loads its config and the TypeScript parser on first use: slow on a loaded machine.
const TIMEOUT = 60_000
const eslint = new ESLint({ cwd: process.cwd() })

async function ruleIds(code: string, filePath: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath })
  return (result?.messages ?? []).map((m) => m.ruleId ?? m.message)
}

describe('architecture fences', { timeout: TIMEOUT }, () => {
  it.each([
    ["import React from 'react'\nexport const x = React", 'src/engine/core/fake.ts'],
    ["import { select } from 'd3'\nexport const x = select", 'src/engine/paging/fake.ts'],
    ["import { create } from 'zustand'\nexport const x = create", 'src/engine/fake.ts'],
    ["import { Terminal } from '@xterm/xterm'\nexport const x = Terminal", 'src/console/fake.ts'],
    [
      "import { runScript } from '../../console/index.ts'\nexport const x = runScript",
      'src/engine/core/fake.ts',
    ],
    [
      "import { runScript } from '../console/index.ts'\nexport const x = runScript",
      'src/engine/fake.ts',
    ],
  ])('forbids UI and outside imports in the pure layers (%#)', async (code, path) => {
    expect(await ruleIds(code, path)).toContain('no-restricted-imports')
  })

  it('forbids clocks and global randomness in the engine', async () => {
    expect(await ruleIds('export const x = Math.random()', 'src/engine/core/fake.ts')).toContain(
      'no-restricted-properties',
    )
    expect(await ruleIds('export const x = Date.now()', 'src/engine/core/fake.ts')).toContain(
      'no-restricted-properties',
    )
    expect(await ruleIds('export const x = new Date()', 'src/engine/core/fake.ts')).toContain(
      'no-restricted-syntax',
    )
  })

  it('makes panels use the engine index only', async () => {
    const code =
      "import { applyAddrSpace } from '../../engine/addrspace/apply.ts'\nexport const x = applyAddrSpace"
    expect(await ruleIds(code, 'src/components/Fake/fake.ts')).toContain('no-restricted-imports')
    const ok = "import { apply } from '../../engine/index.ts'\nexport const x = apply"
    expect(await ruleIds(ok, 'src/components/Fake/fake.ts')).not.toContain('no-restricted-imports')
  })

  it('allows the engine its own modules', async () => {
    const code = "import { ok } from '../core/result.ts'\nexport const x = ok"
    expect(await ruleIds(code, 'src/engine/paging/fake.ts')).toEqual([])
  })

  describe('narration and scenarios are pure', () => {
    const paths = ['src/narration/fake.ts', 'src/scenarios/fake.ts', 'src/scenarios/fake.test.ts']
    const libs: [string, string][] = [
      ["import { useState } from 'react'", 'useState'],
      ["import { createRoot } from 'react-dom/client'", 'createRoot'],
      ["import { select } from 'd3'", 'select'],
      ["import { create } from 'zustand'", 'create'],
      ["import i18next from 'i18next'", 'i18next'],
      ["import { useTranslation } from 'react-i18next'", 'useTranslation'],
      ["import { Terminal } from '@xterm/xterm'", 'Terminal'],
      ["import { JSDOM } from 'jsdom'", 'JSDOM'],
      ["import { render } from '@testing-library/react'", 'render'],
    ]
    it.each(paths.flatMap((path) => libs.map(([imp, name]) => [path, imp, name])))(
      'forbids UI and DOM libraries (%s: %s)',
      async (path, imp, name) => {
        const code = `${imp}\nexport const x = ${name}`
        expect(await ruleIds(code, path)).toContain('no-restricted-imports')
      },
    )

    it.each(
      paths.flatMap((path) => [
        [path, 'export const x = document.title'],
        [path, 'export const x = window.innerWidth'],
        [path, "export const x = localStorage.getItem('lang')"],
        [path, 'export const x = navigator.language'],
        [path, 'export const x = requestAnimationFrame'],
        [path, 'export const x = name'],
      ]),
    )('forbids DOM globals (%s: %s)', async (path, code) => {
      expect(await ruleIds(code, path)).toContain('no-restricted-globals')
    })

    it.each(paths)('passes a clean snippet (%s)', async (path) => {
      const code = [
        "import { hex } from '../engine/index.ts'",
        "const name = 'cr3'",
        'export const x = `${name} = ${hex(0x1000n)}`',
      ].join('\n')
      expect(await ruleIds(code, path)).toEqual([])
    })
  })

  describe('the console sees the engine through its index only', () => {
    it.each([
      [
        "import { walk } from '../engine/paging/walk.ts'\nexport const x = walk",
        'src/console/fake.ts',
      ],
      [
        "import { applyVmx } from '../../engine/vmx/apply.ts'\nexport const x = applyVmx",
        'src/console/format/fake.ts',
      ],
      [
        "import type { AccessSize } from '../../engine/memory/index.ts'\nexport type X = AccessSize",
        'src/console/commands/fake.ts',
      ],
    ])('forbids deep engine imports (%#)', async (code, path) => {
      expect(await ruleIds(code, path)).toContain('no-restricted-imports')
    })

    it.each([
      ["import { hex } from '../engine/index.ts'\nexport const x = hex", 'src/console/fake.ts'],
      [
        "import { hex } from '../../engine/index.ts'\nexport const x = hex",
        'src/console/format/fake.ts',
      ],
      [
        "import type { AccessSize } from '../../engine/index.ts'\nexport type X = AccessSize",
        'src/console/commands/fake.ts',
      ],
    ])('allows the engine index (%#)', async (code, path) => {
      expect(await ruleIds(code, path)).toEqual([])
    })
  })

  describe('panels never import the app shell', () => {
    it.each([
      [
        "import { KEYMAP } from '../../app/keymap.ts'\nexport const x = KEYMAP",
        'src/components/Fake/fake.ts',
      ],
      [
        "import { App } from '../../app/App.tsx'\nexport const x = App",
        'src/components/Fake/fake.tsx',
      ],
      [
        "import { useKeyboard } from '../../../app/hooks.ts'\nexport const x = useKeyboard",
        'src/components/Fake/deep/fake.ts',
      ],
    ])('forbids src/app (%#)', async (code, path) => {
      expect(await ruleIds(code, path)).toContain('no-restricted-imports')
    })

    it.each([
      [
        "import { KEYMAP } from '../../state/keymap.ts'\nexport const x = KEYMAP",
        'src/components/Fake/fake.ts',
      ],
      [
        "import { runAppCommand } from '../../state/commands.ts'\nexport const x = runAppCommand",
        'src/components/Fake/fake.tsx',
      ],
      [
        "import { useReducedMotion } from '../../hooks/useReducedMotion.ts'\nexport const x = useReducedMotion",
        'src/components/Fake/deep/fake.ts',
      ],
    ])('allows src/state and shared component hooks (%#)', async (code, path) => {
      expect(await ruleIds(code, path)).toEqual([])
    })
  })

  describe('the engine has no timers and no crypto', () => {
    const paths = ['src/engine/core/fake.ts', 'src/engine/fake.ts']
    it.each(
      paths.flatMap((path) => [
        [path, 'setTimeout(() => {}, 0)', 'no-restricted-globals'],
        [path, 'setInterval(() => {}, 10)', 'no-restricted-globals'],
        [path, 'setImmediate(() => {})', 'no-restricted-globals'],
        [path, 'queueMicrotask(() => {})', 'no-restricted-globals'],
        [path, 'requestAnimationFrame(() => {})', 'no-restricted-globals'],
        [path, 'globalThis.setTimeout(() => {}, 0)', 'no-restricted-properties'],
        [path, 'export const x = crypto.randomUUID()', 'no-restricted-globals'],
        [path, 'export const x = globalThis.crypto', 'no-restricted-properties'],
        [
          path,
          "import { randomBytes } from 'crypto'\nexport const x = randomBytes",
          'no-restricted-imports',
        ],
        [
          path,
          "import { createHash } from 'node:crypto'\nexport const x = createHash",
          'no-restricted-imports',
        ],
        [path, "export const x = import('crypto')", 'no-restricted-syntax'],
      ]),
    )('%s: %s -> %s', async (path, code, rule) => {
      expect(await ruleIds(code, path)).toContain(rule)
    })

    it.each(paths)('passes a clean snippet (%s)', async (path) => {
      // A seeded generator and a synchronous callback: what the engine does instead.
      const code = [
        'export const next = (seed: number): number => (seed * 1103515245 + 12345) % 2 ** 31',
        'export const now = (run: () => void): void => run()',
      ].join('\n')
      expect(await ruleIds(code, path)).toEqual([])
    })
  })
})
