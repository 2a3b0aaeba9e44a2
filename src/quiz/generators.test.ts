import { describe, expect, it } from 'vitest'
import { runScript } from '../console/index.ts'
import type { EngineEvent, Frame } from '../engine/index.ts'
import type { Generated } from './types.ts'
import {
  QUESTION_KINDS,
  checkAnswer,
  generateQuestion,
  parseQuestions,
  parseWhole,
} from './questions.ts'

const framesOf = (script: string): readonly Frame[] => {
  const r = runScript(script)
  if (r.error) throw new Error(r.error.message)
  return r.trace.frames
}
/** Frame index of the first event of 1-based script line `line`. */
const lineStart = (frames: readonly Frame[], line: number) =>
  frames.findIndex((f) => f.line === line)
const gen = (frames: readonly Frame[], index: number, kind: string): Generated => {
  const g = generateQuestion(frames, index, kind)
  if (!g.ok) throw new Error(g.error.message.en)
  return g.value
}
const eventsOfLine = (frames: readonly Frame[], line: number): EngineEvent[] =>
  frames.filter((f) => f.line === line).map((f) => f.event)

/** The shape every multiple-choice question keeps: one right option, no duplicates. */
function wellFormed(g: Generated): void {
  expect(g.prompt.en).not.toBe('')
  expect(g.prompt.zh).not.toBe('')
  expect(g.explanation.en).not.toBe('')
  expect(g.explanation.zh).not.toBe('')
  if (g.type !== 'choice') return
  const ids = g.choices.map((c) => c.id)
  expect(new Set(ids).size).toBe(ids.length)
  expect(ids.filter((id) => id === g.answer)).toHaveLength(1)
  expect(g.choices.length).toBeGreaterThanOrEqual(2)
  const labels = g.choices.map((c) => c.label.en)
  expect(new Set(labels).size).toBe(labels.length)
  expect(checkAnswer(g, g.answer)).toBe(true)
  for (const id of ids) if (id !== g.answer) expect(checkAnswer(g, id)).toBe(false)
}

const NATIVE = `map 0x7000 0xa000 w u
map 0x8000 0xb000 u
cr0.wp on
access 0x5000 write user
access 0x8000 write kernel
access 0x7000 read user
access 0x7000 read user`

describe('pf-error-code', () => {
  const frames = framesOf(NATIVE)
  it('answers with the error code the access event carries', () => {
    for (const line of [4, 5]) {
      const g = gen(frames, lineStart(frames, line), 'pf-error-code')
      const access = eventsOfLine(frames, line).find((e) => e.kind === 'paging.access')
      if (access?.kind !== 'paging.access' || access.outcome.result !== 'fault')
        throw new Error('expected a fault')
      expect(access.outcome.fault.vector).toBe(14)
      const code = access.outcome.fault.vector === 14 ? access.outcome.fault.errorCode : -1
      expect(g.answer).toBe(`0x${code.toString(16)}`)
      wellFormed(g)
    }
    // hw-facts §1.5: not present + write + user = 0x6; WP write to read-only from kernel = 0x3.
    expect(gen(frames, lineStart(frames, 4), 'pf-error-code').answer).toBe('0x6')
    expect(gen(frames, lineStart(frames, 5), 'pf-error-code').answer).toBe('0x3')
  })

  it('follows the event, not the script: a forged error code changes the answer', () => {
    const i = frames.findIndex((f) => f.line === 4 && f.event.kind === 'paging.access')
    const f = frames[i]
    if (!f || f.event.kind !== 'paging.access' || f.event.outcome.result !== 'fault')
      throw new Error('no access')
    const event: EngineEvent = {
      ...f.event,
      outcome: {
        result: 'fault',
        fault: {
          ...f.event.outcome.fault,
          vector: 14,
          errorCode: 0x15,
          cr2: 0x5000n as never,
          reason: 'not-present',
          level: 1,
        },
      },
    }
    const forged = frames.map((x, k) => (k === i ? { ...x, event } : x))
    const g = gen(forged, lineStart(forged, 4), 'pf-error-code')
    expect(g.answer).toBe('0x15')
    wellFormed(g)
  })

  it('is an error at a step with no fault', () => {
    const g = generateQuestion(frames, lineStart(frames, 6), 'pf-error-code')
    expect(g.ok).toBe(false)
    if (!g.ok) expect(g.error.code).toBe('no-event')
  })
})

describe('walk-refs, tlb-hit, access-outcome, next-entry', () => {
  const frames = framesOf(NATIVE)
  it('counts the references the access made (4 on a 4-level miss, 0 on a hit)', () => {
    const miss = gen(frames, lineStart(frames, 6), 'walk-refs')
    const refs = eventsOfLine(frames, 6).filter((e) => e.kind === 'paging.ref').length
    expect(miss.answer).toBe(refs)
    expect(miss.answer).toBe(4)
    expect(gen(frames, lineStart(frames, 7), 'walk-refs').answer).toBe(0)
    expect(checkAnswer(miss, '4')).toBe(true)
    expect(checkAnswer(miss, '0x4')).toBe(true)
    expect(checkAnswer(miss, '5')).toBe(false)
    expect(checkAnswer(miss, 'four')).toBe(false)
  })

  it('says miss then hit', () => {
    const a = gen(frames, lineStart(frames, 6), 'tlb-hit')
    const b = gen(frames, lineStart(frames, 7), 'tlb-hit')
    expect([a.answer, b.answer]).toEqual(['miss', 'hit'])
    wellFormed(a)
  })

  it('names the outcome', () => {
    expect(gen(frames, lineStart(frames, 4), 'access-outcome').answer).toBe('pf')
    const g = gen(frames, lineStart(frames, 6), 'access-outcome')
    expect(g.answer).toBe('ok')
    wellFormed(g)
  })

  it('asks for the entry read at this very step, with other levels’ indices as the wrong ones', () => {
    const walk = frames.filter((f) => f.line === 6 && f.event.kind === 'paging.ref')
    expect(walk).toHaveLength(4)
    for (const f of walk) {
      if (f.event.kind !== 'paging.ref') continue
      const g = gen(frames, f.index, 'next-entry')
      expect(g.answer).toBe(String(f.event.index))
      expect(g.answerText.en).toContain(f.event.name)
      wellFormed(g)
    }
    const notRef = frames.findIndex((f) => f.line === 6 && f.event.kind !== 'paging.ref')
    expect(generateQuestion(frames, notRef, 'next-entry').ok).toBe(false)
  })
})

describe('exit-reason and vmx-outcome', () => {
  const frames = framesOf(`vmxon
vmclear vm1
vmptrld vm1
vmresume
vmlaunch`)
  it('reads the VMX outcome from the events', () => {
    expect(gen(frames, lineStart(frames, 1), 'vmx-outcome').answer).toBe('ok')
    const resume = gen(frames, lineStart(frames, 4), 'vmx-outcome')
    // hw-facts §4.3: VMRESUME of a VMCS that was never launched is VMfailValid(5).
    expect(resume.answer).toBe('valid-5')
    wellFormed(resume)
  })
  it('reads the exit reason from the exit event', async () => {
    const { phases } = await import('../scenarios/vmx-exit-reasons.ts')
    const { scenarioScript } = await import('../scenarios/types.ts')
    const s = {
      id: 'x',
      topic: 'vmx',
      title: { en: '', zh: '' },
      summary: { en: '', zh: '' },
      panels: [],
      phases,
    } as const
    const { source, phaseOf } = scenarioScript(s)
    const all = runScript(source, { phaseOf }).trace.frames
    const exits = all.filter((f) => f.event.kind === 'vmx.exit')
    expect(exits.length).toBeGreaterThan(3)
    for (const f of exits) {
      if (f.event.kind !== 'vmx.exit') continue
      const g = gen(all, lineStart(all, f.line), 'exit-reason')
      expect(g.answer).toBe(String(f.event.exit.reason))
      wellFormed(g)
    }
    // hw-facts §4.6: CPUID is 10, HLT 12, I/O 30.
    const answers = exits.map((f) => gen(all, lineStart(all, f.line), 'exit-reason').answer)
    expect(answers.slice(0, 3)).toEqual(['10', '12', '30'])
  })
})

describe('notify', () => {
  const frames = framesOf(`ring create r proto=raw size=8
ring r front queue 1
ring r front push
ring r back consume
ring r front queue 1
ring r front push`)
  it('answers from ring.push notify and explains with the indices', () => {
    for (const line of [3, 6]) {
      const push = eventsOfLine(frames, line).find((e) => e.kind === 'ring.push')
      if (push?.kind !== 'ring.push') throw new Error('no push')
      const g = gen(frames, lineStart(frames, line), 'notify')
      expect(g.answer).toBe(push.notify ? 'yes' : 'no')
      expect(g.explanation.en).toContain(`${push.old} → ${push.new}`)
      wellFormed(g)
    }
  })
})

describe('kinds and untrusted questions', () => {
  it('refuses an unknown kind and a missing step in words', () => {
    const frames = framesOf(NATIVE)
    const g = generateQuestion(frames, 0, 'eval(alert(1))')
    expect(g.ok).toBe(false)
    if (!g.ok) expect(g.error.message.en).toContain('unknown question kind')
    expect(generateQuestion(frames, 999, 'walk-refs').ok).toBe(false)
  })

  it('parses good questions and names what is wrong in a forged one', () => {
    expect(parseQuestions([{ step: 2, kind: 'walk-refs' }], 'walk', 3)).toEqual({
      ok: true,
      value: [{ step: 2, kind: 'walk-refs' }],
    })
    const bad: [unknown, string][] = [
      ['x', 'must be a list'],
      [[{ step: 1, kind: 'rm -rf' }], 'unknown kind'],
      [[{ step: 9, kind: 'walk-refs' }], 'step must be a whole number from 1 to 3'],
      [[{ step: 1.5, kind: 'walk-refs' }], 'step must be'],
      [[{ step: 1, kind: 'walk-refs', answer: 7 }], 'unknown field "answer"'],
      [
        [
          { step: 1, kind: 'walk-refs' },
          { step: 1, kind: 'tlb-hit' },
        ],
        'already has a question',
      ],
      [[null], 'not an object'],
      [Array.from({ length: 65 }, (_, i) => ({ step: i + 1, kind: 'walk-refs' })), 'at most 64'],
    ]
    for (const [raw, msg] of bad) {
      const r = parseQuestions(raw, 'walk', 3)
      expect(r.ok).toBe(false)
      if (!r.ok) {
        expect(r.error.en).toContain(msg)
        expect(r.error.zh).not.toBe('')
      }
    }
  })

  it('reads whole numbers in decimal or hex only', () => {
    expect(parseWhole(' 24 ')).toBe(24)
    expect(parseWhole('0x18')).toBe(24)
    expect(parseWhole('1e3')).toBeNull()
    expect(parseWhole('')).toBeNull()
  })

  it('lists every kind', () => {
    expect(QUESTION_KINDS).toContain('pf-error-code')
    expect(QUESTION_KINDS.length).toBeGreaterThanOrEqual(8)
  })
})
