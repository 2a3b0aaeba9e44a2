// The paging console rows and JSON, end to end: lex → parse → applyPaging → JSON line.
import { describe, expect, it } from 'vitest'
import { applyPaging, initialPagingState, type PagingState } from '../../engine/index.ts'
import { describePagingEvent } from '../../narration/paging.ts'
import { ArgReader } from '../args.ts'
import { pagingCommands } from '../commands/paging.ts'
import { lex } from '../lexer.ts'
import type { JsonObject } from '../format.ts'
import { describePagingError, pagingEventJson, pagingEventText } from './paging.ts'

function run(src: string): JsonObject[] {
  let s: PagingState = initialPagingState
  const out: JsonObject[] = []
  src.split('\n').forEach((text, i) => {
    const t = lex(text)
    if (t.length === 0) return
    const def = [...pagingCommands]
      .filter((c) => c.words.every((w, k) => w === t[k]?.text.toLowerCase()))
      .sort((a, b) => b.words.length - a.words.length)[0]
    if (!def) throw new Error(`no command for ${text}`)
    const args = t.slice(def.words.length)
    const op = def.parse(new ArgReader(args, text.length + 1))
    const r = applyPaging(s, op)
    const base: JsonObject = { line: i + 1, cmd: def.words.join(' '), ok: r.ok }
    if (!r.ok) {
      out.push({ ...base, error: describePagingError(r.error) })
      return
    }
    s = r.value.state
    for (const e of r.value.events) {
      // Every event has a text line and narration in both languages.
      expect(pagingEventText(e).length).toBeGreaterThan(0)
      const n = describePagingEvent(e)
      expect(n.en.length).toBeGreaterThan(0)
      expect(n.zh.length).toBeGreaterThan(0)
    }
    out.push(
      r.value.events.reduce<JsonObject>((acc, e) => ({ ...acc, ...pagingEventJson(e) }), base),
    )
  })
  return out
}

const HAND4 = `
poke 0x1000 0x2007
poke 0x2000 0x3007
poke 0x3000 0x4007
poke 0x4038 0x5007
cr3 0x1000
`

describe('paging console JSON (CONSOLE.md)', () => {
  it('a hand-built 4-level table: 4 native refs with the right addresses', () => {
    const a = run(HAND4 + 'access 0x7123').at(-1)
    expect(a).toMatchObject({ cmd: 'access', ok: true, result: 'ok', pa: '0x5123', tlb: 'miss' })
    expect(a?.refs).toEqual([
      { kind: 'native', level: 4, addr: '0x1000' },
      { kind: 'native', level: 3, addr: '0x2000' },
      { kind: 'native', level: 2, addr: '0x3000' },
      { kind: 'native', level: 1, addr: '0x4038' },
    ])
  })

  it('a 2 MiB page: 3 refs', () => {
    const a = run(HAND4 + 'poke 0x3000 0x200087\naccess 0x7123').at(-1)
    expect(a?.refs).toHaveLength(3)
    expect(a).toMatchObject({ pa: '0x207123' })
  })

  it('a second access hits the TLB with no refs', () => {
    const a = run(HAND4 + 'access 0x7123\naccess 0x7000').at(-1)
    expect(a).toMatchObject({ tlb: 'hit', refs: [], pa: '0x5000' })
  })

  it('page faults carry vector 14, the error code and CR2; #GP carries vector 13', () => {
    const out = run(HAND4 + 'access 0x9000 write user\naccess 0x800000000000')
    expect(out.at(-2)).toMatchObject({
      result: 'fault',
      fault: { vector: 14, errorCode: 6, cr2: '0x9000' },
    })
    expect(out.at(-1)).toMatchObject({ result: 'fault', fault: { vector: 13 } })
    expect(out.at(-1)).not.toHaveProperty('tlb')
  })

  it('map, control bits, invlpg, tlb, info', () => {
    const out = run(
      [
        'map 0x7000 0xa000 w u',
        'cr4.smap on',
        'access 0x7000 read kernel',
        'eflags.ac on',
        'access 0x7000 read kernel',
        'invlpg 0x7000',
        'tlb size=2 policy=fifo',
        'tlb flush',
        'info paging',
      ].join('\n'),
    )
    expect(out[0]).toMatchObject({
      cmd: 'map',
      va: '0x7000',
      pa: '0xa000',
      size: '4K',
      flags: 'w u',
    })
    expect(out[2]).toMatchObject({ fault: { vector: 14, errorCode: 1 } })
    expect(out[4]).toMatchObject({ result: 'ok', pa: '0xa000' })
    expect(out[5]).toMatchObject({ cmd: 'invlpg', flushed: 1 })
    expect(out[6]).toMatchObject({ cmd: 'tlb', tlbCapacity: 2, tlbPolicy: 'fifo' })
    expect(out[8]).toMatchObject({
      cmd: 'info paging',
      mappings: [{ va: '0x7000', pa: '0xa000', size: '4K', flags: 'w u a' }],
    })
  })

  it('paging modes and refused input', () => {
    const out = run(
      'paging x86-32\nmap 0x400000 0x800000 size=4M w\naccess 0x401234 write\npaging teach levels=3\nmap 0x1001 0x2000',
    )
    expect(out[0]).toMatchObject({ mode: 'x86-32', levels: ['PDE', 'PTE'] })
    expect(out[2]).toMatchObject({ pa: '0x801234', refs: [{ kind: 'native', level: 2 }] })
    expect(out[3]).toMatchObject({ ok: false })
    expect(out[4]).toMatchObject({
      ok: false,
      error: 'VA 0x1001 is not aligned to the 4K page size',
    })
  })
})
