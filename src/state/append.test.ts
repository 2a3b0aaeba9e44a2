// Lines typed into the console must survive a reload: the console refuses what a link cannot
// carry, with the limit it hit, instead of making a link parseHash then refuses whole.
import { describe, expect, it } from 'vitest'
import { CUSTOM_ID } from '../scenarios/custom.ts'
import { loadAllScenarios } from '../scenarios/index.ts'
import { loadRuntime } from './runtime.ts'
import { type VmStore, createVmStore } from './store.ts'
import { readHash } from './link.ts'
import { MAX_EXTRA_LINES, MAX_HASH_LENGTH } from './url.ts'
import { hashForState } from './urlSync.ts'

await loadAllScenarios()
await loadRuntime()

/** A store showing `id` with `extra` lines already added (as a link would open it). */
function opened(id: string, extra: readonly string[] = []) {
  const store = createVmStore()
  store.getState().openRoute({ kind: 'scenario', id, step: null, extra })
  expect(store.getState().view.kind).toBe('player')
  return store
}

/** The link the app shows opens the same lines again. */
function expectLinkReopens(s: VmStore): void {
  const hash = hashForState(s) ?? ''
  const r = readHash(hash)
  expect(r.ok, `parseHash refused the app's own link (${hash.length} characters)`).toBe(true)
  if (r.ok && r.value.kind === 'scenario' && s.view.kind === 'player')
    expect(r.value.extra).toEqual(s.view.extra)
}

// Deterministic incompressible text (a linear congruential generator).
function noise(seed: number, length: number): string {
  let x = seed
  let out = ''
  for (let i = 0; i < length; i++) {
    x = (x * 1103515245 + 12345) % 2 ** 31
    out += String.fromCharCode(33 + ((x >>> 16) % 90))
  }
  return out.replace(/#/g, '+')
}

describe('the console refuses lines a link cannot carry', () => {
  it('a line over 400 characters', () => {
    const store = opened('three-address-spaces')
    const before = store.getState().view
    const line = `vm g9 # ${'x'.repeat(400)}`
    const r = store.getState().appendLine(line)
    expect(r.ok).toBe(false)
    if (!r.ok) {
      expect(r.error.message).toContain('at most 400')
      expect(r.error.message).toContain('Export script')
      expect(r.error.column).toBe(401)
    }
    expect(store.getState().view).toBe(before)
    expectLinkReopens(store.getState())
  })

  it('a long comment or blank line is not kept, so it is not refused', () => {
    const store = opened('three-address-spaces')
    expect(store.getState().appendLine(`# ${'x'.repeat(500)}`).ok).toBe(true)
  })

  it('a 501st line', () => {
    const extra = ['xen domain 1', ...Array.from({ length: 499 }, () => 'xen page 1 0x200 a')]
    const store = opened(CUSTOM_ID, extra)
    const r = store.getState().appendLine('xen page 1 0x201 b')
    expect(r.ok).toBe(false)
    if (!r.ok) {
      expect(r.error.message).toContain(`at most ${MAX_EXTRA_LINES}`)
      expect(r.error.message).toContain('Export script')
      expect(r.error.line).toBe(501)
    }
    expectLinkReopens(store.getState())
  })

  it('incompressible lines making the link longer than parseHash accepts', () => {
    const store = opened(CUSTOM_ID, ['xen domain 1'])
    let refused = null
    for (let i = 0; i < 100 && !refused; i++) {
      const r = store.getState().appendLine(`xen page 1 0x200 a # ${noise(i + 1, 300)}`)
      if (r.ok) expectLinkReopens(store.getState())
      else refused = r.error
    }
    expect(refused?.message).toContain(`${MAX_HASH_LENGTH}`)
    expect(refused?.message).toContain('Export script')
    expectLinkReopens(store.getState())
  })
})

describe('appending a line runs only that line', () => {
  it('gives the run a full re-run gives, line by line and across an error', () => {
    const lines = [
      'xen domain 1',
      '# a comment',
      'xen page 1 0x200 a',
      'evtchn alloc-unbound 1 0',
      'evtchn bind-interdomain 0 1 1',
      'evtchn send 1 1',
    ]
    const store = opened(CUSTOM_ID, [lines[0] ?? ''])
    for (const line of lines.slice(1)) {
      expect(store.getState().appendLine(line).ok).toBe(true)
      const view = store.getState().view
      if (view.kind !== 'player') throw new Error('not a player')
      const fresh = opened(CUSTOM_ID, view.extra).getState().view
      if (fresh.kind !== 'player') throw new Error('not a player')
      expect(view.run.results).toEqual(fresh.run.results)
      expect(view.run.trace).toEqual(fresh.run.trace)
      expect(view.run.machine).toEqual(fresh.run.machine)
    }
    // The comment was not kept: the bad line is the sixth added line; 7 is the domain at fault.
    // (A send on a bad port is a hypercall result, -EINVAL, not a refused line.)
    const bad = store.getState().appendLine('evtchn send 7 1')
    expect(bad).toMatchObject({ ok: false, error: { line: 6, column: 13 } })
  })

  it('after a scenario script too', () => {
    const store = opened('three-address-spaces')
    expect(store.getState().appendLine('vm guest1').ok).toBe(true)
    expect(store.getState().appendLine('access 0x7000 write user').ok).toBe(true)
    const view = store.getState().view
    if (view.kind !== 'player') throw new Error('not a player')
    const fresh = opened('three-address-spaces', view.extra).getState().view
    if (fresh.kind !== 'player') throw new Error('not a player')
    expect(view.run.results).toEqual(fresh.run.results)
    expect(view.run.trace.frames.map((f) => [f.line, f.phaseId, f.event])).toEqual(
      fresh.run.trace.frames.map((f) => [f.line, f.phaseId, f.event]),
    )
  })
})
