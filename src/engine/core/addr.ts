// Branded address spaces: passing a guest-physical address where a host-physical one is
// expected is a type error. That separation is the teaching point of the whole product.
//
// Which brand each module uses (test/addr-brands.test.ts proves the separation holds):
// - Gva: every linear address an x86 walk translates (the VA of an access, CR2, INVLPG's
//   operand, TLB entries' pages), in paging/, ept/, shadow/, xenpv/ and addrspace/.
// - Gpa: the physical addresses paging/ reads and produces: what its tables hold, its TLB's
//   frames, its `poke`. paging/ is the guest OS's view of its own memory; natively there is
//   no second level, so that view is also the machine's, and paging/ does not need to know.
//   The shadow VMM's software walk and EPT's guest dimension read the same Gpa tables.
// - Hpa: host-physical (machine) memory behind a hypervisor: the P2M's targets, EPT entries
//   and the EPTP root, the shadow tables and the real CR3 under shadow, `host poke`.
// - Xen PV (xenpv/): a PV guest's tables hold machine addresses. Xen's "machine address" is the
//   host-physical address, so it is Hpa too (no separate brand: one space, one brand), and a
//   machine frame number is an Mfn (page_info's index, the MFNs of mmu_update/mmuext).
// - Gfn: a guest frame number (Gpa >> 12): the P2M's key.
// Two places run paging/'s walk on tables that are not guest-physical: the hardware walk of
// the shadow tables (host memory) and xen-pv's direct paging (machine memory). Those modules
// re-brand at their boundary in named helpers (shadow/apply.ts `onHost`, xenpv/apply.ts
// `machine` and `pagingView`): under xen-pv, paging/'s ops and events (`map VA MA`, `poke`)
// carry machine addresses in their Gpa fields.
// Raw register and entry values (CR3 with its PCID, EPTP with its flags, entry bits, mmu_update
// `ptr` with its command bits) stay plain bigint; so do refusals whose `what` names the space
// (misaligned, address-too-wide) and memory/ (readPhys/writePhys take any bigint, brands
// included). Arithmetic on a brand gives a bigint: wrap the result in the constructor of the
// space it stays in (`gpa(tableBase + index * 8n)`).
declare const brand: unique symbol
type Brand<T, B extends string> = T & { readonly [brand]: B }

/** Guest-virtual (linear) address. */
export type Gva = Brand<bigint, 'Gva'>
/** Guest-physical address (physical as the OS sees it). */
export type Gpa = Brand<bigint, 'Gpa'>
/** Host-physical (machine) address. */
export type Hpa = Brand<bigint, 'Hpa'>
/** Guest frame number: a guest-physical address >> 12 (the P2M's key). */
export type Gfn = Brand<bigint, 'Gfn'>
/** Machine frame number: a host-physical address >> 12 (Xen's MFN). */
export type Mfn = Brand<bigint, 'Mfn'>

export const gva = (v: bigint): Gva => v as Gva
export const gpa = (v: bigint): Gpa => v as Gpa
export const hpa = (v: bigint): Hpa => v as Hpa
export const gfn = (v: bigint): Gfn => v as Gfn
export const mfn = (v: bigint): Mfn => v as Mfn

/** The guest frame holding a guest-physical address, and a guest frame's first byte. */
export const gfnOf = (a: Gpa): Gfn => gfn(a >> 12n)
export const gpaOfGfn = (f: Gfn): Gpa => gpa(f << 12n)
/** The machine frame holding a host-physical address, and a machine frame's first byte. */
export const mfnOf = (a: Hpa): Mfn => mfn(a >> 12n)
export const hpaOfMfn = (f: Mfn): Hpa => hpa(f << 12n)

export const PAGE_SHIFT = 12n
export const PAGE_SIZE_4K = 1n << 12n
export const PAGE_SIZE_2M = 1n << 21n
export const PAGE_SIZE_1G = 1n << 30n

/** Lowercase hex with 0x and no leading zeros, as CONSOLE.md specifies for JSON. */
export function hex(v: bigint): string {
  return '0x' + v.toString(16)
}

/** Page (frame) number of an address in 4 KiB units. */
export function pageNumber(addr: bigint): bigint {
  return addr >> PAGE_SHIFT
}

/**
 * 48-bit canonical check for 4-level paging: bits 63:47 all equal (SDM1 §3.3.7.1).
 */
export function isCanonical48(va: bigint): boolean {
  const top = va >> 47n
  return top === 0n || top === (1n << 17n) - 1n
}

export const U64_MAX = (1n << 64n) - 1n
