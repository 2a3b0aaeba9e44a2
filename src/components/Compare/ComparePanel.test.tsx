import { render, screen } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { initI18n } from '../../i18n/index.ts'
import { scenarioFrames } from '../Ring/testFrames.ts'
import { ComparePanel } from './ComparePanel.tsx'

describe('ComparePanel', () => {
  it('draws a column per design with its numbers in words, the running one marked by text', () => {
    initI18n('en')
    const frames = scenarioFrames('ept-vs-shadow')
    const nativeAccess = frames.findIndex((f) => f.event.kind === 'paging.access')
    const f = frames[nativeAccess]
    if (!f) throw new Error('no native access')
    // Outside a player the panel sees this frame alone: the native column's access.
    render(<ComparePanel frame={f} />)
    expect(screen.getByRole('table')).toBeInTheDocument()
    expect(screen.getByTestId('compare-col-native')).toHaveTextContent('▶ running at this step')
    expect(screen.getByTestId('compare-native-access')).toHaveTextContent(
      'VA 0x7123: 4 memory references, reached 0x400123',
    )
    expect(screen.getByTestId('compare-native-access')).toHaveAttribute('data-focus')
    expect(screen.getByTestId('compare-col-ept')).toHaveTextContent('not run yet')
    expect(screen.getByTestId('compare-ept-exits')).toHaveTextContent('—')
  })
})
