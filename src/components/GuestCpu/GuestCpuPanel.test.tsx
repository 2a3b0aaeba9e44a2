import { render, screen, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { runScript } from '../../console/index.ts'
import type { Frame } from '../../engine/index.ts'
import { initI18n } from '../../i18n/index.ts'
import { GuestCpuPanel } from './GuestCpuPanel.tsx'
import { layoutGuestCpu } from './layout.ts'
import { commandEvents } from '../Player/later.ts'

const frames = (script: string): readonly Frame[] => runScript(script).trace.frames
const POPF = `program 32
asm push 0x2
asm popf
asm hlt
way trap
stepi 2`

describe('GuestCpuPanel', () => {
  it('marks this step’s instruction, its class and outcome, and the divergence in words', () => {
    initI18n('en')
    const f = frames(POPF).at(-1)
    if (!f) throw new Error('no frame')
    render(<GuestCpuPanel frame={f} />)
    const row = screen.getByTestId('gc-line-2')
    expect(row).toHaveAttribute('aria-current', 'step')
    expect(row).toHaveAttribute('data-focus')
    expect(row).toHaveTextContent('control-sensitive')
    expect(row).toHaveTextContent('silently diverged')
    expect(screen.getByTestId('gc-now')).toHaveTextContent(
      'IF: the guest set 0; the CPU ignored it',
    )
  })
  it('shows real and virtual CPU side by side with the differences marked in words', () => {
    const f = frames(`${POPF.replace('stepi 2', 'stepi 1')}`).at(-1)
    if (!f) throw new Error('no frame')
    render(<GuestCpuPanel frame={f} />)
    const cpl = screen.getByTestId('gc-cpu-cpl')
    expect(within(cpl).getByText(/differs/)).toBeInTheDocument()
    expect(screen.getByTestId('gc-cpu-if')).toHaveTextContent('11=')
  })
  it('draws each step of a multi-instruction stepi from its own event, not the command’s end', () => {
    const fs = frames('program\nasm cli\nasm nop\nasm sti\nasm hlt\nway trap\nstepi 3')
    const cli = fs.find((f) => f.event.kind === 'guest.instr')
    if (!cli) throw new Error('no frame')
    render(<GuestCpuPanel frame={cli} />)
    // After CLI: virtual IF 0 (the machine after the whole stepi has it back at 1).
    expect(screen.getByTestId('gc-cpu-if')).toHaveTextContent('10≠')
    expect(screen.getByTestId('gc-line-2')).toHaveTextContent('next')
    expect(screen.getByTestId('gc-line-4')).not.toHaveTextContent('next')
  })
  it('draws the translation cache under BT and focuses the fragment just translated', () => {
    const fs = frames('program\nasm cli\nasm sti\nasm hlt\nway bt\nstepi 1')
    const tr = fs.find((f) => f.event.kind === 'guest.translate')
    if (!tr) throw new Error('no translation')
    expect(layoutGuestCpu(tr.machine.guest, tr.event).focus).toEqual({ kind: 'ccf', start: 1 })
    render(<GuestCpuPanel frame={tr} />)
    const ccf = screen.getByTestId('gc-ccf-1')
    expect(ccf).toHaveAttribute('data-focus')
    expect(ccf).toHaveTextContent('translated this step')
    expect(ccf).toHaveTextContent('in-TC')
  })
  it('shows the comparison of every way after compare', () => {
    const f = frames('program\nasm cli\nasm hlt\ncompare').at(-1)
    if (!f) throw new Error('no frame')
    render(<GuestCpuPanel frame={f} />)
    const t = screen.getByTestId('gc-compare')
    expect(t).toHaveAttribute('data-focus')
    expect(within(t).getAllByRole('row')).toHaveLength(6)
  })
})

describe('GuestCpu VT-x setup checklist', () => {
  it('lists each VMX step of `way vt-x` as done, this step or still to do', () => {
    initI18n('en')
    const frames = runScript('program 32\nasm cli\nasm hlt\nway vt-x').trace.frames
    const i = frames.findIndex((f) => f.event.kind === 'vmx.instr' && f.event.instr === 'vmclear')
    const f = frames[i]
    if (!f) throw new Error('no VMCLEAR step')
    const l = layoutGuestCpu(f.machine.guest, f.event, commandEvents(frames, i))
    expect(l.focus).toEqual({ kind: 'setup' })
    const by = new Map(l.setup?.map((s) => [s.key, s]))
    expect(by.get('vmxon')).toMatchObject({ done: true, now: false })
    expect(by.get('vmclear')).toMatchObject({ done: true, now: true })
    expect(by.get('vmptrld')).toMatchObject({ done: false, now: false })
  })
  it('lists the IDT’s present gates with their DPL', () => {
    const f = frames(
      'program\nasm hlt\nasm isr_13: iret\nasm isr_128: iret\nasm isr_33_dpl3: iret',
    ).at(-1)
    if (!f) throw new Error('no frame')
    render(<GuestCpuPanel frame={f} />)
    expect(screen.getByTestId('gc-idt')).toHaveTextContent(
      'IDT gates present (the rest are not: INT n to them is #NP): 13 → line 2, DPL 0, 33 → line 4, DPL 3, 128 → line 3, DPL 3',
    )
  })
})
