import { act, render, screen } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { beforeEach, describe, expect, it } from 'vitest'
import { initI18n } from '../../i18n/index.ts'
import { loadScenario } from '../../scenarios/index.ts'
import { loadRuntime } from '../../state/runtime.ts'
import { resetVmStore, vmStore } from '../../state/store.ts'
import { StepControls } from './StepControls.tsx'

// Opening a route is synchronous once the scenario's body is loaded.
await loadScenario('three-address-spaces')
// The store runs scripts only once the runner (a lazy chunk in the app) is here.
await loadRuntime()

describe('StepControls', () => {
  beforeEach(() => {
    resetVmStore()
    initI18n('en')
    vmStore.getState().openRoute({ kind: 'scenario', id: 'three-address-spaces', step: 1 })
  })

  it('steps with the buttons and reads "Step N of M"', async () => {
    const user = userEvent.setup()
    render(<StepControls />)
    const total = vmStore.getState().playback.length
    expect(screen.getByRole('status')).toHaveTextContent(`Step 1 of ${total}`)
    expect(screen.getByRole('button', { name: 'Previous step' })).toBeDisabled()
    await user.click(screen.getByRole('button', { name: 'Next step' }))
    await user.click(screen.getByRole('button', { name: 'Next step' }))
    expect(screen.getByRole('status')).toHaveTextContent(`Step 3 of ${total}`)
    await user.click(screen.getByRole('button', { name: 'Last step' }))
    expect(screen.getByRole('status')).toHaveTextContent(`Step ${total} of ${total}`)
    expect(screen.getByRole('button', { name: 'Next step' })).toBeDisabled()
    await user.click(screen.getByRole('button', { name: 'First step' }))
    expect(screen.getByRole('status')).toHaveTextContent(`Step 1 of ${total}`)
  })

  it('turns Play into Pause and advances on ticks', async () => {
    const user = userEvent.setup()
    render(<StepControls />)
    await user.click(screen.getByRole('button', { name: 'Play' }))
    expect(screen.getByRole('button', { name: 'Pause' })).toBeInTheDocument()
    act(() => {
      vmStore.getState().tick(250)
      vmStore.getState().tick(250)
      vmStore.getState().tick(250)
      vmStore.getState().tick(250)
    })
    expect(vmStore.getState().playback.cursor).toBe(1)
    await user.click(screen.getByRole('button', { name: 'Pause' }))
    expect(screen.getByRole('button', { name: 'Play' })).toBeInTheDocument()
  })

  it('changes speed from the Speed control', async () => {
    const user = userEvent.setup()
    render(<StepControls />)
    await user.selectOptions(screen.getByLabelText('Speed'), '4')
    expect(vmStore.getState().playback.speed).toBe(4)
  })

  it('speaks Chinese when the language is zh', () => {
    initI18n('zh')
    render(<StepControls />)
    expect(screen.getByRole('button', { name: '下一步' })).toBeInTheDocument()
    expect(screen.getByRole('status')).toHaveTextContent(/第 1 步，共 \d+ 步/)
    initI18n('en')
  })
})
