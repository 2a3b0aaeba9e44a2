// One step of the guest kernel under each way of running it (hw-facts-2 §1.5-1.7, §1.4):
// native, trap-and-emulate, binary translation (AA06), paravirtualization (Xen) and VT-x.
// Every instruction is also run as bare metal would run it on the guest's own (virtual) CPU;
// where the real run leaves a different guest-visible state the step says so (a divergence).
import { crQualification, guestExit } from '../cpu/exits.ts'
import { EXIT_REASON, EXIT_REASON_DESCRIPTIONS, exitReasonName } from '../vmx/exitReasons.ts'
import { F, fieldByName } from '../vmx/fields.ts'
import { GPRS, type GuestInstr } from '../vmx/ops.ts'
import type { VmxState } from '../vmx/types.ts'
import {
  type EffectiveControls,
  effectiveControls,
  putRegion,
  rawField,
  readByte,
  regionNamed,
  setRaw,
} from '../vmx/vmcs.ts'
import { MMUEXT } from '../xenpv/types.ts'
import type { GuestCitationId } from './cite.ts'
import type {
  Snapshot,
  CpuView,
  ExitInfo,
  GuestEvent,
  HypercallInfo,
  InstrEvent,
  Outcome,
} from './events.ts'
import { type Ctx, type Exec, GP, deliver, exec, layout, type Layout, nextInstr } from './exec.ts'
import { type Classification, type Instr, classify, endsUnit, isJcc } from './isa.ts'
import {
  type Ccf,
  type Counts,
  type GuestState,
  LAYOUT,
  RFLAGS,
  KERNEL_CS,
  KERNEL_DS,
  STATUS_FLAGS,
  type Sys,
  USER_CS,
  type TranslatedInstr,
  cplOf,
  ifBit,
  iopl,
  ringOf,
} from './types.ts'

/**
 * Cycle figures with a source (AA06 §3.2 and §6, 3.8 GHz Pentium 4, approximate: hw-facts-2
 * §1.6 marks them (R)). Events without a figure are counted as `uncited`, never guessed.
 */
export const CYCLES = {
  /** rdtsc by trap-and-emulate (AA06 §3.2): the model's figure for one trap into the VMM. */
  trap: 2030,
  /** rdtsc by callout-and-emulate (AA06 §3.2). */
  callout: 1254,
  /** rdtsc emulated inside the translation cache (AA06 §3.2). */
  inTc: 216,
  /** `in` from port 0x80: native 3209, hardware VMM 15826 (AA06 §6). */
  ioNative: 3209,
  ioExit: 15826,
  /** `syscall`: native 242 (AA06 §6). */
  syscallNative: 242,
} as const

/** Xen hypercall numbers the PV kernel uses (xen.h, hw-facts-2 §1.7). */
export const XEN_HYPERCALL: Readonly<Record<number, string>> = {
  0: 'set_trap_table',
  1: 'mmu_update',
  2: 'set_gdt',
  5: 'fpu_taskswitch',
  13: 'multicall',
  17: 'xen_version',
  23: 'iret',
  26: 'mmuext_op',
  29: 'sched_op',
}
const SCHEDOP_BLOCK = 1
const DOMID_SELF = 0x7ff0

/** The hypercall page sits one page below the program in the model. */
export const hypercallPage = (bits: 32 | 64): bigint => LAYOUT[bits].code - 0x1000n

/** The 32-byte stub for hypercall `nr` (X-hc `pv_ring1/ring3_init_hypercall_page`). */
export function stubBytes(nr: number, bits: 32 | 64): number[] {
  const n = [nr & 0xff, (nr >> 8) & 0xff, 0, 0]
  // 32-bit PV: mov $nr,%eax; int $0x82; ret. 64-bit PV: push %rcx; push %r11; mov $nr,%eax;
  // syscall; pop %r11; pop %rcx; ret.
  return bits === 32
    ? [0xb8, ...n, 0xcd, 0x82, 0xc3]
    : [0x51, 0x41, 0x53, 0xb8, ...n, 0x0f, 0x05, 0x41, 0x5b, 0x59, 0xc3]
}

export function hypercallInfo(nr: number, bits: 32 | 64, args: readonly string[]): HypercallInfo {
  const regs =
    bits === 32 ? ['ebx', 'ecx', 'edx', 'esi', 'edi'] : ['rdi', 'rsi', 'rdx', 'r10', 'r8']
  return {
    nr,
    name: XEN_HYPERCALL[nr] ?? `hypercall ${nr}`,
    stub: hypercallPage(bits) + BigInt(32 * nr),
    bytes: stubBytes(nr, bits),
    trap: bits === 32 ? 'int $0x82' : 'syscall',
    args: args.map((a, i) => `${regs[i] ?? '?'} = ${a}`),
    numberReg: bits === 32 ? 'eax' : 'rax',
  }
}

/** The state after a step, carried by its event (Snapshot in events.ts). */
export function snapshot(s: GuestState): Snapshot {
  return {
    next: s.stopped === null && !s.halted ? s.pc : -1,
    tcSize: s.tc.length,
    chainedSize: s.chained.length,
    pending: s.pending,
    halted: s.halted,
    counts: s.counts,
    real: cpuView(s.real),
    virt: cpuView(s.virt),
  }
}

export function cpuView(s: Sys): CpuView {
  return {
    if: ifBit(s.rflags),
    iopl: iopl(s.rflags),
    cpl: cplOf(s),
    vif: (s.rflags & RFLAGS.VIF) !== 0n ? 1 : 0,
    vip: (s.rflags & RFLAGS.VIP) !== 0n ? 1 : 0,
    rflags: s.rflags,
    cs: s.cs,
    cr0: s.cr0,
    cr3: s.cr3,
    cr4: s.cr4,
    gdtr: s.gdtr.base,
    idtr: s.idtr.base,
  }
}

const add = (c: Counts, d: Partial<Counts>): Counts => {
  const out: Record<string, number> = { ...c }
  for (const [k, v] of Object.entries(d)) out[k] = (out[k] ?? 0) + (v ?? 0)
  return out as unknown as Counts
}

type OkExec = Extract<Exec, { t: 'ok' }>

function ctxOf(s: GuestState, lay: Layout, sys: Sys): Ctx {
  return { program: s.program, lay, pc: s.pc, gpr: s.gpr, mem: s.mem, io: s.io, sys, tsc: s.tsc }
}

/** The guest's view after running on the real CPU: its status flags are real, IF/IOPL virtual. */
const withStatus = (virt: Sys, from: Sys): Sys => ({
  ...virt,
  rflags: (virt.rflags & ~STATUS_FLAGS) | (from.rflags & STATUS_FLAGS),
})

/** Applies a result computed on the virtual CPU (the VMM emulated it, or BT translated it). */
function takeVirtual(s: GuestState, r: OkExec): GuestState {
  const same = s.way === 'native' || s.way === 'vt-x'
  // Deprivileged, the real CS follows the guest's virtual ring: its kernel runs in the
  // compressed ring, its user code in ring 3.
  const user = cplOf(r.sys) === 3
  const cs = user ? USER_CS : KERNEL_CS | ringOf(s.program.bits)
  // The real SS follows the same way: the guest's own in user mode, the compressed ring's else.
  const ss = user ? r.sys.seg.ss : KERNEL_DS | ringOf(s.program.bits)
  return {
    ...s,
    gpr: r.gpr,
    mem: r.mem,
    io: r.io,
    pc: r.pc,
    halted: r.halt,
    shadow: r.sti,
    virt: r.sys,
    real: same ? r.sys : { ...withStatus(s.real, r.sys), cs, seg: { ...r.sys.seg, ss } },
  }
}

/**
 * The instruction ran on the deprivileged CPU without a trap: the guest keeps what the CPU did
 * (its status flags shown on the virtual CPU), and what bare metal would have done otherwise
 * is a divergence, counted.
 */
function ranUntrapped(
  out: GuestState,
  s: GuestState,
  want: OkExec,
  got: OkExec,
  lay: Layout,
): { state: GuestState; diverged: string[] } {
  const diverged = differences(s, want, got, lay)
  const state: GuestState = {
    ...out,
    gpr: got.gpr,
    mem: got.mem,
    io: got.io,
    pc: got.pc,
    halted: got.halt,
    real: got.sys,
    // The data segments it loaded are the guest's own; SS in kernel mode keeps the guest's RPL.
    virt: {
      ...withStatus(s.virt, got.sys),
      seg: { ...got.sys.seg, ss: cplOf(got.sys) === 3 ? got.sys.seg.ss : s.virt.seg.ss },
    },
  }
  return {
    state:
      diverged.length > 0 ? { ...state, counts: add(state.counts, { divergences: 1 }) } : state,
    diverged,
  }
}

/** What differs in the guest-visible state between bare metal (`want`) and what happened. */
function differences(s: GuestState, want: OkExec, got: OkExec, lay: Layout): string[] {
  const out: string[] = []
  const regs =
    s.program.bits === 32 ? ['eax', 'ecx', 'edx', 'ebx', 'esp', 'ebp', 'esi', 'edi'] : GPRS
  want.gpr.forEach((v, i) => {
    if (got.gpr[i] !== v)
      out.push(`${regs[i] ?? '?'}: ${hx(v)} on bare metal, ${hx(got.gpr[i] ?? 0n)} here`)
  })
  const keys = new Set([...Object.keys(want.mem), ...Object.keys(got.mem)])
  for (const k of keys)
    if (want.mem[k] !== got.mem[k])
      out.push(
        `memory [${k}]: ${hx(want.mem[k] ?? 0n)} on bare metal, ${hx(got.mem[k] ?? 0n)} here`,
      )
  const after = withStatus(s.virt, got.sys)
  if (ifBit(want.sys.rflags) !== ifBit(after.rflags))
    out.push(
      `IF: the guest set ${ifBit(want.sys.rflags)}, the CPU ignored it and the VMM never saw it (IF stays ${ifBit(after.rflags)})`,
    )
  if (iopl(want.sys.rflags) !== iopl(after.rflags))
    out.push(`IOPL: ${iopl(want.sys.rflags)} on bare metal, unchanged (${iopl(after.rflags)}) here`)
  if ((want.sys.rflags & STATUS_FLAGS) !== (after.rflags & STATUS_FLAGS))
    out.push(
      `status flags: ${hx(want.sys.rflags & STATUS_FLAGS)} on bare metal, ${hx(after.rflags & STATUS_FLAGS)} here`,
    )
  if (want.pc !== got.pc)
    out.push(
      `next instruction: ${hx(lay.addr[want.pc] ?? 0n)} on bare metal, ${hx(lay.addr[got.pc] ?? 0n)} here`,
    )
  return out
}

const hx = (v: bigint): string => '0x' + v.toString(16)

/**
 * Linux's names (arch/x86/include/uapi/asm/vmx.h, EXIT_REASON_*) for the basic exit reasons
 * this module raises that vmx/exitReasons.ts does not name (hw-facts §4.6 numbers).
 */
const MORE_EXIT_NAMES: Readonly<Record<number, string>> = {
  7: 'INTERRUPT_WINDOW',
  16: 'RDTSC',
  46: 'GDTR_IDTR',
  47: 'LDTR_TR',
}

function exitInfo(reason: number, qualification: bigint, because: string): ExitInfo {
  return {
    reason,
    name:
      exitReasonName(reason) ??
      MORE_EXIT_NAMES[reason] ??
      EXIT_REASON_DESCRIPTIONS[reason] ??
      `reason ${reason}`,
    qualification,
    because,
  }
}

const CPU_INTR_WINDOW = 1n << 2n
const CPU_RDTSC_EXITING = 1n << 12n
const CPU_CR3_STORE_EXITING = 1n << 16n
const SEC_DESC_TABLE_EXITING = 1n << 2n
const PIN_EXT_INTR = 1n << 0n

/** The VMCS the VT-x way reads, or null when it is gone (the student cleared it). */
export function vtxControls(vmx: VmxState, name: string | null): EffectiveControls | null {
  if (name === null) return null
  const r = regionNamed(vmx, name)
  return r ? effectiveControls(r) : null
}

/**
 * Whether a guest instruction exits under these controls (SDM3 §25.1; hw-facts §4.5-4.6): the
 * ones cpu/exits.ts decides for the `guest` command, plus RDTSC (primary bit 12 -> 16), MOV
 * from CR3 (bit 16 -> 28), MOV to CR0/CR4 through the guest/host masks (-> 28) and the
 * descriptor-table instructions (secondary bit 2 -> 46 GDTR/IDTR, 47 LDTR/TR).
 */
export function vtxExit(
  i: Instr,
  s: GuestState,
  c: EffectiveControls,
  vmx: VmxState,
  region: string,
): ExitInfo | null {
  const [a, b] = i.ops
  const val = (o: typeof a): bigint =>
    o?.t === 'reg' ? (s.gpr[o.r] ?? 0n) : o?.t === 'imm' ? o.v : 0n
  const viaCpu = (gi: GuestInstr): ExitInfo | null => {
    const d = guestExit(gi, c, (addr) => readByte(vmx, addr))
    return d === null ? null : exitInfo(d.reason, d.qualification, d.because)
  }
  const reg = (o: typeof a): (typeof GPRS)[number] => GPRS[o?.t === 'reg' ? o.r : 0] ?? 'rax'
  switch (i.m) {
    case 'cpuid':
      return viaCpu({ op: 'cpuid' })
    case 'hlt':
      return viaCpu({ op: 'hlt' })
    case 'vmcall':
      return viaCpu({ op: 'vmcall' })
    case 'invlpg':
      return viaCpu({ op: 'invlpg', va: 0n })
    case 'in':
    case 'out': {
      const portOp = i.m === 'in' ? b : a
      const dataOp = i.m === 'in' ? a : b
      const port = Number(portOp?.t === 'imm' ? portOp.v : (s.gpr[2] ?? 0n) & 0xffffn)
      const size = dataOp?.t === 'reg' ? (dataOp.size === 8 ? 1 : dataOp.size === 16 ? 2 : 4) : 4
      return i.m === 'in'
        ? viaCpu({ op: 'in', port, size })
        : viaCpu({ op: 'out', port, size, value: val(dataOp) })
    }
    case 'rdtsc':
      return (c.cpu & CPU_RDTSC_EXITING) !== 0n
        ? exitInfo(16, 0n, 'RDTSC exiting (primary bit 12) is on')
        : null
    case 'mov': {
      if (a?.t === 'cr' && a.n === 3) return viaCpu({ op: 'mov-cr3', value: val(b), reg: reg(b) })
      if (b?.t === 'cr' && b.n === 3)
        return (c.cpu & CPU_CR3_STORE_EXITING) !== 0n
          ? exitInfo(
              EXIT_REASON.CR_ACCESS,
              crQualification(3, 1, a?.t === 'reg' ? a.r : 0),
              'CR3-store exiting (primary bit 16) is on',
            )
          : null
      if (a?.t === 'cr' && (a.n === 0 || a.n === 4)) {
        const r = regionNamed(vmx, region)
        if (!r) return null
        const m = rawField(r, fieldByName(`CR${a.n}_GUEST_HOST_MASK`)?.encoding ?? -1)
        const shadow = rawField(r, fieldByName(`CR${a.n}_READ_SHADOW`)?.encoding ?? -1)
        return ((val(b) ^ shadow) & m) !== 0n
          ? exitInfo(
              EXIT_REASON.CR_ACCESS,
              crQualification(a.n, 0, b?.t === 'reg' ? b.r : 0),
              `the value changes a bit the CR${a.n} guest/host mask gives the host`,
            )
          : null
      }
      return null
    }
    case 'lgdt':
    case 'lidt':
    case 'sgdt':
    case 'sidt':
      return (c.secondary & SEC_DESC_TABLE_EXITING) !== 0n
        ? exitInfo(46, 0n, 'descriptor-table exiting (secondary bit 2) is on')
        : null
    case 'str':
    case 'sldt':
      return (c.secondary & SEC_DESC_TABLE_EXITING) !== 0n
        ? exitInfo(47, 0n, 'descriptor-table exiting (secondary bit 2) is on')
        : null
    default:
      return null
  }
}

/** Records a VM exit in the VMCS the way reads (exit reason, qualification, length, RIP). */
export function recordExit(
  vmx: VmxState,
  name: string,
  e: ExitInfo,
  rip: bigint,
  len: number,
): VmxState {
  const r = regionNamed(vmx, name)
  if (!r) return vmx
  let reg = setRaw(r, F.VM_EXIT_REASON.encoding, BigInt(e.reason))
  reg = setRaw(reg, F.EXIT_QUALIFICATION.encoding, e.qualification)
  reg = setRaw(reg, F.VM_EXIT_INSTRUCTION_LEN.encoding, BigInt(len))
  reg = setRaw(reg, F.GUEST_RIP.encoding, rip)
  const s = putRegion(vmx, reg)
  return { ...s, exitCounts: { ...s.exitCounts, [e.reason]: (s.exitCounts[e.reason] ?? 0) + 1 } }
}

function setCpuControl(vmx: VmxState, name: string, bit: bigint, on: boolean): VmxState {
  const r = regionNamed(vmx, name)
  if (!r) return vmx
  const v = rawField(r, F.CPU_BASED.encoding)
  return putRegion(vmx, setRaw(r, F.CPU_BASED.encoding, on ? v | bit : v & ~bit))
}

// --- Binary translation ---------------------------------------------------------------------

/** How the translator rewrites one instruction (AA06 §3.1: IDENT, or not, and why). */
export function translateInstr(i: Instr, index: number): TranslatedInstr {
  const t = (kind: TranslatedInstr['kind'], out: string[]): TranslatedInstr => ({
    index,
    guest: i.text,
    kind,
    out,
  })
  const a = i.ops[0]
  // A far transfer checks privilege and loads CS: the VMM's runtime does it on the vCPU.
  if (a?.t === 'far' || i.m === 'retf') return t('callout', [`call vmm_emulate  ; ${i.text}`])
  if (i.m === 'jmp' && a?.t === 'label') return t('branch', [`jmp [ccf ${a.name}]`])
  if (isJcc(i.m) && a?.t === 'label')
    return t('branch', [`${i.m} [ccf ${a.name}]`, 'jmp [ccf fall-through]'])
  if (i.m === 'call' && a?.t === 'label')
    return t('branch', ['push <guest return address>', `jmp [ccf ${a.name}]`])
  if (i.m === 'ret' || i.m === 'jmp' || i.m === 'call')
    return t('branch', [
      'pop/compute guest target',
      'lookup guest PC -> TC (hash)',
      'jmp to the CCF found',
    ])
  switch (i.m) {
    case 'cli':
      return t('in-tc', ['mov byte [vcpu.IF], 0'])
    case 'sti':
      return t('in-tc', ['mov byte [vcpu.IF], 1', 'call vmm_deliver if vcpu.pending'])
    case 'pushf':
      return t('in-tc', ['push vcpu.rflags (IF and IOPL from the vCPU)'])
    case 'popf':
      return t('in-tc', ['pop vcpu.rflags (IF and IOPL into the vCPU)'])
    case 'push':
      return a?.t === 'sreg' ? t('in-tc', [`push vcpu.${a.s}`]) : t('ident', [i.text])
    case 'smsw':
      return t('in-tc', [`mov ${i.text.split(' ')[1] ?? 'reg'}, vcpu.cr0 & 0xffff`])
    case 'str':
      return t('in-tc', [`mov ${i.text.split(' ')[1] ?? 'reg'}, vcpu.tr`])
    case 'sldt':
      return t('in-tc', [`mov ${i.text.split(' ')[1] ?? 'reg'}, vcpu.ldtr`])
    case 'sgdt':
    case 'sidt':
      return t('in-tc', [`store vcpu.${i.m === 'sgdt' ? 'gdtr' : 'idtr'}`])
    case 'mov':
      if (i.ops[1]?.t === 'sreg')
        return t('in-tc', [`mov ${i.text.split(' ')[1] ?? ''} vcpu.${i.ops[1].s}`])
      if (i.ops.some((o) => o.t === 'cr')) return t('callout', [`call vmm_emulate  ; ${i.text}`])
      return t('ident', [i.text])
    default:
      return classify(i).sensitive
        ? t('callout', [`call vmm_emulate  ; ${i.text}`])
        : t('ident', [i.text])
  }
}

/** A translation unit from `start`: up to 12 instructions, ending at control flow (AA06 §3.1). */
export function translateUnit(s: GuestState, start: number, lay: Layout): Ccf {
  const instrs: TranslatedInstr[] = []
  for (
    let i = start;
    i >= 0 && i < s.program.lines.length && instrs.length < 12;
    i = nextInstr(s.program, i + 1)
  ) {
    const ins = s.program.lines[i]?.instr
    if (!ins) break
    instrs.push(translateInstr(ins, i))
    if (endsUnit(ins)) break
  }
  const used = s.tc.reduce((n, c) => n + c.instrs.reduce((m, t) => m + t.out.length, 0), 0)
  void lay
  return { start, tcAddr: LAYOUT[s.program.bits].tc + BigInt(used * 8), instrs }
}

// --- One step -------------------------------------------------------------------------------

export interface StepResult {
  readonly state: GuestState
  readonly vmx: VmxState
  readonly events: readonly GuestEvent[]
}

/** Whether a queued interrupt can go in now (virtual IF = 1, no STI shadow). */
const canInject = (s: GuestState): boolean =>
  s.pending.length > 0 && ifBit(s.virt.rflags) === 1 && !s.shadow

function injectPending(
  s: GuestState,
  lay: Layout,
  vmx: VmxState,
  how: 'delivered' | 'injected',
): StepResult {
  const v = s.pending[0] ?? 0
  const rest = s.pending.slice(1)
  const addr = lay.addr[s.pc] ?? 0n
  // A halted CPU resumes after the HLT (the pushed RIP is the next instruction).
  const resume = s.halted ? addr + BigInt(lay.len[s.pc] ?? 0) : addr
  const resumePc = s.halted ? nextInstr(s.program, s.pc + 1) : s.pc
  const r = deliver(
    { ...ctxOf(s, lay, s.virt), pc: resumePc },
    { gpr: s.gpr, mem: s.mem, io: s.io, sys: s.virt, pc: resumePc },
    v,
    null,
    resume,
  )
  if (r.t !== 'ok') {
    const stopped = r.t === 'stop' ? r.why : `vector ${v} could not be delivered`
    return {
      state: { ...s, stopped, pending: rest },
      vmx,
      events: [{ kind: 'guest.stop', why: stopped, line: null, cite: 'trap-emulate' }],
    }
  }
  let vmxOut = vmx
  let counts = add(s.counts, how === 'injected' ? { injected: 1 } : {})
  let exit: ExitInfo | null = null
  if (s.way === 'vt-x' && s.window && s.vmcs !== null) {
    // The interrupt window opened: exit 7, then the VMM injects through VM-entry (SDM3 §25.2).
    exit = exitInfo(7, 0n, 'interrupt-window exiting (primary bit 2) is on and guest IF = 1')
    vmxOut = setCpuControl(recordExit(vmx, s.vmcs, exit, addr, 0), s.vmcs, CPU_INTR_WINDOW, false)
    counts = add(counts, { exits: 1, uncited: 1 })
  }
  const next: GuestState = {
    ...takeVirtual(s, r),
    pending: rest,
    halted: false,
    window: false,
    counts,
  }
  return {
    state: next,
    vmx: vmxOut,
    events: [
      {
        kind: 'guest.interrupt',
        cite: s.way === 'vt-x' ? 'sdm3-25-exits' : 'trap-emulate',
        vector: v,
        action: how,
        exit,
        queued: rest.length,
        ...snapshot(next),
      },
    ],
  }
}

/** An interrupt arrives from a device (`irq N`). */
export function interrupt(s: GuestState, v: number, vmx: VmxState): StepResult {
  const lay = layout(s.program)
  const queued = { ...s, pending: [...s.pending, v] }
  if (s.way === 'vt-x' && s.vmcs !== null) {
    const c = vtxControls(vmx, s.vmcs)
    if (c && (c.pin & PIN_EXT_INTR) !== 0n) {
      const exit = exitInfo(
        EXIT_REASON.EXTERNAL_INTERRUPT,
        0n,
        'external-interrupt exiting (pin bit 0) is on',
      )
      const vmxOut = recordExit(vmx, s.vmcs, exit, lay.addr[s.pc] ?? 0n, 0)
      const st = { ...queued, counts: add(s.counts, { exits: 1, uncited: 1 }) }
      if (canInject(st)) {
        const r = injectPending(st, lay, vmxOut, 'injected')
        const ev = r.events[0]
        return { ...r, events: ev?.kind === 'guest.interrupt' ? [{ ...ev, exit }] : r.events }
      }
      // Guest IF = 0: the VMM sets interrupt-window exiting in the VMCS and waits (SDM3 §25.2).
      const windowed = { ...st, window: true }
      return {
        state: windowed,
        vmx: setCpuControl(vmxOut, s.vmcs, CPU_INTR_WINDOW, true),
        events: [
          {
            kind: 'guest.interrupt',
            cite: 'sdm3-25-exits',
            vector: v,
            action: 'queued',
            exit,
            queued: windowed.pending.length,
            ...snapshot(windowed),
          },
        ],
      }
    }
  }
  const how = s.way === 'native' || s.way === 'vt-x' ? 'delivered' : 'injected'
  if (canInject(queued)) return injectPending(queued, lay, vmx, how)
  return {
    state: queued,
    vmx,
    events: [
      {
        kind: 'guest.interrupt',
        cite: 'trap-emulate',
        vector: v,
        action: 'queued',
        exit: null,
        queued: queued.pending.length,
        ...snapshot(queued),
      },
    ],
  }
}

/** Runs the next instruction (or delivers a pending interrupt) under the way in force. */
export function stepOnce(s: GuestState, vmx: VmxState, lay: Layout): StepResult {
  if (s.stopped !== null) return { state: s, vmx, events: [] }
  if (canInject(s)) return injectPending(s, lay, vmx, s.way === 'native' ? 'delivered' : 'injected')
  if (s.halted) return { state: s, vmx, events: [] }
  const line = s.program.lines[s.pc]
  const ins = line?.instr
  if (!line || !ins) {
    const why = 'the program ran past its last instruction without hlt'
    return {
      state: { ...s, stopped: why },
      vmx,
      events: [{ kind: 'guest.stop', why, line: null, cite: 'pg74-classes' }],
    }
  }
  const cls = classify(ins)
  const vcpl = cplOf(s.virt)
  const want = exec(ctxOf(s, lay, s.virt))
  let base: GuestState = {
    ...s,
    shadow: false,
    tsc: s.tsc + 1n,
    counts: add(s.counts, { instructions: 1 }),
  }
  const events: GuestEvent[] = []
  let out: GuestState
  let vmxOut = vmx
  let outcome: Outcome
  let fault: { vector: number; code: number | null } | null = null
  let exit: ExitInfo | null = null
  let hypercall: HypercallInfo | null = null
  let translation: TranslatedInstr | null = null
  let diverged: string[] = []
  let note: string | null = null

  // A fault bare metal would take goes into the guest's own IDT (every way agrees on it).
  const reflect = (st: GuestState, w: Extract<Exec, { t: 'fault' }>, how: Outcome): GuestState => {
    const addr = lay.addr[s.pc] ?? 0n
    const r = deliver(
      ctxOf(st, lay, st.virt),
      { gpr: st.gpr, mem: st.mem, io: st.io, sys: st.virt, pc: st.pc },
      w.vector,
      w.code,
      addr,
    )
    fault = { vector: w.vector, code: w.code }
    outcome = how
    note = w.why
    if (r.t !== 'ok') return { ...st, stopped: r.t === 'stop' ? r.why : w.why }
    return takeVirtual(st, r)
  }
  const stop = (why: string): GuestState => {
    events.push({ kind: 'guest.stop', why, line: line.line, cite: 'pg74-classes' })
    return { ...base, stopped: why }
  }

  outcome = 'ran'
  if (s.way === 'pv' && vcpl === 0 && isPvHypercallInstr(ins, s)) {
    const nr = Number(s.gpr[0] ?? 0n)
    hypercall = hypercallInfo(nr, s.program.bits, [])
    outcome = 'hypercall'
    out = {
      ...base,
      pc: nextInstr(s.program, s.pc + 1),
      counts: add(base.counts, { hypercalls: 1, uncited: 1 }),
    }
    note = `${ins.text} with ${s.program.bits === 32 ? 'eax' : 'rax'} = ${nr}: a direct hypercall into Xen`
    if (out.pc < 0) out = stop('the program ran past its last instruction without hlt')
  } else if (want.t === 'stop') out = stop(want.why)
  else if (s.way === 'native') {
    if (want.t === 'fault') out = reflect(base, want, 'fault')
    else {
      out = takeVirtual(base, want)
      if (ins.m === 'in' || ins.m === 'out')
        out = { ...out, counts: add(out.counts, { cycles: CYCLES.ioNative }) }
      if (ins.m === 'syscall')
        out = { ...out, counts: add(out.counts, { cycles: CYCLES.syscallNative }) }
    }
  } else if (s.way === 'vt-x') {
    const c = vtxControls(vmx, s.vmcs)
    exit = c && s.vmcs !== null ? vtxExit(ins, s, c, vmx, s.vmcs) : null
    if (exit && s.vmcs !== null) {
      vmxOut = recordExit(vmx, s.vmcs, exit, lay.addr[s.pc] ?? 0n, lay.len[s.pc] ?? 0)
      outcome = 'exit'
      const io = ins.m === 'in' || ins.m === 'out'
      base = {
        ...base,
        counts: add(base.counts, {
          exits: 1,
          ...(io ? { cycles: CYCLES.ioExit } : { uncited: 1 }),
        }),
      }
      // The VMM emulates the instruction and resumes the guest after it; VMCALL is the
      // guest's call into the hypervisor: it returns with nothing changed in the model.
      if (ins.m === 'vmcall') {
        out = { ...base, pc: nextInstr(s.program, s.pc + 1) }
        note =
          'VMCALL: the guest asks the hypervisor for a service (a hypercall); the model’s VMM returns at once'
      } else if (want.t === 'fault') out = reflect(base, want, 'reflected')
      else out = takeVirtual(base, want)
    } else if (want.t === 'fault') {
      out = reflect(base, want, 'fault')
    } else out = takeVirtual(base, want)
    // STI or POPF opened the window for a queued interrupt: the next boundary will exit (7).
  } else if (s.way === 'bt' && vcpl === 0) {
    const bt = btStep(base, s, lay, events)
    const tr = bt.translation
    translation = tr
    out = bt.out
    const keepTc = (x: GuestState): GuestState => ({
      ...x,
      tc: bt.out.tc,
      chained: bt.out.chained,
      btBlock: bt.out.btBlock,
      btFrom: bt.out.btFrom,
    })
    if (tr.kind === 'ident') {
      // An IDENT copy runs as it is, on the real CPU at ring 1, inside the cache.
      const got = exec(ctxOf(s, lay, s.real))
      outcome = 'ident'
      if (got.t === 'stop') out = stop(got.why)
      else if (got.t === 'fault') {
        out =
          want.t === 'ok'
            ? keepTc(takeVirtual(out, want))
            : reflect(out, want.t === 'fault' ? want : got, 'reflected')
        out = { ...out, counts: add(out.counts, { traps: 1, emulated: 1, cycles: CYCLES.trap }) }
        outcome = 'emulated'
      } else if (want.t === 'ok') {
        const r = ranUntrapped(out, s, want, got, lay)
        out = r.state
        diverged = r.diverged
        if (diverged.length > 0) outcome = 'diverged'
      } else out = reflect(out, want, 'reflected')
    } else {
      outcome = tr.kind === 'branch' ? 'translated' : tr.kind
      if (want.t === 'fault') out = reflect(out, want, 'reflected')
      else if (want.t === 'ok') {
        // Non-IDENT code works on the virtual CPU: in-TC sequences, call-outs, retargeted branches.
        out = keepTc(takeVirtual(out, want))
        if (tr.kind === 'in-tc') {
          const needsVmm = ins.m === 'sti' && s.pending.length > 0
          out = {
            ...out,
            counts: add(
              out.counts,
              needsVmm
                ? { inTc: 1, callouts: 1, cycles: CYCLES.inTc + CYCLES.callout }
                : { inTc: 1, cycles: CYCLES.inTc },
            ),
          }
        }
        if (tr.kind === 'callout')
          out = { ...out, counts: add(out.counts, { callouts: 1, cycles: CYCLES.callout }) }
      }
    }
    if (endsUnit(ins) && out.stopped === null) {
      const direct = ins.ops[0]?.t === 'label' || ins.m === 'int' || ins.m === 'hlt'
      out = { ...out, btBlock: null, btFrom: { from: bt.out.btBlock ?? s.pc, direct } }
    }
  } else if (s.way === 'pv' && vcpl === 0 && pvRewrite(ins, s) !== null) {
    const rw = pvRewrite(ins, s)
    if (rw !== null && want.t === 'ok') {
      out = takeVirtual(base, want)
      note = rw.text
      if (rw.hypercall !== null) {
        hypercall = rw.hypercall
        outcome = 'hypercall'
        out = { ...out, counts: add(out.counts, { hypercalls: 1, uncited: 1 }) }
        if (rw.hypercall.nr === 29) out = { ...out, halted: true }
      } else outcome = 'pv-inline'
      // xen_irq_enable: with an event pending, force the upcall with a hypercall (Linux).
      if (
        (ins.m === 'sti' || ins.m === 'popf') &&
        ifBit(want.sys.rflags) === 1 &&
        s.pending.length > 0
      ) {
        hypercall = hypercallInfo(17, s.program.bits, ['0 (XENVER_version)', 'NULL'])
        outcome = 'hypercall'
        out = { ...out, counts: add(out.counts, { hypercalls: 1, uncited: 1 }) }
        note = `${rw.text}; an event is pending, so the kernel makes a hypercall for Xen to deliver it`
      }
    } else if (want.t === 'fault') out = reflect(base, want, 'reflected')
    else out = base
  } else {
    // trap-and-emulate; BT and PV for guest user code and for what they leave alone.
    const got = exec(ctxOf(s, lay, s.real))
    if (got.t === 'stop') out = stop(got.why)
    else if (got.t === 'fault' || ins.m === 'int' || ins.m === 'syscall' || ins.m === 'iret') {
      // #GP (or #UD) into the VMM at ring 0; INT n also lands in the VMM's IDT, and the VMM
      // keeps the guest's interrupt frames virtual, so its IRET is the VMM's to perform.
      const c = add(base.counts, { traps: 1, cycles: CYCLES.trap })
      const trapped = { ...base, counts: c }
      if (got.t === 'fault') fault = { vector: got.vector, code: got.code }
      if (want.t === 'fault') {
        out = reflect({ ...trapped, counts: add(c, { reflected: 1 }) }, want, 'reflected')
        fault = got.t === 'fault' ? { vector: got.vector, code: got.code } : fault
      } else if (ins.m === 'int') {
        out = takeVirtual({ ...trapped, counts: add(c, { reflected: 1 }) }, want)
        outcome = 'reflected'
        note = `INT ${Number(ins.ops[0]?.t === 'imm' ? ins.ops[0].v : 0n)} lands in the VMM’s IDT; the VMM passes it to the guest’s handler`
      } else {
        out = takeVirtual({ ...trapped, counts: add(c, { emulated: 1 }) }, want)
        outcome = 'emulated'
        note = got.t === 'fault' ? got.why : null
      }
    } else if (want.t === 'fault') {
      // Bare metal would fault, the deprivileged CPU did not: still reflect what the guest expects.
      out = reflect({ ...base, real: withStatus(s.real, got.sys) }, want, 'reflected')
    } else {
      const r = ranUntrapped(base, s, want, got, lay)
      out = r.state
      diverged = r.diverged
      if (diverged.length > 0) outcome = 'diverged'
    }
  }

  const ev: InstrEvent = {
    kind: 'guest.instr',
    cite: citeFor(outcome, ins),
    way: s.way,
    index: s.pc,
    line: line.line,
    address: lay.addr[s.pc] ?? 0n,
    length: lay.len[s.pc] ?? 0,
    text: ins.text,
    pg: cls.pg,
    rule: cls.rule,
    why: cls.why,
    outcome,
    fault,
    exit,
    hypercall,
    translation,
    diverged,
    note,
    ...snapshot(out),
  }
  return {
    state: out,
    vmx: vmxOut,
    events: [
      ...events.filter((e) => e.kind === 'guest.translate'),
      ev,
      ...events.filter((e) => e.kind !== 'guest.translate'),
    ],
  }
}

function citeFor(o: Outcome, i: Instr): GuestCitationId {
  switch (o) {
    case 'diverged':
      return 'ri00-holes'
    case 'emulated':
    case 'reflected':
      return 'trap-emulate'
    case 'ident':
    case 'in-tc':
    case 'callout':
    case 'translated':
      return 'aa06-bt'
    case 'hypercall':
    case 'pv-inline':
      return 'xen-hypercall'
    case 'exit':
      return 'sdm3-25-exits'
    default:
      return ['popf', 'pushf', 'cli', 'sti'].includes(i.m)
        ? 'sdm2-popf'
        : classify(i).pg === 'privileged'
          ? 'sdm3-5.9'
          : 'pg74-classes'
  }
}

/** BT bookkeeping before running an instruction of guest kernel code: find or make its CCF. */
function btStep(
  base: GuestState,
  s: GuestState,
  lay: Layout,
  events: GuestEvent[],
): { out: GuestState; translation: TranslatedInstr } {
  let st = base
  let ccf = st.btBlock === null ? undefined : st.tc.find((c) => c.start === st.btBlock)
  const inside = ccf?.instrs.some((t) => t.index === s.pc) ?? false
  if (!inside) {
    const from = st.btFrom
    const existing = st.tc.find((c) => c.start === s.pc)
    const link = from ? `${from.from}->${s.pc}` : null
    if (existing) {
      ccf = existing
      if (from?.direct && link !== null && st.chained.includes(link)) {
        // Chained: the branch was patched to jump CCF to CCF, no lookup at all.
      } else {
        st = { ...st, counts: add(st.counts, { tcHits: 1 }) }
        if (from?.direct && link !== null)
          st = { ...st, chained: [...st.chained, link], counts: add(st.counts, { chains: 1 }) }
      }
    } else {
      ccf = translateUnit(st, s.pc, lay)
      st = { ...st, tc: [...st.tc, ccf], counts: add(st.counts, { translations: 1, tcMisses: 1 }) }
      events.push({
        kind: 'guest.translate',
        cite: 'aa06-bt',
        ccf,
        ...snapshot(st),
        reason: from === null ? 'entry' : from.direct ? 'continuation' : 'lookup-miss',
      })
      if (from?.direct && link !== null)
        st = { ...st, chained: [...st.chained, link], counts: add(st.counts, { chains: 1 }) }
    }
    st = { ...st, btBlock: ccf.start, btFrom: null }
  }
  const translation =
    ccf?.instrs.find((t) => t.index === s.pc) ??
    translateInstr(s.program.lines[s.pc]?.instr ?? { m: 'nop', ops: [], text: 'nop' }, s.pc)
  return { out: st, translation }
}

// --- Paravirtualization ---------------------------------------------------------------------

const isPvHypercallInstr = (i: Instr, s: GuestState): boolean =>
  (s.program.bits === 32 && i.m === 'int' && i.ops[0]?.t === 'imm' && i.ops[0].v === 0x82n) ||
  (s.program.bits === 64 && i.m === 'syscall')

/**
 * What the paravirtualized kernel has in place of an instruction (Linux's Xen pv_ops): the
 * interrupt flag is the vcpu_info upcall mask written in memory, CR3 loads and INVLPG are
 * mmuext_op, LGDT/LIDT are set_gdt/set_trap_table, HLT blocks, IRET is a hypercall. null:
 * the instruction is left as it is (it runs deprivileged, and traps or diverges).
 */
export function pvRewrite(
  i: Instr,
  s: GuestState,
): { text: string; hypercall: HypercallInfo | null } | null {
  const bits = s.program.bits
  const hc = (nr: number, args: string[]): HypercallInfo => hypercallInfo(nr, bits, args)
  const a = i.ops[0]
  switch (i.m) {
    case 'cli':
      return { text: 'xen_irq_disable: movb $1, vcpu_info.evtchn_upcall_mask', hypercall: null }
    case 'sti':
      return { text: 'xen_irq_enable: movb $0, vcpu_info.evtchn_upcall_mask', hypercall: null }
    case 'pushf':
      return { text: 'xen_save_fl: IF = !vcpu_info.evtchn_upcall_mask', hypercall: null }
    case 'popf':
      return { text: 'xen_restore_fl: vcpu_info.evtchn_upcall_mask = !IF', hypercall: null }
    case 'hlt':
      return {
        text: 'HYPERVISOR_sched_op(SCHEDOP_block)',
        hypercall: hc(29, [`${SCHEDOP_BLOCK} (SCHEDOP_block)`, 'NULL']),
      }
    case 'iret':
      return { text: 'HYPERVISOR_iret', hypercall: hc(23, []) }
    case 'lgdt':
      return {
        text: 'HYPERVISOR_set_gdt(frames, entries)',
        hypercall: hc(2, ['frame list', 'entries']),
      }
    case 'lidt':
      return { text: 'HYPERVISOR_set_trap_table(traps)', hypercall: hc(0, ['trap_info table']) }
    case 'invlpg':
      return {
        text: 'HYPERVISOR_mmuext_op(MMUEXT_INVLPG_LOCAL)',
        hypercall: hc(26, [
          `op (cmd ${MMUEXT.invlpg_local} MMUEXT_INVLPG_LOCAL)`,
          '1',
          'NULL',
          `0x${DOMID_SELF.toString(16)} (DOMID_SELF)`,
        ]),
      }
    case 'mov':
      if (a?.t === 'cr' && a.n === 3)
        return {
          text: 'xen_write_cr3: HYPERVISOR_mmuext_op(MMUEXT_NEW_BASEPTR)',
          hypercall: hc(26, [
            `op (cmd ${MMUEXT.new_baseptr} MMUEXT_NEW_BASEPTR)`,
            '1',
            'NULL',
            `0x${DOMID_SELF.toString(16)} (DOMID_SELF)`,
          ]),
        }
      if (i.ops[1]?.t === 'cr' && i.ops[1].n === 3)
        return { text: 'xen_read_cr3: the kernel’s own copy of CR3', hypercall: null }
      return null
    default:
      return null
  }
}

export type { Classification }
export { GP }
