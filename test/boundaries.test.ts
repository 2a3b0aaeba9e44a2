import { ESLint } from 'eslint'
import { describe, expect, it } from 'vitest'

// Proves the lint fences fire: each snippet is linted as if it lived at the given path.
const eslint = new ESLint({ cwd: process.cwd() })

async function ruleIds(code: string, filePath: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath })
  return (result?.messages ?? []).map((m) => m.ruleId ?? m.message)
}

describe('architecture fences', () => {
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
})
