import { render, screen } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { runScript } from '../../console/index.ts'
import { initI18n } from '../../i18n/index.ts'
import { TraceLimitNotice } from './TraceLimitNotice.tsx'

describe('a trace cut at the step limit', () => {
  it('says at which line and at what limit, and nothing when the script ran to its end', () => {
    initI18n('en')
    // Each line makes one event; a cap of 3 stops during line 4.
    const src = Array.from({ length: 6 }, (_, i) => `mmu ${i % 2 ? 'native' : 'ept'}`).join('\n')
    const run = runScript(src, { frameCap: 3 })
    expect(run.trace.limit).toEqual({ line: 4, cap: 3 })
    const { rerender } = render(<TraceLimitNotice limit={run.trace.limit} />)
    expect(screen.getByTestId('trace-limit')).toHaveTextContent(
      'This script stopped at line 4: its trace reached the limit of 3 steps',
    )
    rerender(<TraceLimitNotice limit={runScript(src).trace.limit} />)
    expect(screen.queryByTestId('trace-limit')).toBeNull()
  })
})
