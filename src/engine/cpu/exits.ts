// Which guest instructions cause a VM exit under the current VMCS controls, with the exit
// reason and qualification in their real formats (hw-facts §4.5, §4.6, §4.7).
import { EXIT_REASON } from '../vmx/exitReasons.ts'
import {
  CPU_CR3_LOAD_EXITING,
  CPU_CR3_STORE_EXITING,
  CPU_CR8_LOAD_EXITING,
  CPU_HLT_EXITING,
  CPU_INVLPG_EXITING,
  CPU_UNCOND_IO_EXITING,
  CPU_USE_IO_BITMAPS,
  CPU_USE_MSR_BITMAPS,
  PIN_EXT_INTR_EXITING,
} from '../vmx/fields.ts'
import { GPRS, type GuestInstr, type VmxInstrName } from '../vmx/ops.ts'
import type { EffectiveControls } from '../vmx/vmcs.ts'

export interface ExitDecision {
  readonly reason: number
  readonly qualification: bigint
  /** Why the controls made it exit, for narration. */
  readonly because: string
}

const useImmediate = (port: number): boolean => port <= 0xff

/**
 * Instruction length in bytes as an assembler encodes it (SDM Vol. 2 opcode tables):
 * CPUID 0F A2; HLT F4; IN/OUT with imm8 port E4-E7 ib, with DX EC-EF, 66h prefix for 16-bit;
 * MOV CR3,r64 0F 22 /r (REX.B for r8-r15); RDMSR 0F 32; WRMSR 0F 30; VMCALL 0F 01 C1;
 * INVLPG [rax] 0F 01 38; MOV from CR3 0F 20 /r; CLTS 0F 06; LMSW 0F 01 /6; INS/OUTS 6C-6F.
 * An interrupt is not an instruction: null.
 */
export function guestInstrLength(i: GuestInstr): number | null {
  switch (i.op) {
    case 'cpuid':
      return 2
    case 'hlt':
      return 1
    case 'in':
    case 'out':
      return (useImmediate(i.port) ? 2 : 1) + (i.size === 2 ? 1 : 0)
    case 'mov-cr3':
    case 'mov-from-cr3':
      // 0F 22 /r and 0F 20 /r; a REX prefix for r8-r15.
      return GPRS.indexOf(i.reg) >= 8 ? 4 : 3
    case 'mov-to-cr':
      // CR8 is reached through REX.R (44 0F 22 /r): 4 bytes whatever the register.
      return i.cr === 8 || GPRS.indexOf(i.reg) >= 8 ? 4 : 3
    case 'clts':
      return 2 // 0F 06
    case 'lmsw':
      return 3 // 0F 01 /6 (register or [rax])
    case 'ins':
    case 'outs':
      // 6C/6D INS, 6E/6F OUTS; 66h for 16-bit; F3h for REP.
      return 1 + (i.size === 2 ? 1 : 0) + (i.rep ? 1 : 0)
    case 'rdmsr':
    case 'wrmsr':
      return 2
    case 'vmcall':
    case 'invlpg':
      return 3
    case 'vmread':
    case 'vmwrite':
      return VMX_INSTR_EXIT[i.op].length
    case 'interrupt':
      return null
  }
}

/**
 * VMX instructions executed in non-root always exit (hw-facts §4.1), with the reason below
 * (basic exit reasons, hw-facts §4.6: VMCALL 18 ... VMREAD 23, VMWRITE 25 ... INVVPID 53).
 * Lengths assume the memory operand [rax] and register operands: VMXON F3 0F C7 /6 (4),
 * VMCLEAR 66 0F C7 /6 (4), VMPTRLD 0F C7 /6 (3), VMREAD 0F 78 (3), VMWRITE 0F 79 (3),
 * VMLAUNCH/VMRESUME/VMCALL/VMXOFF 0F 01 Cx (3), INVEPT/INVVPID 66 0F 38 8x (5).
 */
export const VMX_INSTR_EXIT: Readonly<Record<VmxInstrName, { reason: number; length: number }>> = {
  vmcall: { reason: EXIT_REASON.VMCALL, length: 3 },
  vmclear: { reason: EXIT_REASON.VMCLEAR, length: 4 },
  vmlaunch: { reason: EXIT_REASON.VMLAUNCH, length: 3 },
  vmptrld: { reason: EXIT_REASON.VMPTRLD, length: 3 },
  vmread: { reason: EXIT_REASON.VMREAD, length: 3 },
  vmresume: { reason: EXIT_REASON.VMRESUME, length: 3 },
  vmwrite: { reason: EXIT_REASON.VMWRITE, length: 3 },
  vmxoff: { reason: EXIT_REASON.VMOFF, length: 3 },
  vmxon: { reason: EXIT_REASON.VMON, length: 4 },
  invept: { reason: EXIT_REASON.INVEPT, length: 5 },
  invvpid: { reason: EXIT_REASON.INVVPID, length: 5 },
}

/**
 * I/O exit qualification (hw-facts §4.7): bits 2:0 size-1 (0, 1, 3), bit 3 direction
 * (1 = IN), bit 4 string, bit 5 REP, bit 6 immediate operand, bits 31:16 port.
 */
export function ioQualification(
  port: number,
  size: 1 | 2 | 4,
  direction: 'in' | 'out',
  immediate: boolean,
  string: { readonly rep: boolean } | null = null,
): bigint {
  let q = BigInt(size - 1)
  if (direction === 'in') q |= 1n << 3n
  if (string) q |= 1n << 4n
  if (string?.rep) q |= 1n << 5n
  if (immediate) q |= 1n << 6n
  return q | (BigInt(port & 0xffff) << 16n)
}

/**
 * Control-register access qualification (hw-facts §4.7): bits 3:0 CR number, bits 5:4 access
 * type (0 MOV to CR, 1 MOV from CR, 2 CLTS, 3 LMSW), bits 11:8 the general register.
 */
export function crQualification(cr: number, accessType: 0 | 1 | 2 | 3, gpr: number): bigint {
  return BigInt(cr & 0xf) | (BigInt(accessType) << 4n) | (BigInt(gpr & 0xf) << 8n)
}

/** LMSW's qualification: access type 3, bit 6 a memory operand, bits 31:16 the source data. */
export const lmswQualification = (source: bigint, memory: boolean): bigint =>
  crQualification(0, 3, 0) | (memory ? 1n << 6n : 0n) | ((source & 0xffffn) << 16n)

const CR0_TS = 1n << 3n

/**
 * SDM3 §25.1.3 for LMSW: an exit if PE is set in both the mask and the source while clear in
 * the read shadow, or if for any of bits 3:0 the mask is 1 and source and shadow differ.
 */
export function lmswExits(source: bigint, mask: bigint, shadow: bigint): boolean {
  if ((mask & 1n) !== 0n && (source & 1n) !== 0n && (shadow & 1n) === 0n) return true
  return (mask & 0xfn & (source ^ shadow)) !== 0n
}

/** The real CR0 after LMSW: bits 3:0 from the source, except PE is never cleared and masked bits stay. */
export function lmswResult(cr0: bigint, source: bigint, mask: bigint): bigint {
  const loaded = (source & 0xfn) | (cr0 & 1n)
  const free = 0xfn & ~mask
  return (cr0 & ~free) | (loaded & free)
}

/** What a guest's MOV to CR0/CR4 leaves in the register: masked bits keep their value. */
export const crWriteResult = (old: bigint, value: bigint, mask: bigint): bigint =>
  (value & ~mask) | (old & mask)

export { CR0_TS }

/** MSR-bitmap byte and bit for an MSR, or null when it is outside both ranges (hw-facts §4.5). */
export function msrBitmapLocation(
  msr: bigint,
  write: boolean,
): { offset: bigint; byte: bigint; bit: number; high: boolean } | null {
  let high: boolean
  if (msr >= 0n && msr <= 0x1fffn) high = false
  else if (msr >= 0xc000_0000n && msr <= 0xc000_1fffn) high = true
  else return null
  // read-low +0, read-high +1024, write-low +2048, write-high +3072
  const offset = (write ? 2048n : 0n) + (high ? 1024n : 0n)
  const n = msr & 0x1fffn
  return { offset, byte: offset + (n >> 3n), bit: Number(n & 7n), high }
}

/** I/O-bitmap byte and bit for a port: A covers 0000-7FFF, B covers 8000-FFFF (§4.5). */
export function ioBitmapLocation(port: number): { bitmap: 'a' | 'b'; byte: bigint; bit: number } {
  const p = port & 0xffff
  const bitmap = p < 0x8000 ? 'a' : 'b'
  const n = bitmap === 'a' ? p : p - 0x8000
  return { bitmap, byte: BigInt(n >> 3), bit: n & 7 }
}

function ioExits(
  port: number,
  size: number,
  c: EffectiveControls,
  readByte: (addr: bigint) => number,
): string | null {
  if ((c.cpu & CPU_USE_IO_BITMAPS) !== 0n) {
    // SDM3 §25.1.3: an access that wraps past port FFFFH always exits with bitmaps in use.
    if (port + size > 0x10000) return 'the access wraps around the 16-bit port space'
    for (let p = port; p < port + size; p++) {
      const loc = ioBitmapLocation(p)
      const base = loc.bitmap === 'a' ? c.ioBitmapA : c.ioBitmapB
      if ((readByte(base + loc.byte) >> loc.bit) & 1) {
        return `bit ${p & 0x7fff} of I/O bitmap ${loc.bitmap.toUpperCase()} is set for port ${p}`
      }
    }
    return null
  }
  return (c.cpu & CPU_UNCOND_IO_EXITING) !== 0n ? 'unconditional I/O exiting is on' : null
}

function msrExits(
  msr: bigint,
  write: boolean,
  c: EffectiveControls,
  readByte: (addr: bigint) => number,
): string | null {
  if ((c.cpu & CPU_USE_MSR_BITMAPS) === 0n) return 'MSR bitmaps are not in use'
  const loc = msrBitmapLocation(msr, write)
  if (!loc) return 'the MSR is outside both bitmap ranges'
  return (readByte(c.msrBitmap + loc.byte) >> loc.bit) & 1
    ? `its bit in the ${write ? 'write' : 'read'}-${loc.high ? 'high' : 'low'} bitmap is set`
    : null
}

/** The exit a guest instruction causes under these controls, or null if it runs in the guest. */
export function guestExit(
  i: GuestInstr,
  c: EffectiveControls,
  readByte: (addr: bigint) => number,
): ExitDecision | null {
  const exit = (reason: number, qualification: bigint, because: string): ExitDecision => ({
    reason,
    qualification,
    because,
  })
  switch (i.op) {
    case 'cpuid':
      return exit(EXIT_REASON.CPUID, 0n, 'CPUID always exits in VMX non-root operation')
    case 'vmcall':
      return exit(EXIT_REASON.VMCALL, 0n, 'VMCALL always exits in VMX non-root operation')
    case 'vmread':
    case 'vmwrite':
      // Basic exit reasons 23 VMREAD, 25 VMWRITE (hw-facts §4.6, SDM3 App. C). Register
      // operands: the exit qualification (a memory operand's displacement) is 0. Only VMCS
      // shadowing (secondary bit 14) could let them run in the guest; the model has none.
      return exit(
        VMX_INSTR_EXIT[i.op].reason,
        0n,
        `${i.op.toUpperCase()} always exits in VMX non-root operation (no VMCS shadowing)`,
      )
    case 'hlt':
      return (c.cpu & CPU_HLT_EXITING) !== 0n
        ? exit(EXIT_REASON.HLT, 0n, 'HLT exiting (primary bit 7) is on')
        : null
    case 'invlpg':
      // Qualification = the linear-address operand (SDM3 §27.2.1).
      return (c.cpu & CPU_INVLPG_EXITING) !== 0n
        ? exit(EXIT_REASON.INVLPG, i.va, 'INVLPG exiting (primary bit 9) is on')
        : null
    case 'mov-cr3': {
      if ((c.cpu & CPU_CR3_LOAD_EXITING) === 0n) return null
      const n = Number(c.cr3TargetCount)
      if (c.cr3Targets.slice(0, n).includes(i.value)) return null
      return exit(
        EXIT_REASON.CR_ACCESS,
        crQualification(3, 0, GPRS.indexOf(i.reg)),
        n === 0
          ? 'CR3-load exiting (primary bit 15) is on and the CR3-target count is 0'
          : 'CR3-load exiting is on and the value matches none of the CR3-target values',
      )
    }
    case 'mov-from-cr3':
      return (c.cpu & CPU_CR3_STORE_EXITING) !== 0n
        ? exit(
            EXIT_REASON.CR_ACCESS,
            crQualification(3, 1, GPRS.indexOf(i.reg)),
            'CR3-store exiting (primary bit 16) is on',
          )
        : null
    case 'mov-to-cr': {
      const q = crQualification(i.cr, 0, GPRS.indexOf(i.reg))
      if (i.cr === 8)
        return (c.cpu & CPU_CR8_LOAD_EXITING) !== 0n
          ? exit(EXIT_REASON.CR_ACCESS, q, 'CR8-load exiting (primary bit 19) is on')
          : null
      const [mask, shadow, name] =
        i.cr === 0 ? [c.cr0Mask, c.cr0Shadow, 'CR0'] : [c.cr4Mask, c.cr4Shadow, 'CR4']
      const differ = (i.value ^ shadow) & mask
      return differ !== 0n
        ? exit(
            EXIT_REASON.CR_ACCESS,
            q,
            `bits 0x${differ.toString(16)} are set in the ${name} guest/host mask and the new value differs from the ${name} read shadow there`,
          )
        : null
    }
    case 'clts':
      return (c.cr0Mask & CR0_TS) !== 0n && (c.cr0Shadow & CR0_TS) !== 0n
        ? exit(
            EXIT_REASON.CR_ACCESS,
            crQualification(0, 2, 0),
            'CR0.TS (bit 3) is set in both the CR0 guest/host mask and the CR0 read shadow',
          )
        : null
    case 'lmsw':
      return lmswExits(i.value, c.cr0Mask, c.cr0Shadow)
        ? exit(
            EXIT_REASON.CR_ACCESS,
            lmswQualification(i.value, i.memory),
            'the source differs from the CR0 read shadow in a bit of 3:0 the CR0 guest/host mask owns',
          )
        : null
    case 'ins':
    case 'outs': {
      const why = ioExits(i.port, i.size, c, readByte)
      return why === null
        ? null
        : exit(
            EXIT_REASON.IO_INSTRUCTION,
            ioQualification(i.port, i.size, i.op === 'ins' ? 'in' : 'out', false, { rep: i.rep }),
            why,
          )
    }
    case 'in':
    case 'out': {
      const why = ioExits(i.port, i.size, c, readByte)
      return why === null
        ? null
        : exit(
            EXIT_REASON.IO_INSTRUCTION,
            ioQualification(i.port, i.size, i.op, useImmediate(i.port)),
            why,
          )
    }
    case 'rdmsr':
    case 'wrmsr': {
      const why = msrExits(i.msr, i.op === 'wrmsr', c, readByte)
      return why === null
        ? null
        : exit(i.op === 'rdmsr' ? EXIT_REASON.MSR_READ : EXIT_REASON.MSR_WRITE, 0n, why)
    }
    case 'interrupt':
      return (c.pin & PIN_EXT_INTR_EXITING) !== 0n
        ? exit(EXIT_REASON.EXTERNAL_INTERRUPT, 0n, 'external-interrupt exiting (pin bit 0) is on')
        : null
  }
}

/**
 * Pre-VT: the vector a ring-1 guest kernel's instruction raises, or null if it simply runs.
 * Privileged instructions (HLT, MOV CR3, RDMSR/WRMSR, INVLPG) and I/O with IOPL < CPL raise
 * #GP(13); VMCALL, VMREAD and VMWRITE without VMX are #UD(6); CPUID is unprivileged and does not trap (a
 * "non-trapping" sensitive instruction, course notes 004 slide 42); an interrupt vectors to
 * the VMM's IDT.
 */
export function preVtTrapVector(i: GuestInstr): number | null {
  switch (i.op) {
    case 'cpuid':
      return null
    case 'vmcall':
    case 'vmread':
    case 'vmwrite':
      return 6
    case 'interrupt':
      return i.vector
    default:
      return 13
  }
}

/** Guest text as typed at the console, for exit logs. */
export function guestInstrText(i: GuestInstr): string {
  const h = (v: bigint | number): string => '0x' + v.toString(16)
  switch (i.op) {
    case 'out':
      return `out ${h(i.port)} ${h(i.value)}`
    case 'in':
      return `in ${h(i.port)}`
    case 'mov-cr3':
      return `mov cr3 ${h(i.value)}`
    case 'mov-to-cr':
      return `mov cr${i.cr} ${h(i.value)}`
    case 'mov-from-cr3':
      return `mov ${i.reg} cr3`
    case 'lmsw':
      return `lmsw ${h(i.value)}${i.memory ? ' memory' : ''}`
    case 'ins':
    case 'outs':
      return `${i.rep ? 'rep ' : ''}${i.op} ${h(i.port)}`
    case 'rdmsr':
      return `rdmsr ${h(i.msr)}`
    case 'wrmsr':
      return `wrmsr ${h(i.msr)} ${h(i.value)}`
    case 'invlpg':
      return `invlpg ${h(i.va)}`
    case 'interrupt':
      return `interrupt ${i.vector}`
    case 'vmread':
      return `vmread ${typeof i.field === 'bigint' ? h(i.field) : i.field}`
    case 'vmwrite':
      return `vmwrite ${typeof i.field === 'bigint' ? h(i.field) : i.field} ${h(i.value)}`
    default:
      return i.op
  }
}
