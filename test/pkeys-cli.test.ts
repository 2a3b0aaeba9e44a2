// Protection keys in the native page walk, one test per rule (SDM3 §4.6.2; hw-facts §1.4,
// §1.5): with CR4.PKE in 4-/5-level paging, a data access to a user-mode address is checked
// against PKRU for the key in bits 62:59 of the leaf; AD (bit 2k) blocks reads and writes in
// both modes, WD (bit 2k+1) blocks user writes and kernel writes only with CR0.WP=1; fetches and
// supervisor-mode addresses are not checked; a violation sets #PF error-code bit 5 (PK = 0x20).
import { describe, expect, it } from 'vitest'
import { type JsonObject, runScript } from '../src/console/index.ts'
import { PTE_PKEY_MASK, readPhys } from '../src/engine/index.ts'
import { runCli } from './cliHelper.ts'

// 0x4000: user read/write page with key 1; 0x5000: kernel page with key 1; 0x6000: user page, key 0.
const BOOT = `map 0x4000 0xe000 w u pkey=1
map 0x5000 0xf000 w pkey=1
map 0x6000 0x10000 w u
cr4.pke on
`
const AD1 = 'pkru 0x4\n' // key 1: AD
const WD1 = 'pkru 0x8\n' // key 1: WD

/** The error code of the last line's access (null when it succeeded). */
function last(src: string): number | null {
  const { json } = runCli(src, { mustSucceed: true })
  const j = json.at(-1) as JsonObject
  if (j.result === 'ok') return null
  return (j.fault as { errorCode: number }).errorCode
}

describe('protection keys in the walk', () => {
  it('map pkey=N writes the key into PTE bits 62:59', () => {
    const { machine, json } = runCli(BOOT, { mustSucceed: true })
    const leaf = BigInt(json[0]?.leaf as string)
    expect((readPhys(machine.paging.mem, leaf, 8) & PTE_PKEY_MASK) >> 59n).toBe(1n)
  })
  it('with CR4.PKE off, PKRU is ignored', () => {
    expect(last(BOOT + 'cr4.pke off\n' + AD1 + 'access 0x4000 read user\n')).toBeNull()
  })
  it('AD blocks a user read: P|U|PK = 0x25', () => {
    expect(last(BOOT + AD1 + 'access 0x4000 read user\n')).toBe(0x25)
  })
  it('AD blocks a user write: P|W|U|PK = 0x27', () => {
    expect(last(BOOT + AD1 + 'access 0x4000 write user\n')).toBe(0x27)
  })
  it('AD blocks a kernel read of a user page too: P|PK = 0x21', () => {
    expect(last(BOOT + AD1 + 'access 0x4000 read kernel\n')).toBe(0x21)
  })
  it('AD of another key does not matter: key 0 page reads fine', () => {
    expect(last(BOOT + AD1 + 'access 0x6000 read user\n')).toBeNull()
  })
  it('WD lets a user read through and blocks a user write: 0x27', () => {
    expect(last(BOOT + WD1 + 'access 0x4000 read user\n')).toBeNull()
    expect(last(BOOT + WD1 + 'access 0x4000 write user\n')).toBe(0x27)
  })
  it('WD blocks a kernel write only with CR0.WP=1', () => {
    expect(last(BOOT + WD1 + 'access 0x4000 write kernel\n')).toBe(0x23)
    expect(last(BOOT + WD1 + 'cr0.wp off\naccess 0x4000 write kernel\n')).toBeNull()
  })
  it('fetches are not checked', () => {
    expect(last(BOOT + AD1 + 'access 0x4000 fetch user\n')).toBeNull()
  })
  it('supervisor-mode addresses are not checked by PKRU', () => {
    expect(last(BOOT + AD1 + 'access 0x5000 read kernel\n')).toBeNull()
    expect(last(BOOT + WD1 + 'access 0x5000 write kernel\n')).toBeNull()
  })
  it('PK is set together with another violation (user write to a read-only page)', () => {
    expect(
      last('map 0x7000 0xa000 u pkey=2\ncr4.pke on\npkru 0x20\naccess 0x7000 write user\n'),
    ).toBe(0x27)
  })
  it('the TLB caches the key: a cached translation is checked against the new PKRU', () => {
    const { json } = runCli(
      BOOT + 'access 0x4000 read user\n' + AD1 + 'access 0x4000 read user\n',
      {
        mustSucceed: true,
      },
    )
    const j = json.at(-1) as JsonObject
    expect(j).toMatchObject({ result: 'fault' })
    expect((j.fault as { errorCode: number; reason: string }).reason).toBe('protection-key')
  })
  it('WRPKRU reports the old and new value and flushes nothing', () => {
    const { json } = runCli(BOOT + 'access 0x4000\npkru 0x30\naccess 0x4000\n', {
      mustSucceed: true,
    })
    expect(json.at(-2)).toMatchObject({ cmd: 'pkru', pkru: '0x30', old: '0x0' })
    // Key 2's bits do not touch key 1's page, and the cached translation is still there.
    expect(json.at(-1)).toMatchObject({ result: 'ok', tlb: 'hit' })
  })
  it('keys exist only in 4-/5-level paging; PKRU is 32 bits; a key is 4 bits', () => {
    expect(runScript('paging pae\nmap 0x4000 0xe000 u pkey=1\n').error?.message).toMatch(/pkey/)
    expect(runScript('pkru 0x100000000\n').error?.message).toMatch(/out of range/)
    expect(runScript('map 0x4000 0xe000 pkey=16\n').error?.message).toMatch(/out of range/)
  })
  it('is refused under shadow paging and Xen PV, whose guests get no PKU', () => {
    expect(runScript('mmu shadow\ncr4.pke on\n').error?.message).toMatch(/KVM/)
    expect(runScript('mmu xen-pv\ncr4.pke on\n').error?.message).toMatch(/HVM/)
    expect(runScript('mmu ept\ncr4.pke on\n').error?.message).toMatch(/not modelled/)
  })
})
