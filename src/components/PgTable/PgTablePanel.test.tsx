import { fireEvent, render, screen, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { runScript } from '../../console/index.ts'
import type { Frame } from '../../engine/index.ts'
import { initI18n } from '../../i18n/index.ts'
import { PgTablePanel } from './PgTablePanel.tsx'
import { layoutPgTable, sortRows } from './layout.ts'

const last = (script: string): Frame => {
  const f = runScript(script).trace.frames.at(-1)
  if (!f) throw new Error('no frame')
  return f
}
const TRAP = `program 32
asm push 0x2
asm popf
asm mov eax, 1
way trap
stepi 2`

// Queries scoped to the header and to one row: role queries over the whole table are slow.
const firstCells = (): string[] =>
  [...document.querySelectorAll('.pg-table tbody th')].map(
    (c) => c.textContent?.replace('▶ ', '') ?? '',
  )
const head = () => within(document.querySelector('.pg-table thead') as HTMLElement)

// A 40-row table rendered in jsdom: slow on a loaded machine, so a longer timeout.
describe('PgTablePanel', { timeout: 30_000 }, () => {
  it('marks the row of this step’s instruction with its outcome, and the holes in words', () => {
    initI18n('en')
    render(<PgTablePanel frame={last(TRAP)} />)
    const row = screen.getByTestId('pg-row-popf')
    expect(row).toHaveAttribute('aria-current', 'step')
    expect(row).toHaveAttribute('data-focus')
    expect(row).toHaveTextContent('control-sensitive')
    expect(row).toHaveTextContent('hole')
    expect(row).toHaveTextContent('silently diverged')
    expect(screen.getByTestId('pg-row-cli')).not.toHaveTextContent('hole')
  })

  it('finds the row of another form of the same instruction (mov eax, 1 is the innocuous mov)', () => {
    const f = runScript(TRAP.replace('stepi 2', 'stepi 3'))
      .trace.frames.filter((x) => x.event.kind === 'guest.instr')
      .at(-1)
    if (!f) throw new Error('no step')
    expect(layoutPgTable(f.machine, f.event).focus).toEqual({ kind: 'row', text: 'mov eax, ebx' })
  })

  it('sorts by class, by the CPL > 0 rule and by mnemonic with buttons', () => {
    render(<PgTablePanel frame={last(TRAP)} />)
    const f = last(TRAP)
    const rows = layoutPgTable(f.machine, f.event).rows
    // Default: by class, privileged first.
    expect(firstCells()).toEqual(sortRows(rows, 'class').map((r) => r.text))
    expect(firstCells()[0]).toBe('cli')
    fireEvent.click(head().getByRole('button', { name: 'Sort by Instruction' }))
    expect(firstCells()).toEqual([...rows.map((r) => r.text)].sort((a, b) => a.localeCompare(b)))
    const rule = head().getByRole('button', { name: 'Sort by At CPL > 0 (IOPL 0)' })
    fireEvent.click(rule)
    expect(rule).toHaveAttribute('aria-pressed', 'true')
    expect(rule.closest('th')).toHaveAttribute('aria-sort', 'ascending')
    const order = firstCells()
    const ruleOf = (t: string) => rows.find((r) => r.text === t)?.rule
    const firstSilent = order.findIndex((t) => ruleOf(t) === 'silent')
    const lastGp = order.map(ruleOf).lastIndexOf('gp')
    expect(lastGp).toBeLessThan(firstSilent)
  })

  it('tries an instruction under the current way at the CPL picked', () => {
    render(<PgTablePanel frame={last(TRAP)} />)
    const cli = screen.getByTestId('pg-row-cli')
    expect(cli).toHaveTextContent('not tried')
    fireEvent.click(
      within(cli).getByRole('button', { name: 'Try cli under trap-and-emulate at CPL 0' }),
    )
    expect(cli).toHaveTextContent('trapped, emulated')
    fireEvent.click(
      within(screen.getByRole('group')).getByRole('radio', { name: 'guest user code (CPL 3)' }),
    )
    expect(cli).toHaveTextContent('not tried')
    fireEvent.click(
      within(cli).getByRole('button', { name: 'Try cli under trap-and-emulate at CPL 3' }),
    )
    expect(cli).toHaveTextContent('reflected to the guest · vector 13, error code 0x0')
  })

  it('shows the tries in Chinese too', () => {
    initI18n('zh')
    render(<PgTablePanel frame={last(TRAP)} />)
    expect(
      within(screen.getByTestId('pg-row-popf')).getByRole('button', {
        name: '在陷入并模拟方式下以 CPL 0 试运行 `popf`',
      }),
    ).toBeInTheDocument()
    initI18n('en')
  })
})
