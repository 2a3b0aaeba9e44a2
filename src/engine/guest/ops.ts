import type { KindSet } from '../core/module.ts'
import type { Bits } from './isa.ts'
import type { Way } from './types.ts'

export type GuestOp =
  /** A new, empty program of the given width. */
  | { readonly kind: 'guest.program'; readonly bits: Bits }
  /**
   * Appends one program line: `text` as typed, starting at console column `column` (the
   * engine assembles it for the program's width; the console checks the syntax first).
   */
  | { readonly kind: 'guest.asm'; readonly text: string; readonly column: number }
  /** Picks the way to run the kernel and boots it (program kept). */
  | { readonly kind: 'guest.way'; readonly way: Way; readonly umip: boolean }
  /** Runs `count` instructions (or deliveries of pending interrupts). */
  | { readonly kind: 'guest.step'; readonly count: number }
  /** Runs until HLT with nothing pending, a stop, or `limit` steps. */
  | { readonly kind: 'guest.run'; readonly limit: number }
  /** A device raises interrupt `vector`. */
  | { readonly kind: 'guest.irq'; readonly vector: number }
  /** Runs the program from boot under every way and tabulates the costs. */
  | { readonly kind: 'guest.compare'; readonly limit: number }

export const GUEST_OP_KINDS = {
  'guest.program': true,
  'guest.asm': true,
  'guest.way': true,
  'guest.step': true,
  'guest.run': true,
  'guest.irq': true,
  'guest.compare': true,
} as const satisfies KindSet<GuestOp['kind']>

/** The most steps one `run` or `compare` takes (a program that never halts stops here). */
export const MAX_RUN = 100_000
/** The most per-instruction events one `stepi` makes. */
export const MAX_STEP = 64
