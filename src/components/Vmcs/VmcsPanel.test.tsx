import { render, screen, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { initI18n } from '../../i18n/index.ts'
import { frameOf, scenarioFrames } from './testFrames.ts'
import { VmcsPanel } from './VmcsPanel.tsx'

const exits = scenarioFrames('vmx-exit-reasons')
const errors = scenarioFrames('vmx-instruction-errors')

describe('VmcsPanel', () => {
  it('shows the I/O exit in words with the fields the exit wrote marked', () => {
    initI18n('en')
    render(<VmcsPanel frame={frameOf(exits, 'vmx.exit', 0, 'io-out')} />)
    const words = screen.getByTestId('vmcs-exit-words')
    expect(words).toHaveTextContent('Exit reason 30: I/O instruction')
    expect(words).toHaveTextContent(
      'Qualification 0x3f80000: OUT, port 0x3F8, 1-byte access, port number in DX',
    )
    expect(words).toHaveTextContent('Instruction length (bytes): 1')
    const reason = screen.getByTestId('vmcs-field-VM_EXIT_REASON')
    expect(reason).toHaveTextContent('0x4402')
    expect(reason).toHaveTextContent('0x1e')
    expect(reason).toHaveTextContent('✎ written')
    expect(screen.getByTestId('vmcs-value-CPU_BASED_VM_EXEC_CONTROL')).toHaveTextContent(
      '0x1008080',
    )
    expect(screen.getByTestId('vmcs-current')).toHaveTextContent('Current VMCS: vcpu0')
    expect(screen.getByTestId('vmcs-launch')).toHaveTextContent('launched')
    const cards = ['guest-state', 'host-state', 'execution-controls', 'exit-controls']
    for (const c of cards) expect(screen.getByTestId(`vmcs-card-${c}`)).toBeInTheDocument()
    expect(
      within(screen.getByTestId('vmcs-card-entry-controls')).getByText(/more fields are 0/),
    ).toBeInTheDocument()
  })

  it('decodes MOV to CR3 from RBX', () => {
    render(<VmcsPanel frame={frameOf(exits, 'vmx.exit', 0, 'cr3')} />)
    expect(screen.getByTestId('vmcs-exit-words')).toHaveTextContent(
      'Exit reason 28: Control-register access (CLTS, LMSW, MOV CR)',
    )
    expect(screen.getByTestId('vmcs-exit-words')).toHaveTextContent(
      'Qualification 0x303: MOV to CR3 from RBX',
    )
  })

  it('shows a VM-instruction error and, with no current VMCS, says so', () => {
    render(<VmcsPanel frame={frameOf(errors, 'vmx.fail', 0)} />)
    expect(screen.getByTestId('vmcs-instr-error')).toHaveTextContent(
      'VMfailValid (ZF = 1), VM-instruction error 4: VMLAUNCH with non-clear VMCS',
    )
    const last = errors[errors.length - 1]
    if (!last) throw new Error('empty')
    render(<VmcsPanel frame={last} />)
    expect(screen.getAllByTestId('vmcs-current').at(-1)).toHaveTextContent('No current VMCS')
    expect(screen.getByTestId('vmcs-fail-invalid')).toHaveTextContent('VMfailInvalid (CF = 1)')
  })

  it('speaks Chinese', () => {
    initI18n('zh')
    render(<VmcsPanel frame={frameOf(exits, 'vmx.exit', 0, 'hlt')} />)
    expect(screen.getByTestId('vmcs-exit-words')).toHaveTextContent('退出原因 12：HLT')
    expect(screen.getByText('客户机状态区')).toBeInTheDocument()
    initI18n('en')
  })
})
