// Native x86 paging through the real CLI path (parse -> apply -> resultJson) on the golden
// script test/golden/paging-native.vms, and the routing rule of engine/apply.ts: with no guest
// selected `map`/`access`/`cr0.wp` act on the bit-exact paging engine, after `vm NAME` on the
// guest model. Numbers: hw-facts §1.1 (entry = table base + index x 8), §1.5 (error code bits
// P=1, W/R=2, U/S=4), §1.6 (a clean leaf makes a write walk again), §7 (INVLPG).
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { type JsonObject, runScript } from '../src/console/index.ts'
import { runCli } from './cliHelper.ts'

const source = readFileSync(new URL('./golden/paging-native.vms', import.meta.url), 'utf8')

const refs = (...addrs: string[]) =>
  addrs.map((addr, i) => ({ kind: 'native', level: 4 - i, addr }))
const WALK_7123 = refs('0x100000', '0x101000', '0x102000', '0x103038')
const WALK_2M = refs('0x100000', '0x101000', '0x102008')

describe('paging-native.vms: 4-level paging on real tables', () => {
  const { json, error } = runCli(source)
  const at = (line: number): JsonObject | undefined => json.find((j) => j.line === line)

  it('runs every line', () => {
    expect(error).toBeNull()
    expect(json.every((j) => j.ok === true)).toBe(true)
  })

  it('map allocates PML4, PDPT, PD, PT from 1 MiB and loads CR3; the 2M page is a PDE', () => {
    expect(at(4)).toMatchObject({
      cmd: 'map',
      cr3: '0x100000',
      leaf: '0x103038',
      tables: ['0x100000', '0x101000', '0x102000', '0x103000'],
      size: '4K',
      flags: 'w u',
    })
    expect(at(6)).toMatchObject({ leaf: '0x102008', size: '2M', tables: [] })
  })

  it('a miss walks four levels, a hit makes no references', () => {
    expect(at(8)).toMatchObject({ result: 'ok', pa: '0xa123', tlb: 'miss', refs: WALK_7123 })
    expect(at(8)?.fault).toBeUndefined()
    expect(at(10)).toMatchObject({ result: 'ok', pa: '0xa123', tlb: 'hit', refs: [] })
  })

  it('a write through a leaf cached clean misses and walks again to set D', () => {
    expect(at(12)).toMatchObject({ result: 'ok', tlb: 'miss', refs: WALK_7123 })
  })

  it('not present: error code 6 (W/R | U/S), CR2 = the address, PTE at 0x103048', () => {
    expect(at(14)).toMatchObject({
      result: 'fault',
      tlb: 'miss',
      fault: { vector: 14, errorCode: 6, cr2: '0x9000', reason: 'not-present' },
      refs: refs('0x100000', '0x101000', '0x102000', '0x103048'),
    })
    expect(at(14)?.pa).toBeUndefined()
  })

  it('write-protect (CR0.WP=1): error code 3; user read of a supervisor page: 5', () => {
    expect(at(16)).toMatchObject({
      result: 'fault',
      fault: { vector: 14, errorCode: 3, cr2: '0x200010', reason: 'write-protect', level: 2 },
      refs: WALK_2M,
    })
    expect(at(18)).toMatchObject({
      fault: { vector: 14, errorCode: 5, cr2: '0x200010', reason: 'user-supervisor' },
      refs: WALK_2M,
    })
  })

  it('the 2M page translates with three references; CR0.WP=0 lets the kernel write it', () => {
    expect(at(20)).toMatchObject({ result: 'ok', pa: '0x400010', size: '2M', refs: WALK_2M })
    expect(at(22)).toMatchObject({ cmd: 'cr0.wp', bit: 'cr0.wp', value: false })
    expect(at(23)).toMatchObject({ result: 'ok', pa: '0x400010', tlb: 'miss' })
  })

  it('invlpg drops one entry: the next access misses, the one after hits', () => {
    expect(at(25)).toMatchObject({ cmd: 'invlpg', flushed: 1, kept: 1 })
    expect(at(26)).toMatchObject({ tlb: 'miss', refs: WALK_7123 })
    expect(at(27)).toMatchObject({ tlb: 'hit', refs: [] })
  })
})

describe('routing: native paging engine vs the guest model', () => {
  it('after vm NAME, map and access act on the guest model (no refs, gpa field)', () => {
    const { json } = runCli('vm g\nmap 0x7000 0xa000 w u\nhost map 0xa000 0x14000\naccess 0x7123')
    expect(json[1]).toEqual({
      line: 2,
      cmd: 'map',
      ok: true,
      va: '0x7000',
      pa: '0xa000',
      size: '4K',
      flags: 'w u',
      replaced: 0,
    })
    expect(json[3]).toMatchObject({ result: 'ok', pa: '0x14123', gpa: '0xa123' })
    expect(json[3]?.refs).toBeUndefined()
  })

  it('vm native goes back to the paging engine', () => {
    const { json } = runCli('vm g\nvm native\nmap 0x7000 0xa000\naccess 0x7000')
    expect(json[3]).toMatchObject({ result: 'ok', pa: '0xa000', tlb: 'miss', refs: WALK_7123 })
  })

  it('a guest has no 4M pages; native access before any map names CR3', () => {
    expect(runCli('vm g\nmap 0x400000 0x400000 size=4M').error).toBe(
      'map: 4M pages do not exist in x86-64 paging',
    )
    expect(runCli('access 0x1000').error).toBe(
      "access: CR3 has not been loaded: use 'cr3 ADDR' or 'map' first",
    )
  })

  it('native cr0.wp also sets the bit the guest model reads', () => {
    const r = runScript('cr0.wp off')
    expect(r.machine.paging.control.cr0Wp).toBe(false)
    expect(r.machine.addr.control.cr0Wp).toBe(false)
  })
})
