import { describe, expect, it } from 'vitest'
import { createVmStore } from './store.ts'

describe('store', () => {
  it('opens a scenario at a 1-based step and reports out-of-range steps', () => {
    const s = createVmStore()
    s.getState().openRoute({ kind: 'scenario', id: 'three-address-spaces', step: 3 })
    const st = s.getState()
    expect(st.view.kind).toBe('player')
    expect(st.playback.cursor).toBe(2)
    const max = st.playback.length
    s.getState().openRoute({ kind: 'scenario', id: 'three-address-spaces', step: max + 1 })
    expect(s.getState().view).toEqual({
      kind: 'error',
      error: { code: 'step-out-of-range', id: 'three-address-spaces', step: max + 1, max },
    })
  })

  it('reports an unknown scenario', () => {
    const s = createVmStore()
    s.getState().openRoute({ kind: 'scenario', id: 'no-such-thing', step: 1 })
    expect(s.getState().view).toEqual({
      kind: 'error',
      error: { code: 'unknown-scenario', id: 'no-such-thing' },
    })
  })

  it('moves only the cursor when stepping, and skips set on a no-op', () => {
    const s = createVmStore()
    s.getState().openRoute({ kind: 'scenario', id: 'three-address-spaces', step: 1 })
    const view = s.getState().view
    let sets = 0
    s.subscribe(() => sets++)
    s.getState().run('prev')
    expect(sets).toBe(0)
    s.getState().run('next')
    s.getState().run('last')
    expect(s.getState().view).toBe(view)
    expect(s.getState().playback.cursor).toBe(s.getState().playback.length - 1)
    expect(sets).toBe(2)
  })
})
