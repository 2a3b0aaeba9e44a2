// The guest-kernel CPU model's state: one program, the way it runs, and the two CPUs the
// issue asks to keep apart: `real` (what the hardware holds) and `virt` (what the guest
// believes, the VMM's virtual CPU). Under native and VT-x they are the same registers.
import type { AsmLine } from './asm.ts'
import type { Bits, SegReg } from './isa.ts'

/** The segment registers besides CS. */
export type DataSeg = Exclude<SegReg, 'cs'>
export const KERNEL_DS = 0x10
export const USER_DS = 0x23
/** Flat data segments with SS = `ss`. */
export const flatSegs = (ss: number): Readonly<Record<DataSeg, number>> => ({
  ss,
  ds: KERNEL_DS,
  es: KERNEL_DS,
  fs: KERNEL_DS,
  gs: KERNEL_DS,
})

export const WAYS = ['native', 'trap', 'bt', 'pv', 'vt-x'] as const
export type Way = (typeof WAYS)[number]

export interface ProgramLine extends AsmLine {
  /** 1-based line number in the program (the n-th `asm` line). */
  readonly line: number
  readonly source: string
}

export interface Program {
  readonly bits: Bits
  readonly lines: readonly ProgramLine[]
}

/**
 * A GDT descriptor as far as the model needs it: its DPL, whether it is code (code is never
 * writable, data always is here) and its byte-granular limit (what LSL returns).
 */
export interface Descriptor {
  readonly dpl: 0 | 1 | 2 | 3
  readonly code: boolean
  readonly limit: bigint
}

export interface TableReg {
  readonly base: bigint
  readonly limit: number
}

/** System state of one CPU (real or virtual). */
export interface Sys {
  readonly rflags: bigint
  /** CS selector; bits 1:0 are the CPL. */
  readonly cs: number
  readonly cr0: bigint
  readonly cr3: bigint
  readonly cr4: bigint
  readonly gdtr: TableReg
  readonly idtr: TableReg
  /** Task register selector. */
  readonly tr: number
  /** LDTR selector (0: no LDT, as Linux and the VMMs here run). */
  readonly ldtr: number
  /** The other segment registers' selectors (SS's RPL is the CPL; the rest are flat data). */
  readonly seg: Readonly<Record<DataSeg, number>>
  /** GDT descriptors by index (selector >> 3). */
  readonly gdt: Readonly<Record<number, Descriptor>>
}

export interface Counts {
  readonly instructions: number
  /** #GP/#UD into the VMM (trap-and-emulate, PV emulation). */
  readonly traps: number
  readonly emulated: number
  /** Faults and interrupts the VMM passes into the guest's own IDT. */
  readonly reflected: number
  readonly divergences: number
  readonly exits: number
  readonly translations: number
  readonly tcHits: number
  readonly tcMisses: number
  readonly chains: number
  readonly inTc: number
  readonly callouts: number
  readonly hypercalls: number
  readonly injected: number
  /** Sum of the cited per-event cycle figures (approximate, AA06 §3.2/§6). */
  readonly cycles: number
  /** Events that cost something no cited figure covers. */
  readonly uncited: number
}

export const ZERO_COUNTS: Counts = {
  instructions: 0,
  traps: 0,
  emulated: 0,
  reflected: 0,
  divergences: 0,
  exits: 0,
  translations: 0,
  tcHits: 0,
  tcMisses: 0,
  chains: 0,
  inTc: 0,
  callouts: 0,
  hypercalls: 0,
  injected: 0,
  cycles: 0,
  uncited: 0,
}

/** How binary translation rewrote one guest instruction (AA06 §3.1). */
export type TranslationKind = 'ident' | 'in-tc' | 'callout' | 'branch'

export interface TranslatedInstr {
  /** Index of the program line. */
  readonly index: number
  readonly guest: string
  readonly kind: TranslationKind
  /** The code placed in the translation cache for it. */
  readonly out: readonly string[]
}

/** A compiled code fragment in the translation cache. */
export interface Ccf {
  /** Program line index where the translation unit starts (its guest PC). */
  readonly start: number
  readonly tcAddr: bigint
  readonly instrs: readonly TranslatedInstr[]
}

export interface GuestState {
  readonly program: Program
  readonly way: Way
  /** CR4.UMIP set on the real CPU by the VMM (the later hardware fix, hw-facts-2 §1.1). */
  readonly umip: boolean
  /** Program line index of the next instruction. */
  readonly pc: number
  readonly gpr: readonly bigint[]
  /** Guest memory as word cells keyed by hex address (the model's memory is word-granular). */
  readonly mem: Readonly<Record<string, bigint>>
  /** Last value written to each I/O port. */
  readonly io: Readonly<Record<number, bigint>>
  readonly real: Sys
  readonly virt: Sys
  readonly halted: boolean
  /** Why the guest cannot go on (no handler for a fault, a jump outside the program); null runs. */
  readonly stopped: string | null
  /** Interrupts waiting for (virtual) IF = 1, oldest first. */
  readonly pending: readonly number[]
  /** STI's one-instruction interrupt shadow (SDM2 STI). */
  readonly shadow: boolean
  readonly tc: readonly Ccf[]
  /** Direct jumps patched to jump CCF to CCF: "from->to" program indices. */
  readonly chained: readonly string[]
  /** BT: the CCF (by its start) the guest is executing, null outside the cache. */
  readonly btBlock: number | null
  /** BT: how the last CCF was left (a direct branch can be chained, an indirect one looks up). */
  readonly btFrom: { readonly from: number; readonly direct: boolean } | null
  /** VT-x: the VMCS (in the vmx module) whose controls decide exits. */
  readonly vmcs: string | null
  /** VT-x: the VMM asked for interrupt-window exiting (a queued interrupt, guest IF = 0). */
  readonly window: boolean
  /** The time-stamp counter the guest reads (one tick per retired instruction in the model). */
  readonly tsc: bigint
  readonly counts: Counts
}

export const KERNEL_CS = 0x08
export const USER_CS = 0x1b
export const TR_SELECTOR = 0x28

/** Where things sit in the guest's address space (model addresses, Linux-like). */
export const LAYOUT = {
  32: { code: 0xc010_0000n, data: 0xc020_0000n, stack: 0xc028_0000n, tc: 0xffc0_0000n },
  64: {
    code: 0xffff_ffff_8100_0000n,
    data: 0xffff_ffff_8110_0000n,
    stack: 0xffff_ffff_8118_0000n,
    tc: 0xffff_8000_0010_0000n,
  },
} as const

export const RFLAGS = {
  CF: 1n << 0n,
  PF: 1n << 2n,
  AF: 1n << 4n,
  ZF: 1n << 6n,
  SF: 1n << 7n,
  TF: 1n << 8n,
  IF: 1n << 9n,
  DF: 1n << 10n,
  OF: 1n << 11n,
  IOPL: 3n << 12n,
  NT: 1n << 14n,
  RF: 1n << 16n,
  VM: 1n << 17n,
  AC: 1n << 18n,
  VIF: 1n << 19n,
  VIP: 1n << 20n,
  ID: 1n << 21n,
} as const
/** Arithmetic status flags: the guest's own in every way (the VMM never virtualizes them). */
export const STATUS_FLAGS =
  RFLAGS.CF | RFLAGS.PF | RFLAGS.AF | RFLAGS.ZF | RFLAGS.SF | RFLAGS.DF | RFLAGS.OF
/** Bit 1 of RFLAGS always reads 1 (hw-facts-2 §1.1). */
export const RFLAGS_FIXED = 0x2n
export const CR4_UMIP = 1n << 11n

export const iopl = (rflags: bigint): number => Number((rflags >> 12n) & 3n)
export const ifBit = (rflags: bigint): 0 | 1 => ((rflags & RFLAGS.IF) !== 0n ? 1 : 0)
export const cplOf = (s: Sys): 0 | 1 | 2 | 3 => (s.cs & 3) as 0 | 1 | 2 | 3
export const memKey = (a: bigint): string => '0x' + a.toString(16)

const FLAT = 0xffff_ffffn
const GUEST_GDT: Readonly<Record<number, Descriptor>> = {
  1: { dpl: 0, code: true, limit: FLAT },
  2: { dpl: 0, code: false, limit: FLAT },
  3: { dpl: 3, code: true, limit: FLAT },
  4: { dpl: 3, code: false, limit: FLAT },
  5: { dpl: 0, code: false, limit: 0x67n }, // the TSS: 104 bytes
}
/** A 32-bit VMM truncates every guest segment below the 4 MiB it keeps (hw-facts-2 §1.1). */
export const TRUNCATED_LIMIT = 0xffbf_ffffn

/** What the guest kernel sets up for itself, as on bare metal. */
export function guestSys(bits: Bits): Sys {
  const L = LAYOUT[bits]
  return {
    rflags: RFLAGS_FIXED | RFLAGS.IF,
    cs: KERNEL_CS,
    cr0: 0x8000_0011n, // PG | ET | PE
    cr3: 0x0010_0000n,
    cr4: bits === 64 ? 0x20n : 0x10n, // PAE | PSE
    gdtr: { base: L.data + 0x1000n, limit: 6 * 8 - 1 },
    idtr: { base: L.data + 0x2000n, limit: bits === 64 ? 256 * 16 - 1 : 256 * 8 - 1 },
    tr: TR_SELECTOR,
    ldtr: 0,
    seg: flatSegs(KERNEL_DS),
    gdt: GUEST_GDT,
  }
}

/**
 * The real CPU while a deprivileged guest kernel runs: CS RPL = the ring, IF = 1 and IOPL = 0
 * (the VMM keeps interrupts for itself), the VMM's own CR0/CR4, CR3 (a shadow root) and
 * descriptor tables, and the guest's DPL 0 descriptors compressed to the guest's ring as the
 * VMM's copy of the GDT holds them (hw-facts-2 §1.1 ring compression). Model addresses.
 */
export function deprivilegedSys(bits: Bits, ring: 1 | 3, umip: boolean): Sys {
  const gdt: Record<number, Descriptor> = {}
  for (const [k, d] of Object.entries(GUEST_GDT)) {
    const limit = bits === 32 && d.limit === FLAT ? TRUNCATED_LIMIT : d.limit
    gdt[Number(k)] = d.dpl === 0 ? { ...d, dpl: ring, limit } : { ...d, limit }
  }
  const vmm = bits === 64 ? 0xffff_8000_0000_0000n : 0xffc0_0000n
  return {
    rflags: RFLAGS_FIXED | RFLAGS.IF,
    cs: KERNEL_CS | ring,
    cr0: 0x8005_0033n, // PG | AM | WP | NE | ET | MP | PE
    cr3: 0x0070_0000n,
    cr4: (bits === 64 ? 0x6b0n : 0x690n) | (umip ? CR4_UMIP : 0n),
    gdtr: { base: vmm + 0x1000n, limit: 0xfff },
    idtr: { base: vmm + 0x2000n, limit: bits === 64 ? 0xfff : 0x7ff },
    tr: 0xe040,
    ldtr: 0,
    seg: flatSegs(KERNEL_DS | ring),
    gdt,
  }
}

export const ringOf = (bits: Bits): 1 | 3 => (bits === 32 ? 1 : 3)

export const emptyProgram: Program = { bits: 32, lines: [] }

export function bootState(
  program: Program,
  way: Way,
  umip: boolean,
  vmcs: string | null,
): GuestState {
  const g = guestSys(program.bits)
  const deprivileged = way === 'trap' || way === 'bt' || way === 'pv'
  // r8-r15 exist in 64-bit code only.
  const gpr = Array.from({ length: program.bits === 64 ? 16 : 8 }, (_, i) =>
    i === 4 ? LAYOUT[program.bits].stack : 0n,
  )
  return {
    program,
    way,
    umip,
    pc: 0,
    gpr,
    mem: {},
    io: {},
    real: deprivileged ? deprivilegedSys(program.bits, ringOf(program.bits), umip) : g,
    virt: g,
    halted: false,
    stopped: null,
    pending: [],
    shadow: false,
    tc: [],
    chained: [],
    btBlock: null,
    btFrom: null,
    vmcs,
    window: false,
    tsc: 0n,
    counts: ZERO_COUNTS,
  }
}

export const initialGuestState: GuestState = bootState(emptyProgram, 'native', false, null)
