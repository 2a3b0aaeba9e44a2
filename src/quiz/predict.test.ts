import { describe, expect, it } from 'vitest'
import { runScript } from '../console/index.ts'
import { choiceOfLetter, predictLine } from './predict.ts'

const SETUP = `map 0x7000 0xa000 w u
cr0.wp on`
const base = runScript(SETUP)

describe('predict', () => {
  it('asks about the line run on a copy, answered from its events', () => {
    const q = predictLine(base, 2, 'access 0x5000 write user')
    expect(q.ok).toBe(true)
    if (!q.ok) return
    expect(q.value.kind).toBe('pf-error-code')
    expect(q.value.type === 'choice' && q.value.answer).toBe('0x6')
    // The run it started from is unchanged: the line has not run.
    expect(base.trace.frames.length).toBe(runScript(SETUP).trace.frames.length)
    const b = choiceOfLetter(q.value, 'b')
    expect(b).toBe(q.value.type === 'choice' ? q.value.choices[1]?.id : null)
    expect(choiceOfLetter(q.value, 'z')).toBeNull()
  })

  it('asks for the references of a walk that succeeds', () => {
    const q = predictLine(base, 2, 'access 0x7000 read user')
    expect(q.ok && q.value.kind).toBe('walk-refs')
    expect(q.ok && q.value.type === 'number' && q.value.answer).toBe(4)
  })

  it('says what is wrong with a bad line, with its column, and runs nothing', () => {
    const q = predictLine(base, 2, 'access 0xZZ')
    expect(q.ok).toBe(false)
    if (!q.ok) expect(q.error.column).toBeGreaterThan(0)
    const empty = predictLine(base, 2, '  ')
    expect(empty.ok).toBe(false)
    const nothing = predictLine(base, 2, '# a comment')
    expect(!nothing.ok && nothing.error.message.en).toContain('changes nothing')
  })
})
