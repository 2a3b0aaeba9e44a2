import { fireEvent, render, screen } from '@testing-library/react'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { initI18n } from '../../i18n/index.ts'
import { PanelBoundary } from './PanelBoundary.tsx'

function Boom({ fail }: { readonly fail: boolean }) {
  if (fail) throw new Error('no such entry')
  return <p>drawn</p>
}

describe('PanelBoundary', () => {
  beforeEach(() => {
    initI18n('en')
    // React reports caught render errors on the console; the test is about what users see.
    vi.spyOn(console, 'error').mockImplementation(() => {})
  })

  it('shows what failed in place of the panel, keeps its siblings, and retries on the next step', () => {
    const { rerender } = render(
      <>
        <PanelBoundary resetKey={1}>
          <Boom fail />
        </PanelBoundary>
        <p>narration</p>
      </>,
    )
    expect(screen.getByRole('alert')).toHaveTextContent('no such entry')
    expect(screen.getByText('narration')).toBeInTheDocument()
    rerender(
      <>
        <PanelBoundary resetKey={2}>
          <Boom fail={false} />
        </PanelBoundary>
        <p>narration</p>
      </>,
    )
    expect(screen.queryByRole('alert')).toBeNull()
    expect(screen.getByText('drawn')).toBeInTheDocument()
  })

  it('tries again on request', () => {
    let fail = true
    function Flaky() {
      return <Boom fail={fail} />
    }
    render(
      <PanelBoundary resetKey={1}>
        <Flaky />
      </PanelBoundary>,
    )
    expect(screen.getByTestId('panel-failed')).toBeInTheDocument()
    fail = false
    fireEvent.click(screen.getByRole('button', { name: 'Try again' }))
    expect(screen.getByText('drawn')).toBeInTheDocument()
  })

  it('draws the fallback it is given instead of the panel box', () => {
    render(
      <PanelBoundary resetKey={1} fallback={(message) => <p role="alert">view: {message}</p>}>
        <Boom fail />
      </PanelBoundary>,
    )
    expect(screen.getByRole('alert')).toHaveTextContent('view: no such entry')
    expect(screen.queryByTestId('panel-failed')).toBeNull()
  })
})
