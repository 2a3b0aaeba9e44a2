// EPT through the real CLI path (parse -> apply -> resultJson) on hand-built guest and EPT
// hierarchies: the order and host-physical address of every reference of the 2-D walk
// (hw-facts §3.2), the counts (n+1)(m+1)-1 with large pages in either dimension (§3.1), the
// EPT-violation exit qualification (§2.4), misconfigurations (§2.3), guest #PF without an
// exit (§3.2), EPT A/D (§2.2-2.3) and VPID-tagged TLB invalidation (§7).
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { type JsonObject, runScript } from '../src/console/index.ts'
import { infoLines } from '../src/console/info.ts'
import { runCli } from './cliHelper.ts'

const run = (src: string): JsonObject[] => runCli(src, { mustSucceed: true }).json
const last = (json: JsonObject[]): JsonObject => {
  const j = json.at(-1)
  if (!j) throw new Error('no output')
  return j
}
const h = (v: bigint | number): string => '0x' + BigInt(v).toString(16)
interface Ref {
  kind: 'guest' | 'nested'
  level: number
  addr: string
}
const refsOf = (j: JsonObject): Ref[] => j.refs as unknown as Ref[]

/** One nested walk: EPT tables at consecutive pages from `root`, the last one indexed by GPA. */
function nested(root: bigint, levels: number, gpa: bigint): Ref[] {
  const out: Ref[] = []
  for (let l = levels; l >= 1; l--) {
    const base = root + BigInt(levels - l) * 0x1000n
    const addr = l === 1 ? base + ((gpa >> 12n) & 0x1ffn) * 8n : base
    out.push({ kind: 'nested', level: l, addr: h(addr) })
  }
  return out
}

describe('4-level guest on 4-level EPT (test/golden/ept-2d.vms)', () => {
  const json = run(readFileSync(new URL('./golden/ept-2d.vms', import.meta.url), 'utf8'))
  const first = json.find((j) => j.line === 21) ?? {}
  it('makes the 24 references of Bhargava Fig. 1(b) in hardware order, each at its HPA', () => {
    // Guest entries at GPA table + index*8; EPT maps GPA 0x1000*k to HPA 0x200000 + 0x1000*k.
    const guestGpa = [0x1008n, 0x2010n, 0x3018n, 0x4020n]
    const expected: Ref[] = []
    guestGpa.forEach((g, i) => {
      expected.push(...nested(0x100000n, 4, g))
      expected.push({ kind: 'guest', level: 4 - i, addr: h(0x200000n + g) })
    })
    expected.push(...nested(0x100000n, 4, 0x5567n))
    expect(refsOf(first)).toEqual(expected)
    expect(refsOf(first)).toHaveLength(24)
    expect(first).toMatchObject({ result: 'ok', pa: '0x205567', gpa: '0x5567', tlb: 'miss' })
  })
  it('a second access hits the combined TLB entry: 0 references', () => {
    expect(json.find((j) => j.line === 22)).toMatchObject({ tlb: 'hit', pa: '0x205567', refs: [] })
  })
})

/** A guest whose tables sit at GPA 0x1000.. and an EPT at HPA 0x100000.. built with pokes. */
function handBuilt(guestLevels: 4 | 5, eptLevels: 4 | 5, va: bigint): string {
  const lines = ['mmu ept']
  if (guestLevels === 5) lines.push('paging la57')
  const shifts = guestLevels === 5 ? [48n, 39n, 30n, 21n, 12n] : [39n, 30n, 21n, 12n]
  shifts.forEach((s, i) => {
    const table = BigInt(i + 1) * 0x1000n
    lines.push(`poke ${h(table + ((va >> s) & 0x1ffn) * 8n)} ${h(table + 0x1003n)}`)
  })
  lines.push('cr3 0x1000')
  for (let k = 0; k < eptLevels - 1; k++)
    lines.push(
      `host poke ${h(0x100000n + BigInt(k) * 0x1000n)} ${h(0x101007n + BigInt(k) * 0x1000n)}`,
    )
  const pt = 0x100000n + BigInt(eptLevels - 1) * 0x1000n
  for (let g = 1n; g <= BigInt(guestLevels + 1); g++)
    lines.push(`host poke ${h(pt + g * 8n)} ${h(0x300000n + g * 0x1000n + 0x37n)}`)
  lines.push(`eptp 0x100000 levels=${eptLevels}`, `access ${h(va)}`)
  return lines.join('\n')
}

describe('5-level guest on 5-level EPT', () => {
  const va = (1n << 48n) | (2n << 39n) | (3n << 30n) | (4n << 21n) | (5n << 12n) | 0x678n
  const j = last(run(handBuilt(5, 5, va)))
  it('makes 35 references, (5+1)(5+1)-1, in order', () => {
    const expected: Ref[] = []
    for (let i = 0; i < 5; i++) {
      const table = BigInt(i + 1) * 0x1000n
      const shift = [48n, 39n, 30n, 21n, 12n][i] ?? 0n
      const g = table + ((va >> shift) & 0x1ffn) * 8n
      expected.push(...nested(0x100000n, 5, g), {
        kind: 'guest',
        level: 5 - i,
        addr: h(0x300000n + g),
      })
    }
    expected.push(...nested(0x100000n, 5, 0x6678n))
    expect(refsOf(j)).toEqual(expected)
    expect(j).toMatchObject({ result: 'ok', pa: '0x306678' })
  })
  it('4/5 and 5/4 make 29', () => {
    const va4 = (1n << 39n) | (2n << 30n) | (3n << 21n) | (4n << 12n)
    expect(refsOf(last(run(handBuilt(4, 5, va4))))).toHaveLength(29)
    expect(refsOf(last(run(handBuilt(5, 4, va))))).toHaveLength(29)
  })
})

// `map` takes guest table frames from GPA 0x100000 up; `host map` backs them.
const count = (src: string): number => refsOf(last(run(src))).length
describe('large pages shorten a dimension (hw-facts §3.1)', () => {
  const ept4k =
    'host map 0x100000 0x500000 rwx\nhost map 0x101000 0x501000 rwx\nhost map 0x102000 0x502000 rwx\nhost map 0x103000 0x503000 rwx'
  it('guest 2 MiB page on 4-level EPT with 4 KiB pages: 19', () => {
    expect(
      count(
        `mmu ept\nmap 0x40000000 0x400000 size=2M\n${ept4k}\nhost map 0x400000 0x600000 rwx\naccess 0x40000123`,
      ),
    ).toBe(19)
  })
  it('4-level guest on EPT 2 MiB pages: 19', () => {
    expect(
      count(
        'mmu ept\nmap 0x7000 0x400000\nhost map 0 0x800000 rwx size=2M\nhost map 0x400000 0xa00000 rwx size=2M\naccess 0x7123',
      ),
    ).toBe(19)
  })
  it('guest 2 MiB on EPT 2 MiB: 15', () => {
    expect(
      count(
        'mmu ept\nmap 0x40000000 0x400000 size=2M\nhost map 0 0x800000 rwx size=2M\nhost map 0x400000 0xa00000 rwx size=2M\naccess 0x40000123',
      ),
    ).toBe(15)
  })
  it('guest 1 GiB on EPT 1 GiB: 8, and the combined page is 1 GiB', () => {
    const j = last(
      run(
        'mmu ept\nmap 0x80000000 0x40000000 size=1G\nhost map 0 0x80000000 rwx size=1G\nhost map 0x40000000 0xc0000000 rwx size=1G\naccess 0x80000123',
      ),
    )
    expect(refsOf(j)).toHaveLength(8)
    expect(j).toMatchObject({ pa: '0xc0000123', size: '1G' })
  })
  it('a guest 2 MiB page on EPT 4 KiB pages is cached as a 4 KiB combined page', () => {
    const j = last(
      run(
        `mmu ept\nmap 0x40000000 0x400000 size=2M\n${ept4k}\nhost map 0x401000 0x601000 rwx\naccess 0x40001123`,
      ),
    )
    expect(j).toMatchObject({ pa: '0x601123', gpa: '0x401123', size: '4K' })
  })
  it('PAE guest (PDPTEs in registers) on 4-level EPT: 14', () => {
    expect(
      count(
        'mmu ept\npaging pae\nmap 0x7000 0x400000\nhost map 0x100000 0x500000 rwx\nhost map 0x101000 0x501000 rwx\nhost map 0x102000 0x502000 rwx\nhost map 0x400000 0x600000 rwx\naccess 0x7123',
      ),
    ).toBe(14)
  })
  it('guest paging off: the linear address is the GPA, one EPT walk of 4', () => {
    const j = last(run('mmu ept\nhost map 0x5000 0x9000 rw\naccess 0x5abc'))
    expect(refsOf(j)).toHaveLength(4)
    expect(j).toMatchObject({ pa: '0x9abc' })
  })
})

// Guest: VA 0x7000 -> GPA 0x400000 (writable, NX off), tables at GPA 0x100000-0x103000.
const GUEST = 'mmu ept\nmap 0x7000 0x400000 w'
const TABLES = (perms = 'rwx'): string =>
  [0, 1, 2, 3]
    .map((i) => `host map ${h(0x100000 + i * 0x1000)} ${h(0x500000 + i * 0x1000)} ${perms}`)
    .join('\n')
const exitOf = (src: string): JsonObject => last(run(src)).exit as JsonObject

describe('EPT violation exit qualification (hw-facts §2.4)', () => {
  it('read of an unbacked data page: 0x181 (read, no permissions, GLA valid, final)', () => {
    expect(exitOf(`${GUEST}\n${TABLES()}\naccess 0x7010`)).toEqual({
      reason: 48,
      name: 'EPT_VIOLATION',
      qualification: '0x181',
      gpa: '0x400010',
      gla: '0x7010',
    })
  })
  it('write to a page EPT maps r-x: 0x1aa (write; R and X allowed; final)', () => {
    expect(
      exitOf(`${GUEST}\n${TABLES()}\nhost map 0x400000 0x600000 rx\naccess 0x7010 write`),
    ).toMatchObject({
      qualification: '0x1aa',
      gpa: '0x400010',
    })
  })
  it('fetch from a page EPT maps rw-: 0x19c (fetch; R and W allowed; final)', () => {
    expect(
      exitOf(`${GUEST}\n${TABLES()}\nhost map 0x400000 0x600000 rw\naccess 0x7010 fetch`),
    ).toMatchObject({
      qualification: '0x19c',
    })
  })
  it('read of a guest PT whose GPA EPT does not map: 0x81 (read, paging structure, bit 8 = 0)', () => {
    const src = `${GUEST}\nhost map 0x100000 0x500000 rwx\nhost map 0x101000 0x501000 rwx\nhost map 0x102000 0x502000 rwx\naccess 0x7010`
    const j = last(run(src))
    expect(j.exit).toMatchObject({ qualification: '0x81', gpa: '0x103038' })
    // Three full rows (3 x (4+1)) and the EPT walk that failed: its PML4E, PDPTE, PDE, PTE.
    expect(refsOf(j)).toHaveLength(19)
  })
  it('a fetch whose guest PT is unmapped still reports a data read: 0x81', () => {
    const src = `${GUEST}\nhost map 0x100000 0x500000 rwx\nhost map 0x101000 0x501000 rwx\nhost map 0x102000 0x502000 rwx\naccess 0x7010 fetch`
    expect(exitOf(src)).toMatchObject({ qualification: '0x81' })
  })
  it('setting a guest A bit in a table EPT maps r-x: 0xaa (write; R and X allowed; paging structure)', () => {
    expect(
      exitOf(`${GUEST}\n${TABLES('rx')}\nhost map 0x400000 0x600000 rwx\naccess 0x7010`),
    ).toMatchObject({
      qualification: '0xaa',
      gpa: '0x100000',
    })
  })
  it('with EPT A/D on, reading a read-only guest table is already a write: 0xaa, no guest entry read', () => {
    const src = `${GUEST}\n${TABLES('rx')}\nhost map 0x400000 0x600000 rwx\neptp 0x10000000 ad=on\naccess 0x7010`
    const j = last(run(src))
    expect(j.exit).toMatchObject({ qualification: '0xaa', gpa: '0x100000' })
    expect(refsOf(j).every((r) => r.kind === 'nested')).toBe(true)
  })
  it('the VMM maps the page and the retried access succeeds', () => {
    const j = last(
      run(`${GUEST}\n${TABLES()}\naccess 0x7010\nhost map 0x400000 0x600000 rw\naccess 0x7010`),
    )
    expect(j).toMatchObject({ result: 'ok', pa: '0x600010', tlb: 'miss' })
    expect(refsOf(j)).toHaveLength(24)
  })
})

describe('EPT misconfiguration, exit reason 49 (hw-facts §2.3)', () => {
  const base = `${GUEST}\n${TABLES()}`
  it('a write-only leaf', () => {
    expect(exitOf(`${base}\nhost map 0x400000 0x600000 w\naccess 0x7010`)).toMatchObject({
      reason: 49,
      name: 'EPT_MISCONFIG',
      gpa: '0x400010',
    })
  })
  it('execute-only without the capability, but not with it', () => {
    expect(
      exitOf(`${base}\nhost map 0x400000 0x600000 x\nept cap exec-only=off\naccess 0x7010 fetch`),
    ).toMatchObject({ reason: 49 })
    expect(last(run(`${base}\nhost map 0x400000 0x600000 x\naccess 0x7010 fetch`))).toMatchObject({
      result: 'ok',
    })
  })
  it('a reserved bit (bit 7 in the EPT PML4E) and a reserved memory type (2) in a leaf', () => {
    // The root is the first table host map allocated: 0x10000000; the PML4E is entry 0.
    expect(
      exitOf(
        `${base}\nhost map 0x400000 0x600000 rw\nhost poke 0x10000000 0x10001087\naccess 0x7010`,
      ),
    ).toMatchObject({ reason: 49, gpa: '0x100000' })
    expect(
      exitOf(
        `${base}\nhost map 0x400000 0x600000 rw\nhost poke 0x10004000 0x600013\naccess 0x7010`,
      ),
    ).toMatchObject({ reason: 49 })
  })
})

describe('guest faults stay in the guest (hw-facts §3.2)', () => {
  it('a not-present guest PTE is #PF error 0 after 20 references, no VM exit', () => {
    const j = last(
      run(`${GUEST}\n${TABLES()}\nhost map 0x400000 0x600000 rwx\npoke 0x103038 0\naccess 0x7010`),
    )
    expect(j).toMatchObject({ result: 'fault', fault: { vector: 14, errorCode: 0, cr2: '0x7010' } })
    expect(j.exit).toBeUndefined()
    expect(refsOf(j)).toHaveLength(20)
  })
  it('a user write to a supervisor page is #PF 0x7 before the data GPA is translated', () => {
    const j = last(run(`${GUEST}\n${TABLES()}\naccess 0x7010 write user`))
    expect(j).toMatchObject({ result: 'fault', fault: { errorCode: 4 | 2 | 1 } })
    expect(refsOf(j)).toHaveLength(20)
  })
})

describe('EPT A/D flags (EPTP bit 6)', () => {
  it('a write sets A in every EPT entry used and D in the data leaf and the guest-table leaves', () => {
    const src = `${GUEST}\n${TABLES()}\nhost map 0x400000 0x600000 rwx\neptp 0x10000000 ad=on\naccess 0x7010 write\nept info`
    const info = last(run(src))
    const rows = info.mappings as unknown as { gpa: string; a: boolean; d: boolean }[]
    expect(rows.every((r) => r.a && r.d)).toBe(true)
  })
  it('a read sets A but D only in the guest-table leaves (they count as writes)', () => {
    const src = `${GUEST}\n${TABLES()}\nhost map 0x400000 0x600000 rwx\neptp 0x10000000 ad=on\naccess 0x7010\nept info`
    const rows = last(run(src)).mappings as unknown as { gpa: string; a: boolean; d: boolean }[]
    expect(rows.map((r) => [r.gpa, r.a, r.d])).toEqual([
      ['0x100000', true, true],
      ['0x101000', true, true],
      ['0x102000', true, true],
      ['0x103000', true, true],
      ['0x400000', true, false],
    ])
  })
  it('with A/D off nothing in EPT changes', () => {
    const rows = last(
      run(`${GUEST}\n${TABLES()}\nhost map 0x400000 0x600000 rwx\naccess 0x7010 write\nept info`),
    ).mappings as unknown as { a: boolean; d: boolean }[]
    expect(rows.some((r) => r.a || r.d)).toBe(false)
  })
})

describe('VPID-tagged TLB (hw-facts §7)', () => {
  const ready = `${GUEST}\n${TABLES()}\nhost map 0x400000 0x600000 rwx`
  const tlbOf = (src: string): unknown => last(run(src)).tlb
  it('without VPID a VM exit and entry flush the guest translations', () => {
    expect(tlbOf(`${ready}\naccess 0x7010\nept world-switch\naccess 0x7010`)).toBe('miss')
  })
  it('with a VPID they survive', () => {
    expect(tlbOf(`${ready}\nvpid 1\naccess 0x7010\nept world-switch\naccess 0x7010`)).toBe('hit')
  })
  it('another VPID cannot use them; switching back can', () => {
    expect(tlbOf(`${ready}\nvpid 1\naccess 0x7010\nvpid 2\naccess 0x7010`)).toBe('miss')
    expect(
      tlbOf(`${ready}\nvpid 1\naccess 0x7010\nvpid 2\naccess 0x7010\nvpid 1\naccess 0x7010`),
    ).toBe('hit')
  })
  it('INVVPID single context and INVEPT single context drop them', () => {
    expect(tlbOf(`${ready}\nvpid 1\naccess 0x7010\nept invvpid single 1\naccess 0x7010`)).toBe(
      'miss',
    )
    expect(tlbOf(`${ready}\nvpid 1\naccess 0x7010\nept invvpid single 2\naccess 0x7010`)).toBe(
      'hit',
    )
    expect(tlbOf(`${ready}\nvpid 1\naccess 0x7010\nept invept single\naccess 0x7010`)).toBe('miss')
  })
  it('an EPT change is not seen until INVEPT: the stale combined mapping still translates', () => {
    const src = `${ready}\nvpid 1\naccess 0x7010\nhost poke 0x10004000 0x0\naccess 0x7010`
    expect(last(run(src))).toMatchObject({ tlb: 'hit', pa: '0x600010' })
    expect(
      last(run(src.replace(/access 0x7010$/, 'ept invept single\naccess 0x7010'))),
    ).toMatchObject({ result: 'exit' })
  })
})

describe('info tlb under EPT', () => {
  it('lists the combined mappings with their VPID, GPA and HPA', () => {
    const src = readFileSync(new URL('./golden/ept-2d.vms', import.meta.url), 'utf8')
    const lines = infoLines(runScript(src).machine, 'tlb')
    expect(lines[0]).toBe('EPT combined TLB: 1 of 8 entries, LRU; current VPID 0')
    expect(lines[1]).toMatch(/VPID 0 PCID 0 VA 0x8080604000 +-> GPA 0x5000 +-> HPA 0x205000 +4K/)
  })
})

describe('paging-structure caches for both dimensions (hw-facts §3.3)', () => {
  const three = [
    'mmu ept',
    'map 0x7000 0x400000 w',
    'map 0x8000 0x401000 w',
    'map 0x9000 0x402000 w',
    TABLES(),
    'host map 0x400000 0x8400000 rw',
    'host map 0x401000 0x8401000 rw',
    'host map 0x402000 0x8402000 rw',
  ].join('\n')
  const counts = (src: string): number[] =>
    run(src)
      .filter((j) => j.cmd === 'access')
      .map((j) => refsOf(j).length)
  it('off by default: every miss makes 24', () => {
    expect(counts(`${three}\naccess 0x7123\naccess 0x8123`)).toEqual([24, 24])
  })
  it('on: the PDE cache and the cached guest-physical mapping of the PT leave 1 + 4 = 5', () => {
    expect(counts(`${three}\nept caches on\naccess 0x7123\naccess 0x8123\naccess 0x9123`)).toEqual([
      24, 5, 5,
    ])
  })
  it('INVLPG drops the guest paging-structure caches; guest-physical mappings remain: 4', () => {
    expect(counts(`${three}\nept caches on\naccess 0x7123\ninvlpg 0x7000\naccess 0x7123`)).toEqual([
      24, 4,
    ])
  })
  it('a VM exit without VPID keeps guest-physical mappings (tagged by EPTP): 4; INVEPT drops them', () => {
    expect(
      counts(`${three}\nept caches on\naccess 0x7123\nept world-switch\naccess 0x7123`),
    ).toEqual([24, 4])
    expect(
      counts(`${three}\nept caches on\naccess 0x7123\nept invept single\naccess 0x7123`),
    ).toEqual([24, 24])
  })
})
