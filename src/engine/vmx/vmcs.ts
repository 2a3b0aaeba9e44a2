// VMCS regions and their field storage. Pure helpers over readonly records (copy on write).
import { type Hpa, hex, hpa } from '../core/addr.ts'
import { MAXPHYADDR } from '../core/errors.ts'
import { F, type VmcsField } from './fields.ts'
import {
  MODEL_VMCS_REVISION_ID,
  REGION_BASE,
  type TlbEntry,
  type VmcsRegion,
  type VmxState,
} from './types.ts'
import type { VmxTarget } from './ops.ts'

export const PAGE = 0x1000n
export const ALL_ONES_64 = 0xffff_ffff_ffff_ffffn

/** A VMX region pointer must be 4 KiB aligned and fit MAXPHYADDR (hw-facts §4.1). */
export function validRegionAddress(addr: bigint): boolean {
  return addr >= 0n && addr % PAGE === 0n && addr >> MAXPHYADDR === 0n
}

export function regionAt(s: VmxState, addr: bigint): VmcsRegion | null {
  return s.regions.find((r) => r.addr === addr) ?? null
}

export function regionNamed(s: VmxState, name: string): VmcsRegion | null {
  const n = name.toLowerCase()
  return s.regions.find((r) => r.name.toLowerCase() === n) ?? null
}

export function currentRegion(s: VmxState): VmcsRegion | null {
  const p = s.cpu.currentVmcs
  return p === null ? null : regionAt(s, p)
}

function nextFreeAddress(s: VmxState): Hpa {
  let a = REGION_BASE
  while (regionAt(s, a)) a += PAGE
  return hpa(a)
}

export function newRegion(name: string, addr: Hpa, revision: number): VmcsRegion {
  return { name, addr, revision, launch: 'clear', active: false, fields: {} }
}

export function putRegion(s: VmxState, r: VmcsRegion): VmxState {
  const i = s.regions.findIndex((x) => x.addr === r.addr)
  if (i < 0) return { ...s, regions: [...s.regions, r] }
  return { ...s, regions: s.regions.map((x, j) => (j === i ? r : x)) }
}

/**
 * A named region is created on first use: the VMM allocates a zeroed 4 KiB page and writes
 * the processor's revision identifier into bytes 0-3 (hw-facts §4.4), as every VMM does.
 */
export function ensureNamed(
  s: VmxState,
  name: string,
): { state: VmxState; region: VmcsRegion; created: boolean } {
  const existing = regionNamed(s, name)
  if (existing) return { state: s, region: existing, created: false }
  const region = newRegion(name, nextFreeAddress(s), MODEL_VMCS_REVISION_ID)
  return { state: putRegion(s, region), region, created: true }
}

/**
 * The address an instruction operand names. A raw address that no region occupies is plain
 * zeroed memory: its revision identifier reads as 0.
 */
export function resolveTarget(
  s: VmxState,
  t: VmxTarget,
): { state: VmxState; addr: bigint; created: VmcsRegion | null } {
  if (t.by === 'name') {
    const r = ensureNamed(s, t.name)
    return { state: r.state, addr: r.region.addr, created: r.created ? r.region : null }
  }
  return { state: s, addr: t.addr, created: null }
}

/** The region at a valid address, materialising zeroed memory as an unnamed region. */
export function regionForAddress(
  s: VmxState,
  addr: bigint,
): { state: VmxState; region: VmcsRegion } {
  const r = regionAt(s, addr)
  if (r) return { state: s, region: r }
  const region = newRegion(hex(addr), hpa(addr), 0)
  return { state: putRegion(s, region), region }
}

/** Raw storage of a full field (missing = 0). */
export function rawField(r: VmcsRegion, encoding: number): bigint {
  return r.fields[encoding] ?? 0n
}

/** The value VMREAD returns: a '_HIGH' access reads bits 63:32 of the 64-bit field. */
export function readField(r: VmcsRegion, f: VmcsField): bigint {
  if (f.access === 'high') return rawField(r, f.encoding - 1) >> 32n
  return rawField(r, f.encoding)
}

/**
 * Stores a value as VMWRITE does: bits beyond the field's width are ignored (SDM2 VMWRITE);
 * a '_HIGH' access replaces bits 63:32 and keeps 31:0.
 */
export function writeField(r: VmcsRegion, f: VmcsField, value: bigint): VmcsRegion {
  if (f.access === 'high') {
    const full = f.encoding - 1
    const low = rawField(r, full) & 0xffff_ffffn
    return setRaw(r, full, ((value & 0xffff_ffffn) << 32n) | low)
  }
  const mask = f.width === '16-bit' ? 0xffffn : f.width === '32-bit' ? 0xffff_ffffn : ALL_ONES_64
  return setRaw(r, f.encoding, value & mask)
}

export function setRaw(r: VmcsRegion, encoding: number, value: bigint): VmcsRegion {
  return { ...r, fields: { ...r.fields, [encoding]: value } }
}

/** Controls as the processor sees them; secondary controls count only if bit 31 is set. */
export interface EffectiveControls {
  readonly pin: bigint
  readonly cpu: bigint
  readonly secondary: bigint
  readonly exit: bigint
  readonly entry: bigint
  readonly vpid: number
  readonly eptp: bigint
  readonly cr3TargetCount: bigint
  readonly cr3Targets: readonly bigint[]
  /** CR0/CR4 guest/host masks and read shadows (SDM3 §25.3, hw-facts §4.5). */
  readonly cr0Mask: bigint
  readonly cr0Shadow: bigint
  readonly cr4Mask: bigint
  readonly cr4Shadow: bigint
  readonly ioBitmapA: bigint
  readonly ioBitmapB: bigint
  readonly msrBitmap: bigint
}

export function effectiveControls(r: VmcsRegion): EffectiveControls {
  const cpu = rawField(r, F.CPU_BASED.encoding)
  // SDM3 §24.6.2: with "activate secondary controls" = 0 the processor acts as if every
  // secondary control were 0 (hw-facts §4.5 lists bit 31 as that switch).
  const secondary = (cpu & (1n << 31n)) !== 0n ? rawField(r, F.SECONDARY.encoding) : 0n
  return {
    pin: rawField(r, F.PIN_BASED.encoding),
    cpu,
    secondary,
    exit: rawField(r, F.VM_EXIT_CONTROLS.encoding),
    entry: rawField(r, F.VM_ENTRY_CONTROLS.encoding),
    vpid: Number(rawField(r, F.VPID.encoding)),
    eptp: rawField(r, F.EPT_POINTER.encoding),
    cr3TargetCount: rawField(r, F.CR3_TARGET_COUNT.encoding),
    cr3Targets: F.CR3_TARGET_VALUES.map((f) => rawField(r, f.encoding)),
    cr0Mask: rawField(r, F.CR0_GUEST_HOST_MASK.encoding),
    cr0Shadow: rawField(r, F.CR0_READ_SHADOW.encoding),
    cr4Mask: rawField(r, F.CR4_GUEST_HOST_MASK.encoding),
    cr4Shadow: rawField(r, F.CR4_READ_SHADOW.encoding),
    ioBitmapA: rawField(r, F.IO_BITMAP_A.encoding),
    ioBitmapB: rawField(r, F.IO_BITMAP_B.encoding),
    msrBitmap: rawField(r, F.MSR_BITMAP.encoding),
  }
}

export const vpidEnabled = (c: EffectiveControls): boolean => (c.secondary & (1n << 5n)) !== 0n
export const eptEnabled = (c: EffectiveControls): boolean => (c.secondary & (1n << 1n)) !== 0n

/** The VPID guest translations carry: 0000H unless enable VPID = 1 (hw-facts §7). */
export const currentVpid = (c: EffectiveControls): number => (vpidEnabled(c) ? c.vpid : 0)

export function readByte(s: VmxState, addr: bigint): number {
  return s.memory[hex(addr)] ?? 0
}

export function writeBit(s: VmxState, addr: bigint, bit: number, on: boolean): VmxState {
  const old = readByte(s, addr)
  const b = on ? old | (1 << bit) : old & ~(1 << bit)
  return { ...s, memory: { ...s.memory, [hex(addr)]: b } }
}

export function addTlb(s: VmxState, e: TlbEntry): VmxState {
  const dup = s.tlb.some((t) => t.vpid === e.vpid && t.page === e.page && t.eptp === e.eptp)
  return dup ? s : { ...s, tlb: [...s.tlb, e] }
}

export function removeTlb(
  s: VmxState,
  drop: (e: TlbEntry) => boolean,
): { state: VmxState; removed: number } {
  const kept = s.tlb.filter((e) => !drop(e))
  const removed = s.tlb.length - kept.length
  return { state: removed === 0 ? s : { ...s, tlb: kept }, removed }
}
