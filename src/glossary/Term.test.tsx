import { render, screen } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { describe, expect, it } from 'vitest'
import { EXIT_REASON } from '../engine/index.ts'
import { initI18n } from '../i18n/index.ts'
import { GlossaryView } from './GlossaryView.tsx'
import { Term } from './Term.tsx'
import { WithTerms } from './WithTerms.tsx'
import { EXIT_REASON_TERMS, TERMS, defineTerm } from './terms.ts'

describe('glossary', () => {
  it('defines every exit reason the model raises, and every term, in both languages', () => {
    for (const name of Object.keys(EXIT_REASON)) {
      const d = EXIT_REASON_TERMS[name]
      expect(d?.en, name).toMatch(
        new RegExp(`^Exit reason ${EXIT_REASON[name as keyof typeof EXIT_REASON]}\\b`),
      )
      expect(d?.zh, name).toMatch(
        new RegExp(`^退出原因 ${EXIT_REASON[name as keyof typeof EXIT_REASON]}`),
      )
    }
    for (const t of TERMS) {
      expect(t.def.en.length, t.term).toBeGreaterThan(10)
      expect(t.def.zh.length, t.term).toBeGreaterThan(5)
    }
    expect(defineTerm('vpid')?.en).toMatch(/Virtual-processor identifier/)
  })

  it('shows a definition on keyboard focus, tied to the term for screen readers', async () => {
    initI18n('en')
    render(
      <p>
        tagged by <Term>VPID</Term> and <Term>not-a-term</Term>
      </p>,
    )
    const term = screen.getByText('VPID', { selector: '.term' })
    await userEvent.tab()
    expect(term).toHaveFocus()
    expect(term).toHaveAccessibleDescription(/Virtual-processor identifier/)
    // An unknown word stays plain text: one focusable term only.
    expect(document.querySelectorAll('.term')).toHaveLength(1)
    expect(screen.getByText(/and not-a-term/)).toBeInTheDocument()
  })

  it('lists the terms and the exit reasons on its page, in Chinese too', () => {
    initI18n('zh')
    render(<GlossaryView lang="zh" />)
    expect(screen.getByRole('heading', { name: '术语表' })).toBeInTheDocument()
    expect(screen.getByText('48 EPT_VIOLATION')).toBeInTheDocument()
    expect(screen.getByText(/^物理到机器映射/)).toBeInTheDocument()
    initI18n('en')
  })
})

describe('WithTerms', () => {
  it('makes the first whole-word occurrence of each listed term a Term, nothing else', () => {
    initI18n('en')
    render(
      <p data-testid="p">
        <WithTerms
          text="P2M (GPA → machine), P2M again, not EPT_POINTER but EPT"
          terms={['P2M', 'GPA', 'EPT']}
        />
      </p>,
    )
    const terms = [...document.querySelectorAll('.term')].map((e) => e.firstChild?.textContent)
    expect(terms).toEqual(['P2M', 'GPA', 'EPT'])
    // The definitions are not part of the label's text.
    expect(screen.getByTestId('p').textContent).toBe(
      'P2M (GPA → machine), P2M again, not EPT_POINTER but EPT',
    )
  })
})
