import LZString from 'lz-string'
import { describe, expect, it } from 'vitest'
import { AUTHORED_ID } from '../scenarios/custom.ts'
import { type AuthoredScenario, FORMAT_TAG, encodeAuthored } from './authored.ts'
import { loadRuntime } from './runtime.ts'
import { createVmStore } from './store.ts'
import { hashForState } from './urlSync.ts'

await loadRuntime()

const a: AuthoredScenario = {
  format: FORMAT_TAG,
  v: 1,
  id: 'two',
  title: { en: 'Two phases', zh: '两段' },
  phases: [
    { title: { en: 'One', zh: '一' }, script: 'map 0x1000 0x5000 w', say: { en: 'a', zh: '甲' } },
    { title: { en: 'Two', zh: '二' }, script: 'access 0x1000', say: { en: 'b', zh: '' } },
  ],
}
const route = (payload: string, step = 1) =>
  ({ kind: 'scenario', id: AUTHORED_ID, step, payload }) as const

describe('authored scenarios in the store', () => {
  it('opens a link in the player with its phases, at its step, and keeps the payload in the URL', () => {
    const s = createVmStore()
    const payload = encodeAuthored(a)
    s.getState().openRoute(route(payload, 2))
    const st = s.getState()
    if (st.view.kind !== 'player') throw new Error(`not the player: ${st.view.kind}`)
    expect(st.view.scenario.title).toEqual(a.title)
    expect(st.view.scenario.phases.map((p) => p.title.en)).toEqual(['One', 'Two'])
    // Phase 2 has no Chinese narration: the English shows, marked.
    expect(st.view.scenario.phases[1]).toMatchObject({ say: { zh: 'b' }, fallback: ['zh'] })
    expect(st.playback.cursor).toBe(1)
    expect(hashForState(st)).toBe(`#/${AUTHORED_ID}/2/${payload}`)
    // Console lines are not added to it: its link carries the scenario, changed in the editor.
    expect(s.getState().appendLine('access 0x1000')).toMatchObject({ ok: false })
  })

  it('refuses a forged payload and a script with a bad line, running nothing', () => {
    const s = createVmStore()
    s.getState().openRoute(route('garbage!'))
    expect(s.getState().view).toMatchObject({
      kind: 'error',
      error: { code: 'bad-authored', error: { code: 'not-compressed' } },
    })
    const bad = { ...a, phases: [a.phases[0]!, { ...a.phases[1]!, script: 'access\nfly' }] }
    s.getState().openRoute(route(encodeAuthored(bad)))
    expect(s.getState().view).toMatchObject({
      kind: 'error',
      error: { code: 'authored-script', phase: 2, line: 1 },
    })
  })

  it('holds a scenario from a file too large for a link; without it the URL says so', () => {
    const s = createVmStore()
    s.getState().openAuthored(a)
    const st = s.getState()
    expect(st.view.kind).toBe('player')
    expect(hashForState(st)).toBe(`#/${AUTHORED_ID}/1`)
    const fresh = createVmStore()
    fresh.getState().openRoute({ kind: 'scenario', id: AUTHORED_ID, step: 1, extra: [] })
    expect(fresh.getState().view).toMatchObject({ kind: 'error', error: { code: 'authored-gone' } })
  })

  it('opens the editor at #/edit', () => {
    const s = createVmStore()
    s.getState().openRoute({ kind: 'scenario', id: 'edit', step: null, extra: [] })
    expect(s.getState().view).toEqual({ kind: 'editor' })
    expect(hashForState(s.getState())).toBe('#/edit')
  })
})

describe('authored scenarios with questions in the store', () => {
  const quiz: AuthoredScenario = {
    ...a,
    phases: [
      a.phases[0] as AuthoredScenario['phases'][number],
      {
        ...(a.phases[1] as AuthoredScenario['phases'][number]),
        questions: [{ step: 1, kind: 'tlb-hit' }],
      },
    ],
  }

  it('opens a link with questions: the player phase asks them', () => {
    const s = createVmStore()
    s.getState().openRoute(route(encodeAuthored(quiz)))
    const st = s.getState()
    if (st.view.kind !== 'player') throw new Error(`not the player: ${st.view.kind}`)
    expect(st.view.scenario.phases[1]?.questions).toEqual([{ step: 1, kind: 'tlb-hit' }])
  })

  it.each([
    [
      'a step the phase does not have',
      { step: 999, kind: 'tlb-hit' },
      /phase 2, question 1 \(step 999, tlb-hit\): phase 2 has \d+ steps/,
    ],
    [
      'a kind with no event at the step',
      { step: 1, kind: 'pf-error-code' },
      /phase 2, question 1 \(step 1, pf-error-code\)/,
    ],
  ])('refuses a link with %s, saying which question, and opens no player', (_, q, msg) => {
    const s = createVmStore()
    const forged = { ...quiz, phases: [quiz.phases[0], { ...quiz.phases[1], questions: [q] }] }
    s.getState().openRoute(route(LZString.compressToEncodedURIComponent(JSON.stringify(forged))))
    const st = s.getState()
    expect(st.view.kind).not.toBe('player')
    expect(JSON.stringify(st.view)).toMatch(msg)
  })
})
