import { describe, expect, it } from 'vitest'
import { loadScenario } from '../scenarios/index.ts'
import { loadRuntime } from './runtime.ts'
import { CUSTOM_ID } from '../scenarios/custom.ts'
import { createVmStore } from './store.ts'
import { hashForState } from './urlSync.ts'

// With its body loaded, a scenario opens synchronously (loading.test.ts covers the fetch).
await loadScenario('three-address-spaces')
// The store runs scripts only once the runner (a lazy chunk in the app) is here.
await loadRuntime()

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

  it('opens a handout (#/print/<id>) of the scenario itself, and says when the id is unknown', () => {
    const s = createVmStore()
    s.getState().openRoute({ kind: 'print', id: 'three-address-spaces' })
    const v = s.getState().view
    expect(v.kind).toBe('handout')
    if (v.kind !== 'handout') return
    expect(v.scenario.id).toBe('three-address-spaces')
    expect(v.run.error).toBeNull()
    expect(v.run.trace.frames.length).toBeGreaterThan(0)
    expect(hashForState(s.getState())).toBe('#/print/three-address-spaces')
    s.getState().openRoute({ kind: 'print', id: 'no-such-thing' })
    expect(s.getState().view).toEqual({
      kind: 'error',
      error: { code: 'unknown-scenario', id: 'no-such-thing' },
    })
    // A loaded script has no catalogue entry, so no handout either.
    s.getState().openRoute({ kind: 'print', id: CUSTOM_ID })
    expect(s.getState().view).toMatchObject({ kind: 'error', error: { code: 'unknown-scenario' } })
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

describe('console lines', () => {
  it('appends a good line as new steps and moves the cursor to its end', () => {
    const s = createVmStore()
    s.getState().openRoute({ kind: 'scenario', id: 'three-address-spaces', step: 1 })
    const before = s.getState().playback.length
    const r = s.getState().appendLine('access 0x5abc write user')
    expect(r.ok && r.results.map((x) => x.cmd)).toEqual(['access'])
    const st = s.getState()
    expect(st.playback.length).toBe(before + 3)
    expect(st.playback.cursor).toBe(before + 2)
    expect(st.view.kind === 'player' && st.view.extra).toEqual(['access 0x5abc write user'])
  })

  it('refuses a bad line and changes nothing', () => {
    const s = createVmStore()
    s.getState().openRoute({ kind: 'scenario', id: 'three-address-spaces', step: 2 })
    const view = s.getState().view
    const playback = s.getState().playback
    const r = s.getState().appendLine('map 0x1001 0x2000')
    expect(r).toMatchObject({
      ok: false,
      error: { message: expect.stringContaining('not aligned') },
    })
    expect(s.getState().view).toBe(view)
    expect(s.getState().playback).toBe(playback)
  })

  it('opens a route with added lines at the right step', () => {
    const s = createVmStore()
    s.getState().openRoute({
      kind: 'scenario',
      id: 'three-address-spaces',
      step: 33,
      extra: ['access 0x5000'],
    })
    expect(s.getState().playback).toMatchObject({ cursor: 32, length: 35 })
  })
})
