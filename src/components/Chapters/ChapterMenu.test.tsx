import { act, render, screen, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { beforeEach, describe, expect, it } from 'vitest'
import { initI18n } from '../../i18n/index.ts'
import { loadScenario } from '../../scenarios/index.ts'
import { chaptersOfRun } from '../../state/chapters.ts'
import { loadRuntime } from '../../state/runtime.ts'
import { resetVmStore, vmStore } from '../../state/store.ts'
import { StepControls } from '../StepControls/StepControls.tsx'
import { ChapterMenu } from './ChapterMenu.tsx'

await loadScenario('ept-2d-walk')
await loadScenario('xen-ring-basics')
await loadRuntime()

const chapters = () => {
  const v = vmStore.getState().view
  if (v.kind !== 'player') throw new Error('no scenario open')
  return chaptersOfRun(v.scenario, v.run.trace.frames)
}
const cursor = () => vmStore.getState().playback.cursor

describe('ChapterMenu', () => {
  beforeEach(() => {
    resetVmStore()
    initI18n('en')
    vmStore.getState().openRoute({ kind: 'scenario', id: 'ept-2d-walk', step: 1 })
  })

  it('opens the list of phases on the current one and jumps to a phase’s first step', async () => {
    const user = userEvent.setup()
    render(<ChapterMenu place="down" />)
    const toggle = screen.getByRole('button', { name: /Chapters/ })
    expect(toggle).toHaveAttribute('aria-expanded', 'false')
    expect(screen.queryByRole('navigation')).toBeNull()
    await user.click(toggle)
    expect(toggle).toHaveAttribute('aria-expanded', 'true')
    const nav = screen.getByRole('navigation', { name: 'Chapters of this scenario' })
    const items = within(nav).getAllByRole('button')
    expect(items).toHaveLength(6)
    expect(items[0]).toHaveTextContent(/^1 The guest builds its tables setup steps 1–11$/)
    expect(items[0]).toHaveFocus()
    expect(items[0]).toHaveAttribute('aria-current', 'step')
    await user.click(within(nav).getByRole('button', { name: /TLB hit/ }))
    expect(cursor()).toBe(chapters()[3]?.first)
    // Closed, and focus is back on the toggle so → and PageDown step on.
    expect(toggle).toHaveAttribute('aria-expanded', 'false')
    expect(toggle).toHaveFocus()
  })

  it('works from the keyboard: Enter opens, ↓ and End move, Escape closes', async () => {
    const user = userEvent.setup()
    render(<ChapterMenu place="down" />)
    act(() => vmStore.getState().seek(chapters()[2]?.first ?? 0))
    const toggle = screen.getByRole('button', { name: /Chapters/ })
    expect(toggle).toHaveTextContent('3/6')
    toggle.focus()
    await user.keyboard('{Enter}')
    const nav = screen.getByRole('navigation')
    const items = within(nav).getAllByRole('button')
    expect(items[2], 'focus starts on the current chapter').toHaveFocus()
    await user.keyboard('{ArrowDown}')
    expect(items[3]).toHaveFocus()
    await user.keyboard('{End}')
    expect(items[5]).toHaveFocus()
    await user.keyboard('{ArrowDown}')
    expect(items[0], '↓ wraps round').toHaveFocus()
    await user.keyboard('{Escape}')
    expect(screen.queryByRole('navigation')).toBeNull()
    expect(toggle).toHaveFocus()
    expect(cursor(), 'nothing chosen, nothing moved').toBe(chapters()[2]?.first)
    await user.keyboard('{Enter}')
    await user.keyboard('{ArrowDown}{Enter}')
    expect(cursor()).toBe(chapters()[3]?.first)
  })

  it('skips the setup, and is disabled once past it', async () => {
    const user = userEvent.setup()
    render(<ChapterMenu place="down" />)
    const skip = screen.getByRole('button', { name: 'Skip setup' })
    const walk = chapters()[2]?.first ?? 0
    expect(skip).toHaveAttribute('title', `Skip the setup: go to step ${walk + 1} (S)`)
    await user.click(skip)
    expect(cursor()).toBe(walk)
    expect(skip).toBeDisabled()
  })

  it('offers no Skip setup where a scenario has none', () => {
    vmStore.getState().openRoute({ kind: 'scenario', id: 'xen-ring-basics', step: 1 })
    render(<ChapterMenu place="down" />)
    expect(screen.getByRole('button', { name: /Chapters/ })).toBeInTheDocument()
    expect(screen.queryByRole('button', { name: 'Skip setup' })).toBeNull()
  })

  it('closes when focus or a click goes elsewhere', async () => {
    const user = userEvent.setup()
    render(
      <>
        <ChapterMenu place="down" />
        <button type="button">elsewhere</button>
      </>,
    )
    await user.click(screen.getByRole('button', { name: /Chapters/ }))
    expect(screen.getByRole('navigation')).toBeInTheDocument()
    await user.click(screen.getByRole('button', { name: 'elsewhere' }))
    expect(screen.queryByRole('navigation')).toBeNull()
    expect(vmStore.getState().chaptersOpen).toBe(false)
  })

  it('closes when another scenario opens', async () => {
    const user = userEvent.setup()
    render(<ChapterMenu place="down" />)
    await user.click(screen.getByRole('button', { name: /Chapters/ }))
    expect(screen.getByRole('navigation')).toBeInTheDocument()
    act(() => vmStore.getState().openRoute({ kind: 'scenario', id: 'xen-ring-basics', step: 1 }))
    expect(screen.queryByRole('navigation')).toBeNull()
    expect(screen.getByRole('button', { name: /Chapters/ })).toHaveTextContent('1/7')
  })

  it('speaks Chinese', async () => {
    initI18n('zh')
    vmStore.getState().setLang('zh')
    const user = userEvent.setup()
    render(<ChapterMenu place="down" />)
    await user.click(screen.getByRole('button', { name: /章节/ }))
    const nav = screen.getByRole('navigation', { name: '本场景的章节' })
    const walk = chapters()[2]
    expect(within(nav).getAllByRole('button')[2]).toHaveTextContent(
      `3 二维遍历：24 次访问 第 ${(walk?.first ?? 0) + 1}–${(walk?.last ?? 0) + 1} 步`,
    )
    expect(screen.getByRole('button', { name: '跳过准备' })).toBeInTheDocument()
    initI18n('en')
  })
})

describe('the timeline’s phases', () => {
  beforeEach(() => {
    resetVmStore()
    initI18n('en')
    vmStore.getState().openRoute({ kind: 'scenario', id: 'ept-2d-walk', step: 1 })
  })

  it('draws one segment per phase, marks the current one and names it', () => {
    render(<StepControls />)
    const track = screen.getByTestId('phase-track')
    const segs = [...track.querySelectorAll('li')]
    const c = chapters()
    expect(segs.map((s) => s.style.flexGrow)).toEqual(c.map((x) => String(x.last - x.first + 1)))
    expect(segs.map((s) => s.classList.contains('setup'))).toEqual(c.map((x) => x.setup))
    expect(segs.findIndex((s) => s.hasAttribute('data-current'))).toBe(0)
    expect(screen.getByTestId('phase-now')).toHaveTextContent(
      'Chapter 1 of 6setupThe guest builds its tables',
    )
    act(() => vmStore.getState().seek(c[2]?.first ?? 0))
    expect(segs.findIndex((s) => s.hasAttribute('data-current'))).toBe(2)
    expect(screen.getByTestId('phase-now')).toHaveTextContent('The 2-D walk: 24 references')
    expect(screen.getByRole('slider', { name: 'Timeline' })).toHaveAttribute(
      'aria-valuetext',
      `Step ${(c[2]?.first ?? 0) + 1} of ${vmStore.getState().playback.length}, chapter 3 of 6: The 2-D walk: 24 references`,
    )
  })
})
