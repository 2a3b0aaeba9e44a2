// Shadow paging through the real CLI path (parse -> apply -> resultJson): lazy fill on a hidden
// #PF exit and the 4-ref retry, guest-induced faults reflected with the guest's error code and
// CR2, the guest A/D bits the VMM sets (hw-facts §1.6, §8), write-protected guest tables and
// emulated stores, the shadow-root cache on CR3 loads, INVLPG, P2M changes, role changes, and
// the inputs the model refuses. Every event must narrate in en and zh.
import { describe, expect, it } from 'vitest'
import { type JsonObject, resultJson, runScript } from '../src/console/index.ts'
import {
  PTE_D,
  PTE_P,
  PTE_RW,
  PTE_US,
  gpa,
  inconsistencies,
  readPhys,
  writableGuestTables,
} from '../src/engine/index.ts'
import { type CliRun, runCli } from './cliHelper.ts'

const run = (src: string): CliRun => runCli(src, { mustSucceed: true })
const at = (json: JsonObject[], line: number): JsonObject => {
  const j = json.find((x) => x.line === line)
  if (!j) throw new Error(`no line ${line}`)
  return j
}
const h = (v: bigint | number): string => '0x' + BigInt(v).toString(16)
const refs = (j: JsonObject) => j.refs as { kind: string; level: number; addr: string }[]

// Guest RAM 0-2 MiB is machine 32 MiB + the same offset; the guest's tables come from 1 MiB
// (the paging allocator), so PML4 0x100000, PDPT 0x101000, PD 0x102000, PT 0x103000.
const BOOT = `mmu shadow
host map 0x0 0x2000000 rwx size=2M
map 0x400000 0x5000 w u
`
// Shadow pages come from the host allocator at 256 MiB: root first.
const SROOT = 0x10000000n

describe('lazy fill: a hidden page fault', () => {
  it('exits on the first access, builds 4 shadow entries from the guest walk, retries with 4 shadow refs', () => {
    const { json, machine } = run(BOOT + 'access 0x400123 read user\n')
    const j = at(json, 4)
    expect(j.result).toBe('exit')
    expect(j.induced).toBe('hypervisor')
    expect(j.handled).toBe('fill')
    expect(j.pa).toBe('0x2005123')
    expect(j.gpa).toBe('0x5123')
    // The faulting walk stops at the empty shadow PML4E; the retry reads 4 shadow entries.
    expect(refs(j)).toEqual([
      { kind: 'shadow', level: 4, addr: h(SROOT) },
      { kind: 'shadow', level: 4, addr: h(SROOT) },
      { kind: 'shadow', level: 3, addr: h(SROOT + 0x1000n) },
      { kind: 'shadow', level: 2, addr: h(SROOT + 0x2000n + 2n * 8n) },
      { kind: 'shadow', level: 1, addr: h(SROOT + 0x3000n) },
    ])
    // The VMM read the guest entries at their machine addresses (guest-physical + 32 MiB).
    expect(j.guestRefs).toEqual([
      { kind: 'guest', level: 4, addr: '0x2100000', gpa: '0x100000' },
      { kind: 'guest', level: 3, addr: '0x2101000', gpa: '0x101000' },
      { kind: 'guest', level: 2, addr: '0x2102010', gpa: '0x102010' },
      { kind: 'guest', level: 1, addr: '0x2103000', gpa: '0x103000' },
    ])
    // Exception exit, #PF vector 14 (interruption info 0x80000b0e), user read not present = 4.
    expect(j.exit).toEqual({
      reason: 0,
      name: 'EXCEPTION_NMI',
      qualification: '0x400123',
      interruptionInfo: '0x80000b0e',
      errorCode: 4,
    })
    expect(j.fault).toBeUndefined()
    expect(j.shadowPages).toBe(4)
    expect(inconsistencies(machine.paging, machine.virt, machine.virt.shadow)).toEqual([])
  })

  it('then hits the TLB, and after a flush walks the 4 shadow entries with no exit', () => {
    const { json } = run(BOOT + 'access 0x400123\naccess 0x400124\ntlb flush\naccess 0x400125\n')
    expect(at(json, 5)).toMatchObject({
      result: 'ok',
      induced: 'none',
      tlb: 'hit',
      pa: '0x2005124',
    })
    const j = at(json, 7)
    expect(j).toMatchObject({ result: 'ok', tlb: 'miss', pa: '0x2005125' })
    expect(refs(j).map((r) => r.level)).toEqual([4, 3, 2, 1])
    expect((j.counters as { exits: { total: number } }).exits.total).toBe(3)
  })

  it('sets the guest A bits on a read and keeps the shadow leaf read-only until the first write sets D', () => {
    const { json, machine } = run(BOOT + 'access 0x400000 read user\naccess 0x400008 write user\n')
    // After the read: guest PTE 0x5007 + A = 0x5027; shadow leaf P|US|A, no R/W (guest D=0).
    const r = runScript(BOOT + 'access 0x400000 read user\n').machine
    expect(readPhys(r.paging.mem, 0x103000n, 8)).toBe(0x5027n)
    expect(readPhys(r.virt.host, SROOT + 0x3000n, 8)).toBe(0x2005025n)
    // The write exits with P|W|U = 7, the VMM sets D in the guest PTE and makes the leaf writable.
    const w = at(json, 5)
    expect(w).toMatchObject({ result: 'exit', handled: 'fill', pa: '0x2005008' })
    expect((w.exit as { errorCode: number }).errorCode).toBe(7)
    expect(readPhys(machine.paging.mem, 0x103000n, 8)).toBe(0x5067n)
    const leaf = readPhys(machine.virt.host, SROOT + 0x3000n, 8)
    expect(leaf & (PTE_RW | PTE_D)).toBe(PTE_RW | PTE_D)
  })
})

describe('guest-induced faults are reflected', () => {
  it('injects #PF with the guest error code and CR2 for an unmapped address', () => {
    const { json, kinds } = run(BOOT + 'access 0x800000 write user\n')
    const j = at(json, 4)
    expect(j).toMatchObject({ result: 'fault', induced: 'guest', handled: 'inject' })
    // Guest walk: PML4E, PDPTE present, PDE[4] not present: W|U = 6.
    expect(j.fault).toEqual({ vector: 14, errorCode: 6, cr2: '0x800000' })
    expect((j.exit as { reason: number }).reason).toBe(0)
    expect(j.counters).toMatchObject({ reflectedFaults: 1, hiddenFaults: 1 })
    expect(kinds[3]).toContain('shadow.inject')
  })

  it('reflects a protection fault (user access to a supervisor page: P|U = 5)', () => {
    const { json } = run(BOOT + 'map 0x600000 0x6000\naccess 0x600000 read user\n')
    expect(at(json, 5).fault).toEqual({ vector: 14, errorCode: 5, cr2: '0x600000' })
  })

  it('tells hidden from reflected in the counters', () => {
    const { json } = run(BOOT + 'access 0x400000\naccess 0x900000\naccess 0x400000 write\n')
    expect(at(json, 6).counters).toMatchObject({
      hiddenFaults: 3,
      reflectedFaults: 1,
      exits: { total: 5, exception: 4, crAccess: 1 },
    })
  })
})

describe('guest page tables are write-protected', () => {
  it('traps the guest OS storing into a shadowed table (map after the root is shadowed)', () => {
    const { json, kinds } = run(BOOT + 'access 0x400000\nmap 0x401000 0x6000 w\n')
    // The new PTE goes into the shadowed PT page 0x103000: one trap, one emulated store.
    expect(at(json, 5)).toMatchObject({ vmExits: 1, hiddenFaults: 1 })
    expect(kinds[4]).toEqual(expect.arrayContaining(['shadow.exit', 'shadow.pt-write']))
  })

  it('poke into a shadowed PTE with A set updates the shadow leaf (last level), to the new frame', () => {
    const { json, machine } = run(
      BOOT + 'host map 0x200000 0x3000000 rwx size=2M\naccess 0x400000\npoke 0x103000 0x200027\n',
    )
    expect(at(json, 6)).toMatchObject({ trapped: true, vmExits: 1, addr: '0x103000' })
    expect(readPhys(machine.virt.host, SROOT + 0x3000n, 8)).toBe(0x3000025n)
    const after = runScript(
      BOOT +
        'host map 0x200000 0x3000000 rwx size=2M\naccess 0x400000\npoke 0x103000 0x200027\naccess 0x400010\n',
    )
    const r6 = after.results[6]
    if (!r6) throw new Error('no line 7')
    expect(resultJson(r6)).toMatchObject({ result: 'ok', pa: '0x3000010' })
  })

  it('poke into a shadowed PDE drops the shadow PDE (higher level), so the next access exits', () => {
    const { json, machine } = run(
      BOOT + 'access 0x400000\npoke 0x102010 0x103027\naccess 0x400000\n',
    )
    expect(readPhys(machine.virt.host, SROOT + 0x2010n, 8) & PTE_P).toBe(PTE_P)
    expect(at(json, 6)).toMatchObject({ result: 'exit', handled: 'fill' })
    const mid = runScript(BOOT + 'access 0x400000\npoke 0x102010 0x103027\n').machine
    expect(readPhys(mid.virt.host, SROOT + 0x2010n, 8)).toBe(0n)
  })

  it('a poke to a page that is not a shadowed table is a plain store', () => {
    const { json } = run(BOOT + 'access 0x400000\npoke 0x5000 0x1234\n')
    expect(at(json, 5).trapped).toBeUndefined()
    expect(at(json, 5).vmExits).toBeUndefined()
  })

  it('a write through a mapping of a guest table is emulated, and that mapping stays read-only', () => {
    const { json, machine } = run(BOOT + 'map 0x401000 0x103000 w\naccess 0x401000 write\n')
    expect(at(json, 5)).toMatchObject({
      result: 'exit',
      handled: 'emulate',
      pa: '0x2103000',
      gpa: '0x103000',
    })
    expect(writableGuestTables(machine.virt, machine.virt.shadow)).toEqual([])
    expect(readPhys(machine.virt.host, SROOT + 0x3008n, 8) & PTE_RW).toBe(0n)
    expect((at(json, 5).counters as { ptWrites: number }).ptWrites).toBeGreaterThan(0)
  })

  it('a page mapped writable loses R/W in the shadow when it becomes a guest table', () => {
    const { machine, kinds } = run(
      BOOT + 'map 0x402000 0x7000 w\naccess 0x402000 write\ncr3 0x7000\n',
    )
    expect(kinds[5]).toContain('shadow.write-protect')
    expect(writableGuestTables(machine.virt, machine.virt.shadow)).toEqual([])
    expect(inconsistencies(machine.paging, machine.virt, machine.virt.shadow)).toEqual([])
  })
})

describe('context switch and invalidation', () => {
  it('MOV to CR3 exits (28, qualification 3); a new CR3 gets a new root, switching back reuses it', () => {
    const { json } = run(BOOT + 'access 0x400000\ncr3 0x7000\ncr3 0x100000\naccess 0x400000\n')
    expect(at(json, 5)).toMatchObject({
      shadowRoot: h(SROOT + 0x4000n),
      reused: false,
      shadowRoots: 2,
    })
    expect(at(json, 6)).toMatchObject({ shadowRoot: h(SROOT), reused: true, vmExits: 1 })
    // The CR3 load flushed the TLB, but the cached shadow tables still translate: no exit.
    expect(at(json, 7)).toMatchObject({ result: 'ok', tlb: 'miss', pa: '0x2005000' })
  })

  it('INVLPG exits (14) and drops the shadow leaf: the next access takes a hidden fault again', () => {
    const { json, machine, kinds } = run(
      BOOT + 'access 0x400000\ninvlpg 0x400000\naccess 0x400000\n',
    )
    expect(kinds[4]).toContain('shadow.exit')
    expect(at(json, 5).vmExits).toBe(1)
    expect(at(json, 6)).toMatchObject({ result: 'exit', handled: 'fill' })
    expect((at(json, 6).counters as { exits: { invlpg: number } }).exits.invlpg).toBe(1)
    expect(inconsistencies(machine.paging, machine.virt, machine.virt.shadow)).toEqual([])
  })

  it('a P2M change drops the shadow leaves built from the old machine frame', () => {
    const { json } = run(BOOT + 'access 0x400000\nhost map 0x5000 0x9000 rw\naccess 0x400000\n')
    expect(at(json, 6)).toMatchObject({ result: 'exit', handled: 'fill', pa: '0x9000' })
  })

  it('changing EFER.NXE (WRMSR exit) discards every shadow page and rebuilds the root', () => {
    const { json, machine } = run(BOOT + 'access 0x400000\nefer.nxe off\n')
    expect(at(json, 5)).toMatchObject({ shadowZapped: 4, shadowRoot: h(SROOT), vmExits: 1 })
    expect(machine.virt.shadow.pages).toHaveLength(1)
  })
})

describe('what the VMM cannot resolve, and what the model refuses', () => {
  it('reports an unbacked guest frame as an unresolved hidden fault', () => {
    const { json } = run(BOOT + 'map 0x500000 0x300000\naccess 0x500000\n')
    expect(at(json, 5)).toMatchObject({ result: 'exit', handled: 'unbacked', gpa: '0x300000' })
    expect(at(json, 5).pa).toBeUndefined()
  })

  it('refuses non-4-level modes, guest large pages and PCIDs', () => {
    for (const [line, msg] of [
      ['paging pae', /4-level/],
      ['map 0x40000000 0x200000 size=2M', /large page/],
      ['cr4.pcide on', /not modelled/],
    ] as const) {
      const r = runScript(BOOT + line + '\n')
      expect(r.error?.message).toMatch(msg)
    }
  })
})

// Guest CR0.WP=0 (SDM3 §4.6.1: supervisor writes ignore R/W) under a host that keeps WP=1: KVM's
// two encodings of a read-only page (LX-mmudoc "Emulating cr0.wp"; paging_tmpl.h
// FNAME(page_fault)). 0x600000 is a read-only user page at guest frame 0x6000 (machine 0x2006000);
// its guest PT is at 0x104000 (PD index 3), its shadow PT the 4th shadow page.
describe('guest CR0.WP=0 under shadow paging', () => {
  const RO = BOOT + 'map 0x600000 0x6000 u\n'
  const leaf = (m: CliRun['machine']): bigint => {
    const pt = m.virt.shadow.pages.find((p) => p.level === 1 && p.gfn === 0x104000n)
    if (!pt) throw new Error('no shadow PT for 0x104000')
    return readPhys(m.virt.host, pt.hpa, 8)
  }

  it('cr0.wp off is a CR-access exit that discards the shadow pages (WP is in their role), no longer refused', () => {
    const { json } = run(RO + 'access 0x600000\ncr0.wp off\n')
    expect(at(json, 6)).toMatchObject({ vmExits: 1, shadowZapped: 4 })
  })

  it('a kernel write to a read-only user page succeeds: the shadow leaf becomes writable and supervisor-only', () => {
    const { json, machine } = run(RO + 'cr0.wp off\naccess 0x600000\naccess 0x600000 write\n')
    const w = at(json, 7)
    // The hardware (WP=1) refuses the write to the read-only shadow leaf: P|W = 0x3.
    expect(w).toMatchObject({ result: 'exit', induced: 'hypervisor', handled: 'cr0-wp' })
    expect(w.pa).toBe('0x2006000')
    expect((w.exit as { errorCode: number }).errorCode).toBe(0x3)
    const s = leaf(machine)
    expect(s & PTE_RW).toBe(PTE_RW)
    expect(s & PTE_US).toBe(0n)
    expect(s & PTE_D).toBe(PTE_D)
    // The guest's own PTE stays read-only, now dirty: the write happened (SDM3 §4.8).
    const gpte = readPhys(machine.paging.mem, gpa(0x104000n), 8)
    expect(gpte & PTE_RW).toBe(0n)
    expect(gpte & PTE_D).toBe(PTE_D)
    expect(inconsistencies(machine.paging, machine.virt, machine.virt.shadow)).toEqual([])
    expect(writableGuestTables(machine.virt, machine.virt.shadow)).toEqual([])
  })

  it('a user read afterwards traps once and gets the read-only user encoding back', () => {
    const { json, machine } = run(
      RO +
        'cr0.wp off\naccess 0x600000 write\naccess 0x600000 read user\naccess 0x600000 read user\n',
    )
    const r = at(json, 7)
    expect(r).toMatchObject({ result: 'exit', handled: 'fill', pa: '0x2006000' })
    // The shadow leaf is supervisor-only, so the hardware faults with P|U = 0x5.
    expect((r.exit as { errorCode: number }).errorCode).toBe(0x5)
    expect(at(json, 8)).toMatchObject({ result: 'ok' })
    const s = leaf(machine)
    expect(s & PTE_RW).toBe(0n)
    expect(s & PTE_US).toBe(PTE_US)
    expect(inconsistencies(machine.paging, machine.virt, machine.virt.shadow)).toEqual([])
  })

  it('user writes are still refused with WP=0: the guest gets #PF 0x7', () => {
    const { json } = run(RO + 'cr0.wp off\naccess 0x600000 write user\n')
    expect(at(json, 6)).toMatchObject({ result: 'fault', induced: 'guest', handled: 'inject' })
    expect((at(json, 6).fault as { errorCode: number }).errorCode).toBe(0x7)
  })

  it('with CR0.WP=1 the same kernel write is the guest’s own fault (#PF 0x3 reflected)', () => {
    const { json } = run(RO + 'access 0x600000\naccess 0x600000 write\n')
    expect(at(json, 6)).toMatchObject({ result: 'fault', induced: 'guest', handled: 'inject' })
    expect((at(json, 6).fault as { errorCode: number }).errorCode).toBe(0x3)
  })

  it('with SMEP the converted page is execute-disabled, so a kernel fetch still faults as the guest expects', () => {
    const { json, machine } = run(
      RO + 'cr4.smep on\ncr0.wp off\naccess 0x600000 write\naccess 0x600000 fetch\n',
    )
    expect(at(json, 7)).toMatchObject({ handled: 'cr0-wp' })
    const f = at(json, 8)
    // Without XD the supervisor-only shadow entry would let the kernel run the user page.
    expect(f).toMatchObject({ result: 'fault', induced: 'guest', handled: 'inject' })
    expect((f.fault as { errorCode: number }).errorCode).toBe(0x11)
    expect(inconsistencies(machine.paging, machine.virt, machine.virt.shadow)).toEqual([])
  })

  it('a read-only upper-level guest entry: the shadow path is made writable for the kernel', () => {
    // Clear R/W in the guest PDE for 0x600000 (PD 0x102000 index 3 -> PT 0x104000): a trapped store.
    const { json, machine } = run(
      BOOT +
        'map 0x600000 0x6000 w u\npoke 0x102018 0x104025\ncr0.wp off\naccess 0x600000 write\naccess 0x600000 write user\n',
    )
    expect(at(json, 7)).toMatchObject({ result: 'exit', handled: 'cr0-wp', pa: '0x2006000' })
    // The user write must still fault: R/W=0 in the guest PDE.
    expect(at(json, 8)).toMatchObject({ result: 'fault', induced: 'guest' })
    expect((at(json, 8).fault as { errorCode: number }).errorCode).toBe(0x7)
    expect(inconsistencies(machine.paging, machine.virt, machine.virt.shadow)).toEqual([])
  })
})
