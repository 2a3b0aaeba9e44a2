import { describe, expect, it } from 'vitest'
import { type Scenario, loadScenario, loadedScenario } from '../scenarios/index.ts'
import { loadRuntime } from './runtime.ts'
import { createVmStore } from './store.ts'
import { loadedLinkCodec } from './url.ts'

// Nothing is preloaded in this file: every scenario body starts unloaded, as on a cold page.

function deferred(): {
  promise: Promise<Scenario | undefined>
  resolve: (s: Scenario | undefined) => void
  reject: (e: Error) => void
} {
  let resolve: (s: Scenario | undefined) => void = () => {}
  let reject: (e: Error) => void = () => {}
  const promise = new Promise<Scenario | undefined>((res, rej) => {
    resolve = res
    reject = rej
  })
  return { promise, resolve, reject }
}

describe('opening a scenario whose body is not loaded yet', () => {
  it('decodes a link’s lines once the codec arrives with the runner: no step before that', async () => {
    // The codec (lz-string, valibot) is not in the first chunk: nothing has loaded it yet.
    expect(loadedLinkCodec()).toBeNull()
    const { encodeExtra } = await import('./link.ts')
    const s = createVmStore()
    const good = {
      kind: 'scenario',
      id: 'paging-tlb',
      step: 2,
      payload: encodeExtra(['# a note']),
    } as const
    s.getState().openRoute(good)
    expect(s.getState().view).toEqual({ kind: 'loading', route: good })
    const bad = { kind: 'scenario', id: 'paging-5level', step: 2, payload: 'z' } as const
    const t = createVmStore()
    t.getState().openRoute(bad)
    expect(t.getState().view).toEqual({ kind: 'loading', route: bad })
    await Promise.all([loadScenario('paging-tlb'), loadScenario('paging-5level')])
    await loadRuntime()
    // The store's own continuation runs after the loads it waited for.
    await new Promise((done) => setTimeout(done, 0))
    expect(loadedLinkCodec()).not.toBeNull()
    const st = s.getState()
    expect(st.view.kind === 'player' && st.view.extra).toEqual(['# a note'])
    expect(st.playback.cursor).toBe(1)
    expect(t.getState().view).toMatchObject({
      kind: 'error',
      error: { code: 'bad-lines', id: 'paging-5level', reason: expect.any(String) },
    })
  })

  it('shows loading, fetches the body, then opens the step the route asked for', async () => {
    expect(loadedScenario('xen-ring-full')).toBeUndefined()
    const s = createVmStore()
    const route = { kind: 'scenario', id: 'xen-ring-full', step: 4 } as const
    s.getState().openRoute(route)
    expect(s.getState().view).toEqual({ kind: 'loading', route })
    // The store waits for the body and the runner (both lazy chunks in the app).
    await Promise.all([loadScenario('xen-ring-full'), loadRuntime()])
    const st = s.getState()
    expect(st.view.kind === 'player' && st.view.scenario.id).toBe('xen-ring-full')
    expect(st.playback.cursor).toBe(3)
    // Now cached: the next open is synchronous.
    s.getState().openRoute({ kind: 'library' })
    s.getState().openRoute({ kind: 'scenario', id: 'xen-ring-full', step: 1 })
    expect(s.getState().view.kind).toBe('player')
  })

  it('reports an unknown id at once, without fetching anything', () => {
    let fetched = 0
    const s = createVmStore({}, () => {
      fetched++
      return Promise.resolve(undefined)
    })
    s.getState().openRoute({ kind: 'scenario', id: 'no-such-scenario', step: 1 })
    expect(s.getState().view).toEqual({
      kind: 'error',
      error: { code: 'unknown-scenario', id: 'no-such-scenario' },
    })
    expect(fetched).toBe(0)
  })

  it('turns a failed fetch into a load-failed error', async () => {
    const d = deferred()
    const s = createVmStore({}, () => d.promise)
    s.getState().openRoute({ kind: 'scenario', id: 'xen-ring-basics', step: 1 })
    expect(s.getState().view.kind).toBe('loading')
    d.reject(new Error('Failed to fetch dynamically imported module'))
    await d.promise.catch(() => {})
    expect(s.getState().view).toEqual({
      kind: 'error',
      error: {
        code: 'load-failed',
        id: 'xen-ring-basics',
        message: 'Failed to fetch dynamically imported module',
      },
    })
  })

  it('lets a later route win over a body that arrives late', async () => {
    const d = deferred()
    const s = createVmStore({}, () => d.promise)
    s.getState().openRoute({ kind: 'scenario', id: 'xen-ring-batching', step: 1 })
    s.getState().openRoute({ kind: 'library' })
    d.resolve(await loadScenario('xen-ring-batching'))
    await d.promise
    expect(s.getState().view).toEqual({ kind: 'library' })
  })
})

describe('loadScenario', () => {
  it('joins the catalogue entry and the body, once', async () => {
    const a = await loadScenario('xen-event-channels')
    expect(a?.title.en).toBe('Event channels')
    expect(a?.phases.length).toBeGreaterThan(0)
    expect(await loadScenario('xen-event-channels')).toBe(a)
  })
})
