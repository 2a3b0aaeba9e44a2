import { render } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { CodeText } from './CodeText.tsx'

describe('CodeText', () => {
  it('shows backticked console words as code, without the backticks', () => {
    const { container } = render(
      <p>
        <CodeText text="an `access VA` under `mmu ept` fills it" />
      </p>,
    )
    expect(container.textContent).toBe('an access VA under mmu ept fills it')
    expect([...container.querySelectorAll('code')].map((c) => c.textContent)).toEqual([
      'access VA',
      'mmu ept',
    ])
  })
})
