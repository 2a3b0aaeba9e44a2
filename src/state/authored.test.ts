import LZString from 'lz-string'
import { describe, expect, it } from 'vitest'
import {
  AUTHORED_ID,
  type AuthoredScenario,
  FORMAT_TAG,
  LIMITS,
  authoredFileText,
  decodeAuthored,
  describeAuthoredError,
  encodeAuthored,
  readAuthoredFile,
  shareHash,
  upgrade,
} from './authored.ts'
import { checkAuthored } from './authoredCheck.ts'
import { encodeExtra } from './link.ts'
import { AUTHORED_ID as CUSTOM_AUTHORED_ID } from '../scenarios/custom.ts'
import { MAX_EXTRA_LINES, MAX_HASH_LENGTH, MAX_LINE_LENGTH, parseHash } from './url.ts'

const twoPhases: AuthoredScenario = {
  format: FORMAT_TAG,
  v: 1,
  id: 'two-phases',
  title: { en: 'Map, then read', zh: '先映射，再读取' },
  phases: [
    {
      title: { en: 'Map a page', zh: '映射一页' },
      script: 'map 0x1000 0x5000 w',
      say: { en: 'The OS maps one page.', zh: '操作系统映射一页。' },
    },
    {
      title: { en: 'Read it', zh: '读取' },
      script: 'access 0x1000 read',
      say: { en: 'A read walks the tables.', zh: '一次读取会遍历页表。' },
    },
  ],
}

const enc = (s: string) => new TextEncoder().encode(s)

describe('authored scenarios: round trips', () => {
  it('keeps the limits and the route id of the modules it does not import', () => {
    expect(AUTHORED_ID).toBe(CUSTOM_AUTHORED_ID)
    expect(LIMITS.hash).toBe(MAX_HASH_LENGTH)
    expect(LIMITS.lines).toBe(MAX_EXTRA_LINES)
    expect(LIMITS.lineLength).toBe(MAX_LINE_LENGTH)
  })

  it('a link carries the whole scenario and reads back equal', () => {
    const hash = shareHash(twoPhases)
    expect(hash.ok).toBe(true)
    if (!hash.ok) return
    const route = parseHash(hash.value)
    expect(route).toMatchObject({ ok: true, value: { kind: 'scenario', id: 'authored', step: 1 } })
    if (!route.ok || route.value.kind !== 'scenario' || route.value.payload === undefined)
      throw new Error('no payload')
    expect(decodeAuthored(route.value.payload)).toEqual({ ok: true, value: twoPhases })
  })

  it('a file carries it too, as readable JSON', () => {
    const text = authoredFileText(twoPhases)
    expect(text).toContain('"Map a page"')
    expect(readAuthoredFile(enc(text))).toEqual({ ok: true, value: twoPhases })
    // A byte-order mark from an editor on Windows is not part of the JSON.
    expect(readAuthoredFile(enc('\uFEFF' + text))).toEqual({ ok: true, value: twoPhases })
  })

  it('upgrades a custom-script link (v0) to one phase of v1, in a link and in a file', () => {
    const lines = ['map 0x1000 0x5000 w', 'access 0x1000 read']
    const upgraded = decodeAuthored(encodeExtra(lines))
    expect(upgraded).toMatchObject({
      ok: true,
      value: { format: FORMAT_TAG, v: 1, phases: [{ script: lines.join('\n') }] },
    })
    if (!upgraded.ok) return
    // The upgraded scenario runs the same lines to the same steps.
    expect(checkAuthored(upgraded.value).run.trace.frames.length).toBe(
      checkAuthored({
        ...twoPhases,
        phases: [{ ...twoPhases.phases[0]!, script: lines.join('\n') }],
      }).run.trace.frames.length,
    )
    expect(readAuthoredFile(enc(JSON.stringify({ v: 1, lines })))).toEqual(upgraded)
    // And it is written back as v1.
    expect(JSON.parse(authoredFileText(upgraded.value))).toMatchObject({ format: FORMAT_TAG, v: 1 })
  })
})

describe('authored scenarios: bad input', () => {
  it('names the field that is wrong in a forged payload', () => {
    const forged = { ...twoPhases, phases: [{ ...twoPhases.phases[0], say: { en: 3, zh: '' } }] }
    const r = decodeAuthored(LZString.compressToEncodedURIComponent(JSON.stringify(forged)))
    expect(r).toMatchObject({ ok: false, error: { code: 'invalid', where: 'phases[0].say.en' } })
    if (!r.ok) expect(describeAuthoredError(r.error)).toMatch(/^phases\[0\]\.say\.en: /)
    const noPhases = { ...twoPhases, phases: [] }
    expect(upgrade(noPhases)).toMatchObject({
      ok: false,
      error: { code: 'invalid', where: 'phases', message: expect.stringMatching(/at least one/) },
    })
    const longTitle = {
      ...twoPhases,
      phases: [{ ...twoPhases.phases[0], title: { en: 'x'.repeat(35), zh: '' } }],
    }
    expect(upgrade(longTitle)).toMatchObject({ error: { where: 'phases[0].title.en' } })
  })

  it('refuses corrupt text, non-JSON, a newer version and an oversized file by stage', () => {
    expect(decodeAuthored('not-lz!!')).toMatchObject({
      ok: false,
      error: { code: 'not-compressed' },
    })
    expect(decodeAuthored(LZString.compressToEncodedURIComponent('{oops'))).toMatchObject({
      ok: false,
      error: { code: 'not-json' },
    })
    const v2 = { ...twoPhases, v: 2 }
    const r = upgrade(v2)
    expect(r).toMatchObject({ ok: false, error: { code: 'newer', version: 2 } })
    if (!r.ok) expect(describeAuthoredError(r.error)).toMatch(/newer VMScope/)
    expect(readAuthoredFile(new Uint8Array(LIMITS.fileBytes + 1))).toMatchObject({
      ok: false,
      error: { code: 'too-large' },
    })
    expect(readAuthoredFile(new Uint8Array([0x7b, 0xff, 0xfe]))).toEqual({
      ok: false,
      error: { code: 'not-utf8' },
    })
    expect(upgrade('a string')).toMatchObject({ ok: false, error: { code: 'invalid' } })
    expect(upgrade(null)).toMatchObject({ ok: false, error: { code: 'invalid' } })
  })

  it('an oversized scenario gets no link, with its length, and still goes into a file', () => {
    // Text that does not compress: every phase a different pseudo-random narration.
    let seed = 7
    const noise = (n: number) =>
      Array.from({ length: n }, () => {
        seed = (seed * 1103515245 + 12345) % 2 ** 31
        return String.fromCharCode(0x4e00 + (seed % 20000))
      }).join('')
    const big: AuthoredScenario = {
      ...twoPhases,
      phases: Array.from({ length: 12 }, (_, i) => ({
        title: { en: `Phase ${i}`, zh: `第${i}段` },
        script: 'map 0x1000 0x5000 w',
        say: { en: 'x', zh: noise(1500) },
      })),
    }
    const r = shareHash(big)
    expect(r).toMatchObject({ ok: false, error: { code: 'link-too-long', max: LIMITS.hash } })
    if (!r.ok) expect(r.error.length).toBeGreaterThan(LIMITS.hash)
    expect(readAuthoredFile(enc(authoredFileText(big)))).toEqual({ ok: true, value: big })
    // A payload longer than a link may be is refused before it is decompressed.
    expect(decodeAuthored(encodeAuthored(big))).toMatchObject({
      ok: false,
      error: { code: 'too-large' },
    })
  })
})

describe('checkAuthored', () => {
  it('runs the phases in order, one chapter each, with panels from what ran', () => {
    const c = checkAuthored(twoPhases)
    expect(c.problems).toEqual([])
    expect(c.missing).toEqual([])
    const phases = new Set(c.run.trace.frames.map((f) => f.phaseId))
    expect([...phases]).toEqual(['p1', 'p2'])
    expect(c.scenario.phases.map((p) => p.title.en)).toEqual(['Map a page', 'Read it'])
    expect(c.scenario.panels.length).toBeGreaterThan(0)
  })

  it('marks every line that does not parse, in its phase, with the parser column', () => {
    const bad: AuthoredScenario = {
      ...twoPhases,
      phases: [
        { ...twoPhases.phases[0]!, script: 'map 0x1000 0x5000 w\nmap 0x2000 zebra' },
        { ...twoPhases.phases[1]!, script: 'fly to the moon\naccess 0x1000 read' },
      ],
    }
    const c = checkAuthored(bad)
    expect(c.problems).toMatchObject([
      { phase: 0, line: 2, column: 12, kind: 'parse' },
      { phase: 1, line: 1, column: 1, kind: 'parse' },
    ])
    // Only the lines before the first bad one ran: the stage shows them.
    expect(c.run.trace.frames.every((f) => f.phaseId === 'p1')).toBe(true)
  })

  it('reports a line the machine refuses where it is', () => {
    const refused: AuthoredScenario = {
      ...twoPhases,
      phases: [twoPhases.phases[0]!, { ...twoPhases.phases[1]!, script: 'ring nope front push' }],
    }
    const c = checkAuthored(refused)
    expect(c.problems).toMatchObject([{ phase: 1, line: 1, kind: 'run' }])
    expect(c.problems[0]).toMatchObject({ column: 6, message: expect.stringMatching(/no ring/) })
  })

  it('lists a missing translation and fills it from the other language, marked', () => {
    const half: AuthoredScenario = {
      ...twoPhases,
      phases: [
        { ...twoPhases.phases[0]!, say: { en: 'The OS maps one page.', zh: '' } },
        { ...twoPhases.phases[1]!, title: { en: '', zh: '读取' } },
      ],
    }
    const c = checkAuthored(half)
    expect(c.missing).toEqual([
      { phase: 0, field: 'say', lang: 'zh' },
      { phase: 1, field: 'title', lang: 'en' },
    ])
    expect(c.scenario.phases[0]).toMatchObject({
      say: { en: 'The OS maps one page.', zh: 'The OS maps one page.' },
      fallback: ['zh'],
    })
    expect(c.scenario.phases[1]?.title).toEqual({ en: '读取', zh: '读取' })
    // Still a whole scenario: it runs and it shares.
    expect(c.problems).toEqual([])
    expect(shareHash(half).ok).toBe(true)
  })
})

describe('a built-in scenario as a starting point', () => {
  it('every one converts and runs to the same number of steps', async () => {
    const { CATALOGUE, loadScenario } = await import('../scenarios/index.ts')
    const { fromScenario } = await import('./authored.ts')
    const failed: string[] = []
    for (const meta of CATALOGUE) {
      const s = await loadScenario(meta.id)
      if (!s) throw new Error(meta.id)
      const r = fromScenario(s)
      if (!r.ok) {
        failed.push(`${meta.id}: ${describeAuthoredError(r.error)}`)
        continue
      }
      const c = checkAuthored(r.value)
      if (c.problems.length > 0 || c.run.trace.frames.length !== meta.steps)
        failed.push(`${meta.id}: ${c.run.trace.frames.length} steps of ${meta.steps}`)
      // Its questions come along and every one is still asked at its step.
      const want = s.phases.reduce((n, p) => n + (p.questions?.length ?? 0), 0)
      if (c.questions.length !== want)
        failed.push(`${meta.id}: ${c.questions.length} of ${want} questions`)
      for (const q of c.questions)
        if (!q.generated.ok)
          failed.push(`${meta.id}: phase ${q.phase + 1}: ${q.generated.error.en}`)
    }
    expect(failed).toEqual([])
  }, 120_000)
})

// Questions (issue #19): an optional field of v1 on each phase, read through parseQuestions.
const quizzed: AuthoredScenario = {
  ...twoPhases,
  phases: [
    twoPhases.phases[0] as AuthoredScenario['phases'][number],
    {
      title: { en: 'Read, then fault', zh: '读取，再缺页' },
      // Step 1 starts the walk of the mapped page; step 12 is the unmapped read's #PF.
      script: 'access 0x1000 read\naccess 0x9000 read',
      say: { en: 'One read translates, one faults.', zh: '一次读取成功翻译，一次缺页。' },
      questions: [
        { step: 1, kind: 'tlb-hit' },
        { step: 12, kind: 'pf-error-code' },
      ],
    },
  ],
}
const payloadOf = (data: unknown) => LZString.compressToEncodedURIComponent(JSON.stringify(data))

describe('authored scenarios: questions', () => {
  it('a link and a file carry the questions and read back equal', () => {
    const hash = shareHash(quizzed)
    if (!hash.ok) throw new Error('no link')
    const route = parseHash(hash.value)
    if (!route.ok || route.value.kind !== 'scenario' || route.value.payload === undefined)
      throw new Error('no payload')
    expect(decodeAuthored(route.value.payload)).toEqual({ ok: true, value: quizzed })
    expect(readAuthoredFile(enc(authoredFileText(quizzed)))).toEqual({ ok: true, value: quizzed })
  })

  it('the questions generate from the run and reach the player phases', () => {
    const c = checkAuthored(quizzed)
    expect(c.problems).toEqual([])
    expect(c.questions.map((q) => q.generated.ok)).toEqual([true, true])
    const pf = c.questions[1]?.generated
    if (!pf?.ok) throw new Error('no #PF question')
    expect(pf.value.kind).toBe('pf-error-code')
    expect(c.scenario.phases[1]?.questions).toEqual(quizzed.phases[1]?.questions)
    expect(c.scenario.phases[0]?.questions).toBeUndefined()
  })

  it('a v1 link written before questions (no field) opens unchanged', () => {
    // The payload an editor before this change wrote: no `questions` key anywhere.
    const old = payloadOf(twoPhases)
    const r = decodeAuthored(old)
    expect(r).toEqual({ ok: true, value: twoPhases })
    if (!r.ok) return
    expect(r.value.phases.every((p) => !('questions' in p))).toBe(true)
    expect(checkAuthored(r.value).questions).toEqual([])
  })

  it.each([
    [
      'an unknown kind',
      [{ step: 1, kind: 'rm-rf' }],
      /phase "2", question 1: unknown kind "rm-rf"/,
    ],
    [
      'an extra field',
      [{ step: 1, kind: 'tlb-hit', run: 'alert(1)' }],
      /question 1: unknown field "run"/,
    ],
    [
      'a step that is not whole',
      [{ step: 1.5, kind: 'tlb-hit' }],
      /question 1: step must be a whole/,
    ],
    [
      'two on one step',
      [
        { step: 1, kind: 'tlb-hit' },
        { step: 1, kind: 'walk-refs' },
      ],
      /question 2: step 1 already/,
    ],
    ['not a list', { step: 1, kind: 'tlb-hit' }, /phase "2": questions must be a list/],
  ])('refuses a forged question (%s), naming the phase and the question', (_, questions, msg) => {
    const forged = {
      ...quizzed,
      phases: [quizzed.phases[0], { ...quizzed.phases[1], questions }],
    }
    const r = decodeAuthored(payloadOf(forged))
    expect(r.ok).toBe(false)
    if (r.ok) return
    expect(r.error).toMatchObject({ code: 'question', where: 'phases[1].questions' })
    expect(describeAuthoredError(r.error)).toMatch(msg)
  })
})
