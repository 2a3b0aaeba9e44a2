// Oracle for the nested walk: random guest tables (`map`), random EPT tables (`host map`, any
// R/W/X mix including the misconfigured W and WX, 4 KiB / 2 MiB / 1 GiB pages, some guest
// frames left unbacked), 4- or 5-level in each dimension, EPT A/D on or off. For each access the
// engine's result must equal a reference written here from hw-facts §2-3 alone: translate with
// the guest tables, sending every guest-physical address through a separate EPT translation.
// Same outcome (HPA / #PF error code / exit reason, qualification and GPA) and the same refs.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { type JsonObject, resultJson, runScript } from '../../src/console/index.ts'
import type { Machine } from '../../src/engine/index.ts'
import { readPhys } from '../../src/engine/memory/phys.ts'

type Intent = 'read' | 'write' | 'fetch'
type Ref = { kind: 'guest' | 'nested'; level: number; addr: string }
type Expect =
  | { kind: 'ok'; hpa: bigint; refs: Ref[] }
  | { kind: 'pf'; code: number; refs: Ref[] }
  | { kind: 'exit'; reason: number; qual: bigint; gpa: bigint; refs: Ref[] }

const ADDR = ((1n << 52n) - 1n) & ~0xfffn
const h = (v: bigint): string => '0x' + v.toString(16)
const ACC_BIT: Record<Intent, bigint> = { read: 1n, write: 2n, fetch: 4n }

class Stop {
  constructor(readonly e: Expect) {}
}

/** The reference: guest walk (hw-facts §1) with every GPA through an EPT walk (§2.2-2.4, §3.2). */
function reference(m: Machine, va: bigint, intent: Intent, user: boolean): Expect {
  const refs: Ref[] = []
  const eptp = m.virt.ept.eptp ?? 0n
  const root = eptp & ADDR
  const levels = Number((eptp >> 3n) & 7n) + 1
  const ad = ((eptp >> 6n) & 1n) === 1n
  const host = m.virt.host
  const ept = (gpa: bigint, acc: Intent, final: boolean): { hpa: bigint; perms: bigint } => {
    let base = root
    let perms = 7n
    for (let l = levels; l >= 1; l--) {
      const a = base + ((gpa >> BigInt(12 + 9 * (l - 1))) & 511n) * 8n
      const raw = readPhys(host, a, 8)
      refs.push({ kind: 'nested', level: l, addr: h(a) })
      const rwx = raw & 7n
      perms &= rwx
      const violation = (): Stop =>
        new Stop({
          kind: 'exit',
          reason: 48,
          qual: ACC_BIT[acc] | (perms << 3n) | 0x80n | (final ? 0x100n : 0n),
          gpa,
          refs,
        })
      if (rwx === 0n) throw violation()
      if (rwx === 2n || rwx === 6n)
        throw new Stop({ kind: 'exit', reason: 49, qual: 0n, gpa, refs })
      const large = (l === 2 || l === 3) && ((raw >> 7n) & 1n) === 1n
      if (l === 1 || large) {
        if ((perms & ACC_BIT[acc]) === 0n) throw violation()
        const size = 1n << BigInt(12 + 9 * (l - 1))
        return { hpa: (raw & ADDR & ~(size - 1n)) | (gpa & (size - 1n)), perms }
      }
      base = raw & ADDR
    }
    throw new Error('unreachable')
  }
  try {
    const n = m.paging.mode === 'la57' ? 5 : 4
    let table = (m.paging.cr3 ?? 0n) & ADDR
    let rw = true
    let us = true
    let xd = false
    const pfCode = (p: boolean): number =>
      (p ? 1 : 0) | (intent === 'write' ? 2 : 0) | (user ? 4 : 0) | (intent === 'fetch' ? 16 : 0)
    for (let l = n; l >= 1; l--) {
      const e = table + ((va >> BigInt(12 + 9 * (l - 1))) & 511n) * 8n
      const t = ept(e, ad ? 'write' : 'read', false)
      const raw = readPhys(m.paging.mem, e, 8)
      refs.push({ kind: 'guest', level: l, addr: h(t.hpa) })
      if ((raw & 1n) === 0n) return { kind: 'pf', code: pfCode(false), refs }
      rw &&= ((raw >> 1n) & 1n) === 1n
      us &&= ((raw >> 2n) & 1n) === 1n
      xd ||= raw >> 63n === 1n
      const leaf = l === 1 || ((l === 2 || l === 3) && ((raw >> 7n) & 1n) === 1n)
      // Setting guest A (or D) writes the guest entry: EPT must allow W (A/D off; §2.3).
      const adWrite = (needs: boolean): void => {
        if (needs && !ad && (t.perms & 2n) === 0n)
          throw new Stop({
            kind: 'exit',
            reason: 48,
            qual: 2n | (t.perms << 3n) | 0x80n,
            gpa: e,
            refs,
          })
      }
      if (!leaf) {
        adWrite(((raw >> 5n) & 1n) === 0n)
        table = raw & ADDR
        continue
      }
      // CR0.WP = 1, EFER.NXE = 1, SMEP/SMAP off (the machine's defaults).
      const ok = (!user || us) && (intent !== 'write' || rw) && (intent !== 'fetch' || !xd)
      if (!ok) return { kind: 'pf', code: pfCode(true), refs }
      adWrite(((raw >> 5n) & 1n) === 0n || (intent === 'write' && ((raw >> 6n) & 1n) === 0n))
      const size = 1n << BigInt(12 + 9 * (l - 1))
      const gpa = (raw & ADDR & ~(size - 1n)) | (va & (size - 1n))
      return { kind: 'ok', hpa: ept(gpa, intent, true).hpa, refs }
    }
    throw new Error('unreachable')
  } catch (x) {
    if (x instanceof Stop) return x.e
    throw x
  }
}

const PERMS = ['rwx', 'rwx', 'rw', 'r', 'rx', 'x', 'w', 'wx'] as const
const arbWorld = fc.record({
  guest5: fc.boolean(),
  ept5: fc.boolean(),
  ad: fc.boolean(),
  maps: fc.array(
    fc.record({ big: fc.boolean(), w: fc.boolean(), u: fc.boolean(), nx: fc.boolean() }),
    { minLength: 1, maxLength: 4 },
  ),
  // How the guest's table frames (GPA 0x100000..0x1fffff) are backed.
  tables: fc.oneof(
    fc.record({ size: fc.constant('1G' as const), perms: fc.constantFrom(...PERMS) }),
    fc.record({ size: fc.constant('2M' as const), perms: fc.constantFrom(...PERMS) }),
    fc.record({
      size: fc.constant('4K' as const),
      pages: fc.array(fc.option(fc.constantFrom(...PERMS), { freq: 6 }), {
        minLength: 16,
        maxLength: 16,
      }),
    }),
  ),
  data: fc.array(
    fc.option(fc.record({ big: fc.boolean(), perms: fc.constantFrom(...PERMS) }), { freq: 5 }),
    { minLength: 4, maxLength: 4 },
  ),
  accesses: fc.array(
    fc.record({
      region: fc.nat(3),
      off: fc.nat(0x1fffff),
      intent: fc.constantFrom<Intent>('read', 'write', 'fetch'),
      user: fc.boolean(),
    }),
    { minLength: 1, maxLength: 5 },
  ),
})
type World = typeof arbWorld extends fc.Arbitrary<infer T> ? T : never

const HOST = 0x40000000n
function script(w: World, caches = false): string[] {
  const lines = ['mmu ept']
  if (w.guest5) lines.push('paging la57')
  lines.push(`eptp 0x10000000 levels=${w.ept5 ? 5 : 4} ad=${w.ad ? 'on' : 'off'}`)
  if (caches) lines.push('ept caches on')
  // Guest: region i at VA i GiB maps to GPA 0x400000 + i * 2 MiB (4 KiB or 2 MiB page).
  w.maps.forEach((m, i) => {
    const flags = [m.w ? 'w' : '', m.u ? 'u' : '', m.nx ? 'nx' : ''].filter(Boolean).join(' ')
    lines.push(
      `map ${h(BigInt(i + 1) << 30n)} ${h(0x400000n + BigInt(i) * 0x200000n)} ${flags}${m.big ? ' size=2M' : ''}`,
    )
  })
  const t = w.tables
  if (t.size === '1G') lines.push(`host map 0 ${h(HOST)} ${t.perms} size=1G`)
  else if (t.size === '2M') lines.push(`host map 0 ${h(HOST)} ${t.perms} size=2M`)
  else
    t.pages.forEach((p, k) => {
      const g = 0x100000n + BigInt(k) * 0x1000n
      if (p !== null) lines.push(`host map ${h(g)} ${h(HOST + g)} ${p}`)
    })
  // Data regions (skipped where a 1 GiB or 2 MiB table mapping already covers GPA 0..).
  w.data.forEach((d, i) => {
    const g = 0x400000n + BigInt(i) * 0x200000n
    if (d === null || t.size === '1G') return
    if (d.big) lines.push(`host map ${h(g)} ${h(HOST + g)} ${d.perms} size=2M`)
    else
      lines.push(
        `host map ${h(g)} ${h(HOST + g)} ${d.perms}\nhost map ${h(g + 0x1000n)} ${h(HOST + g + 0x1000n)} ${d.perms}`,
      )
  })
  for (const a of w.accesses) {
    const i = a.region % w.maps.length
    const page = w.maps[i]?.big ? 0x1fffffn : 0x1fffn
    const va = (BigInt(i + 1) << 30n) + (BigInt(a.off) & page)
    lines.push(`access ${h(va)} ${a.intent} ${a.user ? 'user' : 'kernel'}`)
  }
  return lines.join('\n').split('\n')
}

function check(w: World, caches = false): void {
  const lines = script(w, caches)
  const full = runScript(lines.join('\n'))
  expect(full.error?.message ?? null).toBeNull()
  lines.forEach((line, k) => {
    if (!line.startsWith('access ')) return
    const before = runScript(lines.slice(0, k).join('\n')).machine
    const [, vaText, intent, mode] = line.split(' ')
    const exp = reference(before, BigInt(vaText ?? '0'), intent as Intent, mode === 'user')
    const got = full.results.find((r) => r.line === k + 1)
    if (!got) throw new Error('missing line')
    const j: JsonObject = resultJson(got)
    // With the paging-structure caches on, the references differ (that is their point) but
    // nothing else may: the tables do not change between accesses, so the caches stay coherent.
    if (j.tlb === 'hit') {
      expect(exp.kind).toBe('ok')
      if (exp.kind === 'ok') expect(j.pa).toBe(h(exp.hpa))
      return
    }
    if (caches) expect((j.refs as unknown[]).length).toBeLessThanOrEqual(exp.refs.length)
    else expect(j.refs).toEqual(exp.refs)
    if (exp.kind === 'ok') expect(j).toMatchObject({ result: 'ok', pa: h(exp.hpa) })
    else if (exp.kind === 'pf')
      expect(j).toMatchObject({ result: 'fault', fault: { vector: 14, errorCode: exp.code } })
    else
      expect(j).toMatchObject({
        result: 'exit',
        exit: { reason: exp.reason, qualification: h(exp.qual), gpa: h(exp.gpa) },
      })
  })
}

describe('EPT oracle (fast-check, seed 7)', () => {
  it('nested walk = guest translation with every GPA translated by EPT separately', () => {
    fc.assert(
      fc.property(arbWorld, (w) => check(w)),
      { seed: 7, numRuns: 150 },
    )
  })
  it('with paging-structure caches on: the same outcome, never more references', () => {
    fc.assert(
      fc.property(arbWorld, (w) => check(w, true)),
      { seed: 11, numRuns: 100 },
    )
  })
  it('the reference itself sees all three outcomes (the generator is not one-sided)', () => {
    const kinds = new Set<string>()
    fc.assert(
      fc.property(arbWorld, (w) => {
        const lines = script(w)
        const k = lines.findIndex((l) => l.startsWith('access '))
        const m = runScript(lines.slice(0, k).join('\n')).machine
        const [, va, intent, mode] = lines[k]?.split(' ') ?? []
        kinds.add(reference(m, BigInt(va ?? '0'), intent as Intent, mode === 'user').kind)
      }),
      { seed: 7, numRuns: 150 },
    )
    expect([...kinds].sort()).toEqual(['exit', 'ok', 'pf'])
  })
})
