// VM entry (SDM3 ch. 26) and VM exit (SDM3 ch. 27) as hw-facts §4.2 and §4.8 describe them.
import type { VmxCitationId } from './cite.ts'
import { EXIT_REASON, EXIT_REASON_FAILED_VMENTRY, exitReasonName } from './exitReasons.ts'
import { EXIT_HOST_ADDR_SPACE_SIZE, F } from './fields.ts'
import type { VmExitInfo, VmxEvent } from './events.ts'
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

/**
 * Host-state checks (SDM3 §26.2.3-26.2.4, KVM nested_vmx_check_host_state): every host
 * selector has RPL = 0 and TI = 0; CS and TR are not 0000H; the model host is 64-bit, so the
 * "host address-space size" exit control (bit 9) must be 1.
 */
export function checkHostState(r: VmcsRegion): string | null {
  for (const f of F.HOST_SELECTORS) {
    const sel = rawField(r, f.encoding)
    if ((sel & 7n) !== 0n) return `${f.name} has RPL or TI set (bits 2:0 must be 0)`
  }
  if (rawField(r, F.HOST_CS_SELECTOR.encoding) === 0n) return 'HOST_CS_SELECTOR is 0'
  if (rawField(r, F.HOST_TR_SELECTOR.encoding) === 0n) return 'HOST_TR_SELECTOR is 0'
  if ((rawField(r, F.VM_EXIT_CONTROLS.encoding) & EXIT_HOST_ADDR_SPACE_SIZE) === 0n)
    return 'the host is 64-bit but "host address-space size" (VM_EXIT_CONTROLS bit 9) is 0'
  return null
}

/**
 * Guest-state checks the model makes (SDM3 §26.3.1.5): the activity state is 0-3, and the
 * VMCS-link pointer is all ones or names a valid, non-shadow VMCS region (failure
 * qualification 4, hw-facts §4.6). Returns the exit qualification on failure.
 */
export function checkGuestState(
  s: VmxState,
  r: VmcsRegion,
): { qualification: bigint; why: string } | null {
  const act = rawField(r, F.GUEST_ACTIVITY_STATE.encoding)
  if (act > 3n) return { qualification: 0n, why: `GUEST_ACTIVITY_STATE ${act} is not 0-3` }
  const link = rawField(r, F.VMCS_LINK_POINTER.encoding)
  if (link !== ALL_ONES_64) {
    const target = validRegionAddress(link) ? regionAt(s, link) : null
    if (!target || target.revision !== MODEL_VMCS_REVISION_ID) {
      return {
        qualification: 4n,
        why: `VMCS_LINK_POINTER is ${'0x' + link.toString(16)}, not FFFFFFFF_FFFFFFFFH and not a valid VMCS`,
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

/** Host state loaded on every VM exit: CR0/3/4, RSP, RIP; RFLAGS = 2; CPL 0 (hw-facts §4.8). */
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
        rflags: 0x2n,
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
export function entryFailure(
  s: VmxState,
  r: VmcsRegion,
  qualification: bigint,
  why: string,
): VmxStep {
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
    [F.GUEST_RFLAGS.encoding, regs.rflags],
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
