// Xen PV direct paging (`mmu xen-pv`) through the real console path. Every refusal rule of
// Xen's mmu_update / mmuext_op checks (hw-facts §5.6; XEN-mmc do_mmu_update, mod_lN_entry,
// get_page_from_lNe, _get_page_type) has a test that tries to break it. Numbers: hypercalls
// mmu_update 1, multicall 13, mmuext_op 26; MMUEXT_PIN_L4_TABLE 3, NEW_BASEPTR 5; errno
// EINVAL 22, EBUSY 16, ENOSYS 38; #PF error code P=1 | W=2 (hw-facts §1.5).
import { describe, expect, it } from 'vitest'
import { type JsonObject, resultJson, resultText, runScript } from '../src/console/index.ts'
import { complete, helpLines } from '../src/console/interactive.ts'
import type { Machine, PageInfo } from '../src/engine/index.ts'
import { mfn as toMfn, readPhys } from '../src/engine/index.ts'
import { type CliRun, runCli } from './cliHelper.ts'

// Eight machine frames 0x100..0x107 for domain 1; `map` builds L4 0x100, L3 0x101, L2 0x102,
// L1 0x103 (lowest free frames first) and maps VA 0x400000 to MA 0x105000 writable.
const SETUP = `mmu xen-pv
${Array.from({ length: 8 }, (_, i) => `host map ${hex(i * 0x1000)} ${hex(0x100000 + i * 0x1000)} rw`).join('\n')}
map 0x400000 0x105000 w`
const SETUP_LINES = SETUP.split('\n').length

function hex(n: number | bigint): string {
  return '0x' + n.toString(16)
}

const run = (extra: string): CliRun => runCli(`${SETUP}\n${extra}`)
/** JSON of the n-th extra line (1-based). */
const line = (json: JsonObject[], n: number): JsonObject | undefined =>
  json.find((j) => j.line === SETUP_LINES + n)
const info = (m: Machine, mfn: number): PageInfo =>
  m.virt.xenpv.pages.get(toMfn(BigInt(mfn))) ?? {
    type: 'none',
    count: 0,
    validated: false,
    pinned: false,
  }
const entry = (m: Machine, ma: number): bigint => readPhys(m.paging.mem, BigInt(ma), 8)

describe('mmu xen-pv: building tables the PV way', () => {
  const { json, error, machine } = run('access 0x400123 write\ntranslate 0x400123')

  it('map = one mmuext_op (pin L4 + new base pointer) and one mmu_update of 4 requests', () => {
    expect(error).toBeNull()
    expect(line(json, 0)).toMatchObject({
      cmd: 'map',
      hypercall: 'mmu_update',
      number: 1,
      count: 4,
      done: 4,
      rc: 0,
      tables: ['0x100000', '0x101000', '0x102000', '0x103000'],
      hypercallsIssued: 2,
      counters: { hypercalls: 2, requests: 6, updates: 4, refused: 0, saved: 4 },
    })
  })

  it('page_info: L4 pinned and the base pointer (count 2), one reference each below', () => {
    expect(info(machine, 0x100)).toEqual({ type: 'l4', count: 2, validated: true, pinned: true })
    expect(info(machine, 0x101)).toEqual({ type: 'l3', count: 1, validated: true, pinned: false })
    expect(info(machine, 0x102)).toEqual({ type: 'l2', count: 1, validated: true, pinned: false })
    expect(info(machine, 0x103)).toEqual({ type: 'l1', count: 1, validated: true, pinned: false })
    expect(info(machine, 0x105)).toMatchObject({ type: 'writable', count: 1 })
    expect(machine.virt.xenpv.baseMfn).toBe(0x100n)
    expect(machine.paging.cr3).toBe(0x100000n)
  })

  it('the MMU walks the guest tables directly: 4 guest refs at machine addresses', () => {
    const walk = ['0x100000', '0x101000', '0x102010', '0x103000'].map((addr, i) => ({
      kind: 'guest',
      level: 4 - i,
      addr,
    }))
    expect(line(json, 1)).toMatchObject({ result: 'ok', pa: '0x105123', tlb: 'miss', refs: walk })
    expect(line(json, 2)).toMatchObject({ result: 'ok', pa: '0x105123', refs: walk })
  })

  it('gives the same address and references as native paging on the same tables', () => {
    const native = runScript('map 0x400000 0x105000 w\naccess 0x400123 write').results.map(
      resultJson,
    )
    const n = native[1]
    const x = line(json, 1)
    expect(x?.pa).toBe(n?.pa)
    const addrs = (j: JsonObject | undefined): unknown =>
      (j?.refs as { addr: string }[] | undefined)?.map((r) => r.addr)
    expect(addrs(x)).toEqual(addrs(n))
  })
})

describe('mmu_update commands 1 and 3 (mm.c do_mmu_update)', () => {
  // Request ptr = machine address | command (ptr & 7). Frames 0x100..0x107 are the domain's,
  // backing guest frames 0..7 (host map 0x0 -> 0x100000 ...): the builder's M2P is their inverse.
  it('MMU_MACHPHYS_UPDATE sets the M2P entry of an owned frame and touches no page table', () => {
    const before = run('')
    const { json, error, machine } = run('mmu_update 0x106001 0x42')
    expect(error).toBeNull()
    expect(line(json, 1)).toMatchObject({ rc: 0, done: 1, count: 1 })
    expect(machine.virt.xenpv.m2p.get(toMfn(0x106n))).toBe(0x42n)
    // Memory and page_info as before: the request is not a PTE write.
    expect(entry(machine, 0x106000)).toBe(entry(before.machine, 0x106000))
    expect(machine.virt.xenpv.pages).toEqual(before.machine.virt.xenpv.pages)
    const r = runScript(`${SETUP}\nmmu_update 0x106001 0x42`)
    const text = r.results.map(resultText).join('\n')
    expect(text).toMatch(/MMU_MACHPHYS_UPDATE M2P\[0x106\] <- 0x42: applied \(was 0x6\)/)
  })

  it('MMU_MACHPHYS_UPDATE of a frame the domain does not own: -EINVAL, M2P unchanged', () => {
    const { json, machine } = run('mmu_update 0x300001 0x42')
    expect(line(json, 1)).toMatchObject({
      rc: -22,
      errno: 'EINVAL',
      done: 0,
      refused: { rule: 'target-owner' },
    })
    expect(machine.virt.xenpv.m2p.size).toBe(0)
  })

  it('MMU_PT_UPDATE_NO_TRANSLATE on a PV guest checks and writes like MMU_NORMAL_PT_UPDATE', () => {
    for (const [val, rc] of [
      ['0x106003', 0], // a writable mapping of an ordinary frame
      ['0x103003', -16], // a writable mapping of the L1 table: the same -EBUSY
    ] as const) {
      const normal = run(`mmu_update 0x103008 ${val}`)
      const raw = run(`mmu_update 0x10300b ${val}`)
      expect(line(raw.json, 1)).toMatchObject({ rc })
      expect(line(raw.json, 1)?.rc).toBe(line(normal.json, 1)?.rc)
      expect(entry(raw.machine, 0x103008)).toBe(entry(normal.machine, 0x103008))
      expect(raw.machine.virt.xenpv.pages).toEqual(normal.machine.virt.xenpv.pages)
    }
  })

  it('a request after a failed one is not attempted, whatever its command', () => {
    const { json, machine } = run('mmu_update 0x300000 0x1 0x106001 0x42')
    expect(line(json, 1)).toMatchObject({ rc: -22, done: 0, count: 2 })
    expect(machine.virt.xenpv.m2p.size).toBe(0)
  })
})

describe('linear page tables (mm.c get_lN_linear_pagetable, PV_LINEAR_PT on by default)', () => {
  // L4 0x100, L3 0x101, L2 0x102, L1 0x103 from SETUP. Slot 511 of a table is at +0xff8.
  const checksOf = (extra: string): string[] => {
    const r = runScript(`${SETUP}\n${extra}`)
    const e = r.results.at(-1)?.events.find((x) => x.kind === 'xenpv.update')
    return e?.kind === 'xenpv.update' ? e.checks.map((c) => `${c.rule}:${c.ok}`) : []
  }

  it('a read-only entry that maps its own L2 (or L4) table is accepted, with no reference', () => {
    for (const [ptr, val, mfn] of [
      ['0x102ff8', '0x102001', 0x102],
      ['0x100ff8', '0x100001', 0x100],
    ] as const) {
      const { json, machine } = run(`mmu_update ${ptr} ${val}`)
      expect(line(json, 1), ptr).toMatchObject({ rc: 0, done: 1 })
      expect(entry(machine, Number(ptr))).toBe(BigInt(val))
      const before = run('').machine
      expect(info(machine, mfn)).toEqual(info(before, mfn))
      expect(checksOf(`mmu_update ${ptr} ${val}`)).toContain('linear:true')
    }
  })

  it('a writable one is still refused: -EINVAL, the type conflict', () => {
    expect(run('mmu_update 0x102ff8 0x102003').json.at(-1)).toMatchObject({
      rc: -22,
      refused: { rule: 'target-type' },
    })
  })

  it('a read-only entry to another validated table of the same level takes a type reference', () => {
    const { json, machine } = run('mmuext pin_l2_table 0x104\nmmu_update 0x102ff8 0x104001')
    expect(line(json, 2)).toMatchObject({ rc: 0, done: 1 })
    // 0x104: the pin and the linear entry; it is used as a linear table, 0x102 holds one.
    expect(info(machine, 0x104)).toEqual({
      type: 'l2',
      count: 2,
      validated: true,
      pinned: true,
      linear: -1,
    })
    expect(info(machine, 0x102)).toMatchObject({ type: 'l2', count: 1, linear: 1 })
    // Clearing the entry gives it all back.
    const cleared = run(
      'mmuext pin_l2_table 0x104\nmmu_update 0x102ff8 0x104001\nmmu_update 0x102ff8 0x0',
    ).machine
    expect(info(cleared, 0x104)).toEqual({ type: 'l2', count: 1, validated: true, pinned: true })
    expect(info(cleared, 0x102)).toEqual({ type: 'l2', count: 1, validated: true, pinned: false })
  })

  it('only one level deep: a table used as a linear target cannot hold linear entries', () => {
    const r = run(
      'mmuext pin_l2_table 0x104\nmmu_update 0x102ff8 0x104001\nmmu_update 0x104ff8 0x102001',
    )
    expect(line(r.json, 3)).toMatchObject({ rc: -22, refused: { rule: 'target-type' } })
    // A table that is not validated at that level is not a linear target either.
    expect(run('mmu_update 0x102ff8 0x106001').json.at(-1)).toMatchObject({ rc: 0 })
    expect(run('mmu_update 0x102ff8 0x101001').json.at(-1)).toMatchObject({
      rc: -22,
      refused: { rule: 'target-type' },
    })
  })
})

describe('Xen refuses what would break isolation (one test per rule)', () => {
  const refused = (extra: string, n = 1): JsonObject | undefined => {
    const { json, error } = run(extra)
    expect(error).toBeNull()
    return line(json, n)
  }

  it('ptr in a frame the domain does not own: -EINVAL', () => {
    expect(refused('mmu_update 0x300000 0x1')).toMatchObject({
      rc: -22,
      errno: 'EINVAL',
      done: 0,
      refused: { index: 0, rule: 'ptr-owner', rc: -22 },
    })
  })

  it('an L1 entry naming another domain’s frame: -EBUSY', () => {
    expect(refused('mmu_update 0x103008 0x200001')).toMatchObject({
      rc: -16,
      refused: { rule: 'target-owner' },
    })
  })

  it('an L2 entry naming another domain’s frame: -EINVAL', () => {
    expect(refused('mmu_update 0x102018 0x200007')).toMatchObject({
      rc: -22,
      refused: { rule: 'target-owner' },
    })
  })

  it('an L4 slot Xen keeps for itself (256-271): -EINVAL before any other check', () => {
    // L4 at MFN 0x100: slot N is the entry at 0x100000 + 8N. Even a not-present value is refused.
    for (const slot of [256, 263, 271]) {
      const ptr = hex(0x100000 + slot * 8)
      expect(refused(`mmu_update ${ptr} 0x0`), `slot ${slot}`).toMatchObject({
        rc: -22,
        errno: 'EINVAL',
        done: 0,
        refused: { rule: 'guest-slot' },
      })
      expect(refused(`mmu_update ${ptr} 0x101007`)?.reason).toMatch(
        new RegExp(`L4 slot ${slot} belongs to Xen`),
      )
    }
    // The neighbours are the guest's: 255 and 272 take an entry naming the L3 table.
    expect(refused('mmu_update 0x1007f8 0x101007')).toMatchObject({ rc: 0, done: 1 })
    expect(refused('mmu_update 0x100880 0x101007')).toMatchObject({ rc: 0, done: 1 })
    // Only L4 tables have Xen slots: entry 256 of the L3 table is an ordinary entry.
    expect(refused('mmu_update 0x101800 0x0')).toMatchObject({ rc: 0, done: 1 })
  })

  it('a writable mapping of a page-table page: -EBUSY (type conflict)', () => {
    const j = refused('mmu_update 0x103008 0x103003')
    expect(j).toMatchObject({ rc: -16, refused: { rule: 'target-type' } })
    expect(j?.reason).toMatch(/writable mapping of MFN 0x103, which is an L1 page table/)
    // A read-only mapping of the same table is fine.
    expect(refused('mmu_update 0x103008 0x103001')).toMatchObject({ rc: 0, done: 1 })
  })

  it('map VA MA w onto a page table is refused the same way', () => {
    expect(refused('map 0x401000 0x102000 w')).toMatchObject({
      rc: -16,
      mapped: false,
      refused: { rule: 'target-type' },
    })
  })

  it('wrong level: an L2 entry must name an L1 table, not an L2 one or a writable page', () => {
    expect(refused('mmu_update 0x102018 0x102007')).toMatchObject({
      rc: -22,
      refused: { rule: 'target-type' },
    })
    expect(refused('mmu_update 0x102018 0x105007')).toMatchObject({
      rc: -22,
      refused: { rule: 'target-type' },
    })
    // The right level is accepted and counted: the L1 table now has two references.
    const { machine } = run('mmu_update 0x102018 0x103007')
    expect(info(machine, 0x103).count).toBe(2)
  })

  it('flags Xen disallows: PCD in an L1 entry, PS in an L2 entry, G in an L4 entry', () => {
    expect(refused('mmu_update 0x103008 0x104011')).toMatchObject({
      rc: -22,
      refused: { rule: 'flags' },
      reason: 'flag bits 0x10 are not allowed at this level',
    })
    expect(refused('mmu_update 0x102018 0x104087')).toMatchObject({
      rc: -22,
      refused: { rule: 'flags' },
    })
    expect(refused('mmu_update 0x100008 0x101107')).toMatchObject({
      rc: -22,
      refused: { rule: 'flags' },
    })
    // G is allowed in an L1 entry, and the available bits 11:9 anywhere.
    expect(refused('mmu_update 0x103008 0x104101')).toMatchObject({ rc: 0 })
    expect(refused('mmu_update 0x103008 0x104e01')).toMatchObject({ rc: 0 })
  })

  it('an unknown command in ptr’s low bits: -ENOSYS', () => {
    expect(refused('mmu_update 0x103004 0x104001')).toMatchObject({
      rc: -38,
      refused: { rule: 'command' },
    })
  })

  it('a new base pointer that does not validate as an L4 table is refused, CR3 unchanged', () => {
    // 0x106 is an ordinary frame: the guest may store into it (it is not a table yet).
    const { json, machine } = run('poke 0x106000 0x103007\nmmuext new_baseptr 0x106')
    const j = line(json, 2)
    expect(j).toMatchObject({ hypercall: 'mmuext_op', number: 26, rc: -22, done: 0 })
    expect(j?.reason).toMatch(
      /^while validating MFN 0x106 as an L4 table, entry 0: MFN 0x103 must be an L3 page table but is an L1 page table/,
    )
    expect(machine.paging.cr3).toBe(0x100000n)
    expect(info(machine, 0x106).count).toBe(0)
    expect(info(machine, 0x103).count).toBe(1)
  })

  it('new_baseptr of a frame in use as another type, or not the domain’s: -EINVAL', () => {
    expect(refused('mmuext new_baseptr 0x103')).toMatchObject({
      rc: -22,
      refused: { rule: 'target-type' },
    })
    expect(refused('mmuext new_baseptr 0x200')).toMatchObject({
      rc: -22,
      refused: { rule: 'target-owner' },
    })
  })

  it('pins do not nest, and unpin needs a pin', () => {
    expect(refused('mmuext pin_l4_table 0x100')).toMatchObject({
      rc: -22,
      refused: { rule: 'pinned' },
    })
    expect(refused('mmuext unpin_table 0x103')).toMatchObject({
      rc: -22,
      refused: { rule: 'pinned' },
    })
  })

  it('a direct store into an L1 table traps into Xen, which checks and emulates it (ptwr)', () => {
    // VA 0x401000 is the table's own read-only mapping (its entry 1); entry 2 is free.
    const { json, machine } = run('map 0x401000 0x103000\npoke 0x103010 0x104003')
    expect(line(json, 2)).toMatchObject({
      ptwr: 'emulated',
      result: 'ok',
      va: '0x401010',
      entry: '0x103010',
      old: '0x0',
      now: '0x104003',
      counters: { traps: 1, hypercalls: 3, updates: 6 },
    })
    expect(entry(machine, 0x103010)).toBe(0x104003n)
    expect(info(machine, 0x104)).toMatchObject({ type: 'writable', count: 1 })
  })

  it('a direct store that fails the L1 checks is not emulated: #PF (P=1 W=1) to the guest', () => {
    const { json, machine } = run('map 0x401000 0x103000\npoke 0x103010 0x102003')
    expect(line(json, 2)).toMatchObject({
      ptwr: 'refused',
      result: 'fault',
      fault: { vector: 14, errorCode: 3, cr2: '0x401010' },
      rc: -16,
      counters: { traps: 1, refused: 1 },
    })
    expect(entry(machine, 0x103010)).toBe(0n)
  })

  it('only L1 tables are emulated: a store into the L2 table is a #PF for the guest', () => {
    const { json, machine } = run('map 0x401000 0x102000\npoke 0x102018 0x104007')
    expect(line(json, 2)).toMatchObject({
      ptwr: 'not-l1',
      result: 'fault',
      fault: { errorCode: 3 },
    })
    expect(entry(machine, 0x102018)).toBe(0n)
  })

  it('a 4-byte store into half an L1 entry is merged into the 8-byte entry, then checked', () => {
    const { json } = run(`map 0x401000 0x103000
poke 0x103018 0x104001 size=4
poke 0x10301c 0x80000000 size=4
poke 0x103019 1 size=4`)
    expect(line(json, 2)).toMatchObject({ ptwr: 'emulated', now: '0x104001' })
    // The high half sets XD (bit 63): Xen checks the whole merged entry.
    expect(line(json, 3)).toMatchObject({ ptwr: 'emulated', now: '0x8000000000104001' })
    expect(line(json, 4)).toMatchObject({ ptwr: 'unaligned', result: 'fault' })
  })

  it('refuses stores the guest cannot make, CR3 loads, CR0.WP off and other modes', () => {
    expect(run('poke 0x200000 1').error).toMatch(/not one of the domain's frames/)
    expect(run('poke 0x103008 1').error).toMatch(/no mapping of MFN 0x103/)
    expect(run('cr3 0x100000').error).toMatch(/mmuext new_baseptr/)
    expect(run('cr0.wp off').error).toMatch(/CR0.WP/)
    expect(runScript('mmu xen-pv\npaging x86-32').error?.message).toMatch(/4-level/)
    expect(runScript('mmu_update 0x1000 0x1').error?.message).toMatch(/mmu xen-pv/)
  })
})

describe('batching: done counts, multicall, saved transitions', () => {
  it('a batch stops at its first refusal; done says how far it got', () => {
    const { json, machine } = run(
      'mmu_update 0x103008 0x104001 0x103010 0x103003 0x103018 0x106001',
    )
    expect(line(json, 1)).toMatchObject({
      count: 3,
      done: 1,
      rc: -16,
      refused: { index: 1, rule: 'target-type' },
      results: [
        { index: 0, verdict: 'applied' },
        { index: 1, verdict: 'refused', rc: -16 },
        { index: 2, verdict: 'not-attempted' },
      ],
    })
    expect(entry(machine, 0x103008)).toBe(0x104001n)
    expect(entry(machine, 0x103018)).toBe(0n)
  })

  it('one hypercall for three updates saves two transitions', () => {
    const batched = run('mmu_update 0x103008 0x104001 0x103010 0x106001 0x103018 0x107001')
    const single = run(
      'mmu_update 0x103008 0x104001\nmmu_update 0x103010 0x106001\nmmu_update 0x103018 0x107001',
    )
    expect(line(batched.json, 1)?.counters).toMatchObject({ hypercalls: 3, requests: 9, saved: 6 })
    expect(line(single.json, 3)?.counters).toMatchObject({ hypercalls: 5, requests: 9, saved: 4 })
    expect(entry(batched.machine, 0x103018)).toBe(entry(single.machine, 0x103018))
  })

  it('multicall: queued calls change nothing until end; then one transition runs them all', () => {
    const { json, machine } = run(`multicall begin
mmu_update 0x103008 0x104001
mmu_update 0x103010 0x103003
mmuext invlpg_local 0x401000
translate 0x401000
multicall end`)
    expect(line(json, 2)).toMatchObject({ multicall: 'queued', entry: 0, call: 'mmu_update' })
    expect(line(json, 5)).toMatchObject({ result: 'fault' })
    expect(line(json, 6)).toMatchObject({
      hypercall: 'multicall',
      number: 13,
      count: 3,
      entries: [
        { entry: 0, call: 'mmu_update', number: 1, rc: 0, done: 1 },
        { entry: 1, call: 'mmu_update', rc: -16, done: 0 },
        { entry: 2, call: 'mmuext_op', number: 26, rc: 0 },
      ],
      counters: { hypercalls: 3, requests: 9, updates: 5, refused: 1, saved: 6 },
    })
    expect(entry(machine, 0x103008)).toBe(0x104001n)
    expect(run('multicall end').error).toMatch(/no multicall list is open/)
    expect(run('multicall begin\nmulticall begin').error).toMatch(/already|is open/)
  })
})

describe('type counts follow the tables', () => {
  it('clearing the leaf drops the writable reference; unlinking the L1 devalidates it', () => {
    const { machine } = run('mmu_update 0x103000 0x0 0x102010 0x0')
    expect(info(machine, 0x105)).toMatchObject({ type: 'writable', count: 0 })
    expect(info(machine, 0x103)).toMatchObject({ type: 'l1', count: 0, validated: false })
    expect(info(machine, 0x102).count).toBe(1)
  })

  it('unlinking the L1 with its mapping still inside drops that reference too (cascade)', () => {
    const { machine } = run('mmu_update 0x102010 0x0')
    expect(info(machine, 0x103)).toMatchObject({ count: 0, validated: false })
    expect(info(machine, 0x105).count).toBe(0)
  })

  it('at type count 0 a former table may become writable, and a plain page takes plain writes', () => {
    const { json, machine } = run(
      'mmu_update 0x102010 0x0\nmap 0x401000 0x103000 w\nmmu_update 0x107000 0x1234',
    )
    expect(line(json, 2)).toMatchObject({ rc: 0, mapped: true })
    expect(info(machine, 0x103)).toMatchObject({ type: 'writable', count: 1 })
    expect(entry(machine, 0x107000)).toBe(0x1234n)
  })

  it('MMU_PT_UPDATE_PRESERVE_AD keeps the A and D bits the walk set', () => {
    const { machine } = run('access 0x400000 write\nmmu_update 0x103002 0x105003')
    expect(entry(machine, 0x103000)).toBe(0x105063n)
  })
})

describe('console: help and completion for the PV hypercalls', () => {
  it('help lists them under memory and explains mmu_update with its hypercall number', () => {
    const all = helpLines('', 'en')
    const memory = all.indexOf('Memory and translation')
    const row = all.findIndex((l) =>
      /^ {2}mmu_update +HYPERVISOR_mmu_update \(hypercall 1\)/.test(l),
    )
    expect(row).toBeGreaterThan(memory)
    expect(helpLines('mmu_update', 'en')[0]).toBe('usage: mmu_update PTR VAL [PTR VAL ...]')
    expect(helpLines('mmu_update', 'en').join('\n')).toMatch(
      /HYPERVISOR_mmu_update \(hypercall 1\)/,
    )
    expect(helpLines('multicall', 'zh').join('\n')).toMatch(/13 号超级调用/)
  })

  it('completes mmuext op names, but not where an MFN is expected', () => {
    expect(complete('mmuext new_').line).toBe('mmuext new_baseptr ')
    expect(complete('mmuext pin_l').candidates).toEqual([
      'pin_l1_table',
      'pin_l2_table',
      'pin_l3_table',
      'pin_l4_table',
    ])
    expect(complete('mmuext pin_l4_table ').candidates).toEqual([])
    expect(complete('mmuext tlb_flush_local in').line).toBe('mmuext tlb_flush_local invlpg_local ')
    expect(complete('multicall e').line).toBe('multicall end ')
  })
})
