import { render, screen } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { initI18n } from '../../i18n/index.ts'
import { frameOf, scenarioFrames } from '../Vmcs/testFrames.ts'
import { CpuModesPanel } from './CpuModesPanel.tsx'

const lifecycle = scenarioFrames('vmx-lifecycle')

describe('CpuModesPanel', () => {
  it('shows root operation before VMLAUNCH and non-root after it', () => {
    initI18n('en')
    const { unmount } = render(<CpuModesPanel frame={frameOf(lifecycle, 'vmcs.write', 0)} />)
    expect(screen.getByTestId('cpu-position')).toHaveTextContent(
      'The CPU runs in VMX root operation, ring 0: VMM',
    )
    unmount()
    render(<CpuModesPanel frame={frameOf(lifecycle, 'vmx.entry')} />)
    expect(screen.getByTestId('cpu-position')).toHaveTextContent(
      'The CPU runs in VMX non-root operation, ring 0: guest kernel',
    )
    expect(screen.getByTestId('cpu-transition')).toHaveTextContent('VM entry, root → non-root')
    expect(screen.getByTestId('cpu-picture')).toHaveTextContent('guest kernel at ring 0')
  })

  it('logs exits with reasons and counts', () => {
    render(<CpuModesPanel frame={frameOf(lifecycle, 'vmx.exit')} />)
    expect(screen.getByTestId('cpu-exit-10')).toHaveTextContent('10CPUID×1')
    expect(screen.getByTestId('cpu-exit-total')).toHaveTextContent('(1)')
  })

  it('draws the pre-VT picture with the guest kernel at ring 1', () => {
    render(<CpuModesPanel frame={frameOf(lifecycle, 'cpu.trap')} />)
    expect(screen.getByTestId('cpu-picture')).toHaveTextContent('deprivileged to ring 1')
    expect(screen.getByTestId('cpu-transition')).toHaveTextContent('from ring 1')
    expect(screen.getByText(/Ring 1: guest kernel/)).toBeInTheDocument()
  })
})
