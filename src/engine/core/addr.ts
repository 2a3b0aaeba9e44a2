// Branded address spaces: passing a guest-physical address where a host-physical one is
// expected is a type error. That separation is the teaching point of the whole product.
declare const brand: unique symbol
type Brand<T, B extends string> = T & { readonly [brand]: B }

/** Guest-virtual (linear) address. */
export type Gva = Brand<bigint, 'Gva'>
/** Guest-physical address (physical as the OS sees it). */
export type Gpa = Brand<bigint, 'Gpa'>
/** Host-physical (machine) address. */
export type Hpa = Brand<bigint, 'Hpa'>

export const gva = (v: bigint): Gva => v as Gva
export const gpa = (v: bigint): Gpa => v as Gpa
export const hpa = (v: bigint): Hpa => v as Hpa

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
