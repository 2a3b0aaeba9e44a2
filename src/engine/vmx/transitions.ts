// VM entry (SDM3 ch. 26) and VM exit (SDM3 ch. 27) as hw-facts §4.2 and §4.8 describe them.
import type { VmxCitationId } from './cite.ts'
import { EXIT_REASON, EXIT_REASON_FAILED_VMENTRY, exitReasonName } from './exitReasons.ts'
import {
  CR0_PE,
  CR4_LA57,
  CR4_PAE,
  EFER_DEFINED,
  EFER_LMA,
  EFER_LME,
  ENTRY_IA32E_MODE_GUEST,
  EXIT_HOST_ADDR_SPACE_SIZE,
  EXIT_LOAD_IA32_EFER,
  F,
  VMX_CR0_FIXED0,
  VMX_CR0_FIXED1,
  VMX_CR4_FIXED0,
  VMX_CR4_FIXED1,
  RFLAGS_FIXED_1,
  RFLAGS_IF,
  RFLAGS_RESERVED_ZERO,
  RFLAGS_VM,
} from './fields.ts'
import type { GuestStateCheck, VmExitInfo, VmxEvent } from './events.ts'
import { INTR_INFO_VALID_MASK } from './interruption.ts'
import { ACTIVITY_STATES, MODEL_VMCS_REVISION_ID, type VmcsRegion, type VmxState } from './types.ts'
import {
  ALL_ONES_64,
  addTlb,
  currentVpid,
  effectiveControls,
  putRegion,
  rawField,
  regionAt,
  removeTlb,
  setRaw,
  validRegionAddress,
  vpidEnabled,
} from './vmcs.ts'

export interface VmxStep {
  readonly state: VmxState
  readonly events: readonly VmxEvent[]
}

/**
 * VMfail(n): VMfailValid(n) with n written to VM_INSTRUCTION_ERROR when there is a current
 * VMCS, else VMfailInvalid (hw-facts §4.1 conventions).
 */
export function vmfail(
  s: VmxState,
  instr: Extract<VmxEvent, { kind: 'vmx.fail' }>['instr'],
  error: number,
  errorText: string,
  why: string,
  cite: VmxCitationId,
): VmxStep {
  const cur = s.cpu.currentVmcs === null ? null : regionAt(s, s.cpu.currentVmcs)
  if (!cur) return vmfailInvalid(s, instr, why, cite)
  const next = putRegion(s, setRaw(cur, F.VM_INSTRUCTION_ERROR.encoding, BigInt(error)))
  return {
    state: next,
    events: [
      { kind: 'vmx.fail', instr, vmfail: 'valid', error, errorText, why, vmcs: cur.name, cite },
    ],
  }
}

export function vmfailInvalid(
  s: VmxState,
  instr: Extract<VmxEvent, { kind: 'vmx.fail' }>['instr'],
  why: string,
  cite: VmxCitationId,
): VmxStep {
  return {
    state: s,
    events: [
      {
        kind: 'vmx.fail',
        instr,
        vmfail: 'invalid',
        error: null,
        errorText: 'VMfailInvalid: no current VMCS (CF = 1)',
        why,
        vmcs: null,
        cite,
      },
    ],
  }
}

/** Control checks the facts file lists (hw-facts §4.8 (b)); null when they pass. */
export function checkControls(r: VmcsRegion): string | null {
  const c = effectiveControls(r)
  if (vpidEnabled(c) && c.vpid === 0) return 'enable VPID is 1 but VIRTUAL_PROCESSOR_ID is 0'
  if (c.cr3TargetCount > 4n) return `CR3_TARGET_COUNT is ${c.cr3TargetCount}, more than 4`
  return null
}

const hex0 = (v: bigint): string => '0x' + v.toString(16)

/** Canonical for a host with 48-bit (or, with CR4.LA57 in HOST_CR4, 57-bit) linear addresses. */
function canonical(v: bigint, bits: number): boolean {
  const top = v >> BigInt(bits - 1)
  return top === 0n || top === (1n << BigInt(65 - bits)) - 1n
}

/**
 * The host-state checks of VM entry (VMfailValid 8), in the SDM's order (Vol. 3C §26.2.2-26.2.4;
 * KVM's nested_vmx_check_host_state makes the same ones for a nested VMM):
 * - §26.2.2 control registers and MSRs: HOST_CR0 and HOST_CR4 against IA32_VMX_CR0/CR4_FIXED0
 *   and FIXED1 (PE, NE, PG and VMXE fixed to 1; fields.ts); HOST_CR3 bits 63:52 (beyond the
 *   model's MAXPHYADDR of 52) zero; HOST_IA32_SYSENTER_ESP/EIP canonical; with "load IA32_EFER"
 *   reserved EFER bits zero and LMA and LME both equal to "host address-space size";
 * - §26.2.3 segment and descriptor-table registers: RPL and TI of every host selector 0, CS and
 *   TR selectors not 0000H, FS, GS, GDTR, IDTR and TR bases canonical;
 * - §26.2.4 address-space size: the model's host is in IA-32e mode (IA32_EFER.LMA = 1), so
 *   "host address-space size" (exit control bit 9) must be 1, and then HOST_CR4.PAE must be 1
 *   and HOST_RIP canonical.
 * Not modelled: CET/SSP, PAT and PERF_GLOBAL_CTRL loads (their controls are not offered).
 */
export function checkHostState(r: VmcsRegion): string | null {
  const cr0 = rawField(r, F.HOST_CR0.encoding)
  const cr4 = rawField(r, F.HOST_CR4.encoding)
  const fixed = (name: string, v: bigint, f0: bigint, f1: bigint): string | null => {
    const off = f0 & ~v
    if (off !== 0n)
      return `${name} is ${hex0(v)}: bits ${hex0(off)} are fixed to 1 in VMX operation (IA32_VMX_${name.slice(5)}_FIXED0 = ${hex0(f0)})`
    const on = v & ~f1
    if (on !== 0n)
      return `${name} is ${hex0(v)}: bits ${hex0(on)} are fixed to 0 in VMX operation (IA32_VMX_${name.slice(5)}_FIXED1 = ${hex0(f1)})`
    return null
  }
  const crFail =
    fixed('HOST_CR0', cr0, VMX_CR0_FIXED0, VMX_CR0_FIXED1) ??
    fixed('HOST_CR4', cr4, VMX_CR4_FIXED0, VMX_CR4_FIXED1)
  if (crFail) return crFail
  const cr3 = rawField(r, F.HOST_CR3.encoding)
  if (cr3 >> 52n !== 0n)
    return `HOST_CR3 is ${hex0(cr3)}: bits 63:52 lie beyond MAXPHYADDR (52) and must be 0`
  const la = (cr4 & CR4_LA57) !== 0n ? 57 : 48
  const notCanonical = (f: { name: string; encoding: number }): string | null => {
    const v = rawField(r, f.encoding)
    return canonical(v, la)
      ? null
      : `${f.name} is ${hex0(v)}, not canonical (${la}-bit linear addresses)`
  }
  const sysenter = notCanonical(F.HOST_CANONICAL[0]) ?? notCanonical(F.HOST_CANONICAL[1])
  if (sysenter) return sysenter
  const exitCtl = rawField(r, F.VM_EXIT_CONTROLS.encoding)
  const wide = (exitCtl & EXIT_HOST_ADDR_SPACE_SIZE) !== 0n
  if ((exitCtl & EXIT_LOAD_IA32_EFER) !== 0n) {
    const efer = rawField(r, F.HOST_IA32_EFER.encoding)
    if ((efer & ~EFER_DEFINED) !== 0n)
      return `HOST_IA32_EFER is ${hex0(efer)}: reserved bits ${hex0(efer & ~EFER_DEFINED)} are set ("load IA32_EFER" is on)`
    if (((efer & EFER_LMA) !== 0n) !== wide || ((efer & EFER_LME) !== 0n) !== wide)
      return `HOST_IA32_EFER is ${hex0(efer)}: LMA (bit 10) and LME (bit 8) must both equal "host address-space size" (${wide ? 1 : 0})`
  }
  for (const f of F.HOST_SELECTORS) {
    const sel = rawField(r, f.encoding)
    if ((sel & 7n) !== 0n) return `${f.name} has RPL or TI set (bits 2:0 must be 0)`
  }
  if (rawField(r, F.HOST_CS_SELECTOR.encoding) === 0n) return 'HOST_CS_SELECTOR is 0'
  if (rawField(r, F.HOST_TR_SELECTOR.encoding) === 0n) return 'HOST_TR_SELECTOR is 0'
  for (const f of F.HOST_CANONICAL.slice(2)) {
    const bad = notCanonical(f)
    if (bad) return bad
  }
  if (!wide) return 'the host is 64-bit but "host address-space size" (VM_EXIT_CONTROLS bit 9) is 0'
  if ((cr4 & CR4_PAE) === 0n)
    return `HOST_CR4 is ${hex0(cr4)}: "host address-space size" is 1, so CR4.PAE (bit 5) must be 1`
  return notCanonical(F.HOST_RIP)
}

/** A failed guest-state check: the exit qualification to record, what failed, and why. */
export interface GuestStateFailure {
  readonly qualification: bigint
  readonly check: GuestStateCheck
  readonly why: string
}

const hx = (v: bigint): string => '0x' + v.toString(16)

/**
 * SDM3 §26.3.1.4 "Checks on Guest RIP and RFLAGS" (Vol. 3C 26-12), on a processor with Intel
 * 64: reserved bits 63:22, 15, 5 and 3 must be 0 and reserved bit 1 must be 1; VM (bit 17)
 * must be 0 if the "IA-32e mode guest" entry control is 1 or CR0.PE in the CR0 field is 0; IF
 * (bit 9) must be 1 if the VM-entry interruption-information field is valid (bit 31) with
 * type external interrupt (bits 10:8 = 0). A failure is a VM-entry failure with the default
 * exit qualification 0 (hw-facts §4.6).
 */
function checkGuestRflags(r: VmcsRegion): GuestStateFailure | null {
  const rflags = rawField(r, F.GUEST_RFLAGS.encoding)
  const fail = (check: GuestStateCheck, why: string): GuestStateFailure => ({
    qualification: 0n,
    check,
    why,
  })
  if ((rflags & RFLAGS_FIXED_1) === 0n || (rflags & RFLAGS_RESERVED_ZERO) !== 0n) {
    const bits = [
      ...((rflags & RFLAGS_FIXED_1) === 0n ? ['reserved bit 1 is 0 (it must be 1)'] : []),
      ...((rflags & RFLAGS_RESERVED_ZERO) !== 0n
        ? [
            `reserved bits ${hx(rflags & RFLAGS_RESERVED_ZERO)} are set (3, 5, 15 and 22-63 must be 0)`,
          ]
        : []),
    ]
    return fail(
      { check: 'rflags-reserved', rflags },
      `GUEST_RFLAGS is ${hx(rflags)}: ${bits.join('; ')}`,
    )
  }
  if ((rflags & RFLAGS_VM) !== 0n) {
    const ia32e = (rawField(r, F.VM_ENTRY_CONTROLS.encoding) & ENTRY_IA32E_MODE_GUEST) !== 0n
    const pe = (rawField(r, F.GUEST_CR0.encoding) & CR0_PE) !== 0n
    if (ia32e || !pe) {
      return fail(
        { check: 'rflags-vm', rflags },
        `GUEST_RFLAGS is ${hx(rflags)}: VM (bit 17) must be 0 ${ia32e ? 'for an IA-32e mode guest (VM_ENTRY_CONTROLS bit 9)' : 'while GUEST_CR0.PE is 0'}`,
      )
    }
  }
  const intr = rawField(r, F.VM_ENTRY_INTR_INFO.encoding)
  const injectsExternal = (intr & BigInt(INTR_INFO_VALID_MASK)) !== 0n && ((intr >> 8n) & 7n) === 0n
  if (injectsExternal && (rflags & RFLAGS_IF) === 0n) {
    return fail(
      { check: 'rflags-if', rflags },
      `GUEST_RFLAGS is ${hx(rflags)}: IF (bit 9) must be 1 to inject an external interrupt (VM_ENTRY_INTR_INFO_FIELD ${hx(intr)})`,
    )
  }
  return null
}

/**
 * Guest-state checks the model makes, in the SDM's section order: RFLAGS (§26.3.1.4), then
 * (§26.3.1.5) the activity state is 0-3 and the VMCS-link pointer is all ones or names a
 * valid, non-shadow VMCS region (failure qualification 4, hw-facts §4.6). Null when they pass.
 */
export function checkGuestState(s: VmxState, r: VmcsRegion): GuestStateFailure | null {
  const rf = checkGuestRflags(r)
  if (rf) return rf
  const act = rawField(r, F.GUEST_ACTIVITY_STATE.encoding)
  if (act > 3n) {
    return {
      qualification: 0n,
      check: { check: 'activity-state', activity: act },
      why: `GUEST_ACTIVITY_STATE ${act} is not 0-3`,
    }
  }
  const link = rawField(r, F.VMCS_LINK_POINTER.encoding)
  if (link !== ALL_ONES_64) {
    const target = validRegionAddress(link) ? regionAt(s, link) : null
    if (!target || target.revision !== MODEL_VMCS_REVISION_ID) {
      return {
        qualification: 4n,
        check: { check: 'vmcs-link', link },
        why: `VMCS_LINK_POINTER is ${hx(link)}, not FFFFFFFF_FFFFFFFFH and not a valid VMCS`,
      }
    }
  }
  return null
}

const GUEST_LOADED = [
  F.GUEST_CR0,
  F.GUEST_CR3,
  F.GUEST_CR4,
  F.GUEST_RSP,
  F.GUEST_RIP,
  F.GUEST_RFLAGS,
  F.GUEST_ACTIVITY_STATE,
]

/** A successful VM entry: guest state loaded, VMLAUNCH marks launched (hw-facts §4.8 (f)). */
export function enterGuest(s: VmxState, r: VmcsRegion, instr: 'vmlaunch' | 'vmresume'): VmxStep {
  const c = effectiveControls(r)
  const get = (f: { encoding: number }): bigint => rawField(r, f.encoding)
  const activity = ACTIVITY_STATES[Number(get(F.GUEST_ACTIVITY_STATE))] ?? 'active'
  const launched: VmcsRegion = { ...r, launch: instr === 'vmlaunch' ? 'launched' : r.launch }
  let next = putRegion(s, launched)
  next = {
    ...next,
    cpu: {
      ...next.cpu,
      mode: 'non-root',
      cpl: 0,
      activity,
      regs: {
        rip: get(F.GUEST_RIP),
        rsp: get(F.GUEST_RSP),
        rflags: get(F.GUEST_RFLAGS),
        cr0: get(F.GUEST_CR0),
        cr3: get(F.GUEST_CR3),
        cr4: get(F.GUEST_CR4),
      },
    },
  }
  // hw-facts §7: without VPID, VM entry invalidates the VPID-0000H mappings.
  let tlbRemoved = 0
  if (!vpidEnabled(c)) {
    const t = removeTlb(next, (e) => e.vpid === 0)
    next = t.state
    tlbRemoved = t.removed
  }
  return {
    state: next,
    events: [
      {
        kind: 'vmx.entry',
        instr,
        vmcs: r.name,
        launchBefore: r.launch,
        launchAfter: launched.launch,
        vpid: currentVpid(c),
        tlbRemoved,
        read: [
          F.PIN_BASED.encoding,
          F.CPU_BASED.encoding,
          F.SECONDARY.encoding,
          F.VPID.encoding,
          F.CR3_TARGET_COUNT.encoding,
          F.VM_EXIT_CONTROLS.encoding,
          F.VM_ENTRY_CONTROLS.encoding,
          F.VM_ENTRY_INTR_INFO.encoding,
          ...F.HOST_SELECTORS.map((f) => f.encoding),
          F.VMCS_LINK_POINTER.encoding,
          ...GUEST_LOADED.map((f) => f.encoding),
        ],
        guestRip: get(F.GUEST_RIP),
        activity,
        cite: 'sdm3-26.3.2',
      },
    ],
  }
}

/**
 * Host state loaded on every VM exit: CR0/3/4, RSP, RIP; CPL 0 (hw-facts §4.8). RFLAGS: SDM3
 * §27.5.3 (§26.5.3 in newer editions) "RFLAGS is cleared, except bit 1, which is always set",
 * checked against the SDM sentence as quoted in stored hypervisor sources (XMHF's nested-VMX
 * host-state load, a VMM's vmx_save_host_state comment) and Xen's nested VMX, which does the
 * same (xen/arch/x86/hvm/vmx/vvmx.c virtual_vmexit: "VM exit clears all bits except bit 1",
 * regs->rflags = X86_EFLAGS_MBS); hw-facts §4.8 still marks it UNVERIFIED.
 */
function loadHost(s: VmxState, r: VmcsRegion): VmxState {
  const get = (f: { encoding: number }): bigint => rawField(r, f.encoding)
  return {
    ...s,
    cpu: {
      ...s.cpu,
      mode: 'root',
      cpl: 0,
      activity: 'active',
      regs: {
        rip: get(F.HOST_RIP),
        rsp: get(F.HOST_RSP),
        rflags: RFLAGS_FIXED_1,
        cr0: get(F.HOST_CR0),
        cr3: get(F.HOST_CR3),
        cr4: get(F.HOST_CR4),
      },
    },
  }
}

function countExit(s: VmxState, reason: number): VmxState {
  return { ...s, exitCounts: { ...s.exitCounts, [reason]: (s.exitCounts[reason] ?? 0) + 1 } }
}

/** VM-entry failure on guest state: exit reason 33 with bit 31, host state loaded (§4.2). */
export function entryFailure(s: VmxState, r: VmcsRegion, f: GuestStateFailure): VmxStep {
  const { qualification, why } = f
  // >>> 0 keeps bit 31 unsigned (JS bitwise results are signed 32-bit).
  const full = (EXIT_REASON_FAILED_VMENTRY | EXIT_REASON.INVALID_STATE) >>> 0
  let reg = setRaw(r, F.VM_EXIT_REASON.encoding, BigInt(full))
  reg = setRaw(reg, F.EXIT_QUALIFICATION.encoding, qualification)
  const next = countExit(loadHost(putRegion(s, reg), reg), EXIT_REASON.INVALID_STATE)
  const exit: VmExitInfo = {
    reason: EXIT_REASON.INVALID_STATE,
    name: 'INVALID_STATE',
    fullReason: full,
    qualification,
    instructionLength: null,
    intrInfo: rawField(reg, F.VM_EXIT_INTR_INFO.encoding),
    entryFailure: true,
    guestCheck: f.check,
    cause: why,
  }
  return {
    state: next,
    events: [
      {
        kind: 'vmx.exit',
        vmcs: r.name,
        exit,
        written: [F.VM_EXIT_REASON.encoding, F.EXIT_QUALIFICATION.encoding],
        hostRip: next.cpu.regs.rip,
        guestRip: rawField(reg, F.GUEST_RIP.encoding),
        tlbRemoved: 0,
        cite: 'sdm3-26.3',
      },
    ],
  }
}

/**
 * VM exit from non-root operation (hw-facts §4.8): record exit information, save guest state
 * (RIP of the exiting instruction), load host state, flush VPID 0000H without VPID.
 */
export function vmExit(
  s: VmxState,
  info: {
    reason: number
    qualification: bigint
    instructionLength: number | null
    intrInfo: bigint
    cause: string
    /** Further exit-information fields, e.g. GUEST_PHYSICAL_ADDRESS for an EPT violation. */
    extra?: readonly (readonly [number, bigint])[]
  },
): VmxStep {
  const cur = s.cpu.currentVmcs === null ? null : regionAt(s, s.cpu.currentVmcs)
  if (!cur) return { state: s, events: [] }
  const c = effectiveControls(cur)
  const regs = s.cpu.regs
  const activityIndex = BigInt(Math.max(0, ACTIVITY_STATES.indexOf(s.cpu.activity)))
  const writes: [number, bigint][] = [
    [F.VM_EXIT_REASON.encoding, BigInt(info.reason)],
    [F.EXIT_QUALIFICATION.encoding, info.qualification],
    [F.VM_EXIT_INTR_INFO.encoding, info.intrInfo],
  ]
  // The instruction-length field is written only for exits caused by instructions.
  if (info.instructionLength !== null)
    writes.push([F.VM_EXIT_INSTRUCTION_LEN.encoding, BigInt(info.instructionLength)])
  for (const [enc, v] of info.extra ?? []) writes.push([enc, v])
  writes.push(
    [F.GUEST_RIP.encoding, regs.rip],
    [F.GUEST_RSP.encoding, regs.rsp],
    // RFLAGS bit 1 is reserved and always reads as 1, so the saved image has it set (and the
    // next VM entry's check on it passes).
    [F.GUEST_RFLAGS.encoding, regs.rflags | RFLAGS_FIXED_1],
    [F.GUEST_CR0.encoding, regs.cr0],
    [F.GUEST_CR3.encoding, regs.cr3],
    [F.GUEST_CR4.encoding, regs.cr4],
    [F.GUEST_ACTIVITY_STATE.encoding, activityIndex],
  )
  const reg = writes.reduce((r, [e, v]) => setRaw(r, e, v), cur)
  let next = countExit(loadHost(putRegion(s, reg), reg), info.reason)
  let tlbRemoved = 0
  if (!vpidEnabled(c)) {
    const t = removeTlb(next, (e) => e.vpid === 0)
    next = t.state
    tlbRemoved = t.removed
  }
  // The VMM now runs at HOST_RIP: its code translation is cached under VPID 0000H.
  next = addTlb(next, { vpid: 0, page: next.cpu.regs.rip >> 12n, eptp: null, owner: 'VMM' })
  const exit: VmExitInfo = {
    reason: info.reason,
    name: exitReasonName(info.reason),
    fullReason: info.reason,
    qualification: info.qualification,
    instructionLength: info.instructionLength,
    intrInfo: info.intrInfo,
    entryFailure: false,
    guestCheck: null,
    cause: info.cause,
  }
  return {
    state: next,
    events: [
      {
        kind: 'vmx.exit',
        vmcs: cur.name,
        exit,
        written: writes.map(([e]) => e),
        hostRip: next.cpu.regs.rip,
        guestRip: regs.rip,
        tlbRemoved,
        cite: 'sdm3-27.3',
      },
    ],
  }
}
