// The VMX instructions executed in VMX root operation (or outside VMX operation), with the
// outcomes of hw-facts §4.1-4.3. In non-root operation apply.ts turns them into VM exits.
import { type Hpa, hex } from '../core/addr.ts'
import { MAXPHYADDR } from '../core/errors.ts'
import { eptpProblem } from '../ept/entry.ts'
import type { VmxEvent } from './events.ts'
import { type VmcsField, lookupField } from './fields.ts'
import type { VmxInstrName, VmxTarget } from './ops.ts'
import {
  checkControls,
  checkGuestState,
  checkHostState,
  enterGuest,
  entryFailure,
  type VmxStep,
  vmfail,
  vmfailInvalid,
} from './transitions.ts'
import { DEFAULT_VMXON_REGION, MODEL_VMCS_REVISION_ID, type VmxState } from './types.ts'
import {
  currentRegion,
  putRegion,
  readField,
  regionForAddress,
  removeTlb,
  resolveTarget,
  validRegionAddress,
  writeField,
} from './vmcs.ts'
import { VMXERR, VM_INSTRUCTION_ERROR_TEXT } from './vmInstructionErrors.ts'

const errText = (n: number): string => VM_INSTRUCTION_ERROR_TEXT[n] ?? `error ${n}`

function withEvents(pre: readonly VmxEvent[], step: VmxStep): VmxStep {
  return { state: step.state, events: [...pre, ...step.events] }
}

function regionEvents(created: { name: string; addr: Hpa; revision: number } | null): VmxEvent[] {
  return created
    ? [
        {
          kind: 'vmx.region',
          name: created.name,
          addr: created.addr,
          revision: created.revision,
          created: true,
          cite: 'sdm3-24.11.3',
        },
      ]
    : []
}

/** #UD: every VMX instruction but VMXON outside VMX operation (SDM2 pseudocode, §4.2). */
export function undefinedOpcode(s: VmxState, instr: VmxInstrName): VmxStep {
  return {
    state: s,
    events: [
      {
        kind: 'vmx.fault',
        instr,
        vector: 6,
        why: 'the processor is not in VMX operation (execute VMXON first)',
        cite: 'sdm2-vmx-ud',
      },
    ],
  }
}

function succeed(
  s: VmxState,
  instr: VmxInstrName,
  vmcs: string | null,
  addr: Hpa | null,
  launch: 'clear' | 'launched' | null,
  cite: Extract<VmxEvent, { kind: 'vmx.instr' }>['cite'],
  tlbRemoved = 0,
): VmxStep {
  return { state: s, events: [{ kind: 'vmx.instr', instr, vmcs, addr, launch, tlbRemoved, cite }] }
}

export function vmxon(s0: VmxState, target: VmxTarget | null): VmxStep {
  if (s0.cpu.mode === 'root') {
    return vmfail(
      s0,
      'vmxon',
      VMXERR.VMXON_IN_VMX_ROOT_OPERATION,
      errText(15),
      'VMXON executed in VMX root operation',
      'sdm2-vmxon',
    )
  }
  const r = resolveTarget(s0, target ?? { by: 'name', name: DEFAULT_VMXON_REGION })
  const pre = regionEvents(r.created)
  let s = r.state
  // Outside VMX operation there is no current VMCS, so every failure is VMfailInvalid.
  if (!validRegionAddress(r.addr)) {
    return withEvents(
      pre,
      vmfailInvalid(
        s,
        'vmxon',
        `VMXON pointer ${hex(r.addr)} is not 4 KiB aligned or exceeds the physical-address width`,
        'sdm2-vmxon',
      ),
    )
  }
  const m = regionForAddress(s, r.addr)
  s = m.state
  if (m.region.revision !== MODEL_VMCS_REVISION_ID) {
    return withEvents(
      pre,
      vmfailInvalid(
        s,
        'vmxon',
        `the VMXON region's revision identifier ${hex(BigInt(m.region.revision))} differs from the processor's ${hex(BigInt(MODEL_VMCS_REVISION_ID))}`,
        'sdm2-vmxon',
      ),
    )
  }
  s = { ...s, cpu: { ...s.cpu, mode: 'root', cpl: 0, vmxonPtr: m.region.addr, currentVmcs: null } }
  return withEvents(pre, succeed(s, 'vmxon', m.region.name, m.region.addr, null, 'sdm2-vmxon'))
}

export function vmxoff(s: VmxState): VmxStep {
  const next: VmxState = {
    ...s,
    cpu: { ...s.cpu, mode: 'off', vmxonPtr: null, currentVmcs: null },
  }
  return succeed(next, 'vmxoff', null, null, null, 'sdm2-vmxoff')
}

export function vmclear(s0: VmxState, target: VmxTarget): VmxStep {
  const r = resolveTarget(s0, target)
  const pre = regionEvents(r.created)
  let s = r.state
  if (!validRegionAddress(r.addr)) {
    return withEvents(
      pre,
      vmfail(
        s,
        'vmclear',
        VMXERR.VMCLEAR_INVALID_ADDRESS,
        errText(2),
        `${hex(r.addr)} is not 4 KiB aligned or exceeds the physical-address width`,
        'sdm2-vmclear',
      ),
    )
  }
  if (r.addr === s.cpu.vmxonPtr) {
    return withEvents(
      pre,
      vmfail(
        s,
        'vmclear',
        VMXERR.VMCLEAR_VMXON_POINTER,
        errText(3),
        `${hex(r.addr)} is the VMXON region`,
        'sdm2-vmclear',
      ),
    )
  }
  const m = regionForAddress(s, r.addr)
  s = putRegion(m.state, { ...m.region, launch: 'clear', active: false })
  // Clearing the current VMCS leaves no current VMCS (FFFFFFFF_FFFFFFFFH).
  if (s.cpu.currentVmcs === r.addr) s = { ...s, cpu: { ...s.cpu, currentVmcs: null } }
  return withEvents(
    pre,
    succeed(s, 'vmclear', m.region.name, m.region.addr, 'clear', 'sdm2-vmclear'),
  )
}

export function vmptrld(s0: VmxState, target: VmxTarget): VmxStep {
  const r = resolveTarget(s0, target)
  const pre = regionEvents(r.created)
  let s = r.state
  const fail = (n: number, why: string): VmxStep =>
    withEvents(pre, vmfail(s, 'vmptrld', n, errText(n), why, 'sdm2-vmptrld'))
  if (!validRegionAddress(r.addr)) {
    return fail(
      VMXERR.VMPTRLD_INVALID_ADDRESS,
      `${hex(r.addr)} is not 4 KiB aligned or exceeds the physical-address width`,
    )
  }
  if (r.addr === s.cpu.vmxonPtr)
    return fail(VMXERR.VMPTRLD_VMXON_POINTER, `${hex(r.addr)} is the VMXON region`)
  const m = regionForAddress(s, r.addr)
  s = m.state
  // The model CPU has no VMCS shadowing, so bit 31 must be 0 too: compare all 32 bits.
  if (m.region.revision !== MODEL_VMCS_REVISION_ID) {
    return fail(
      VMXERR.VMPTRLD_INCORRECT_VMCS_REVISION_ID,
      `the region's revision identifier ${hex(BigInt(m.region.revision))} differs from the processor's ${hex(BigInt(MODEL_VMCS_REVISION_ID))}`,
    )
  }
  s = putRegion(s, { ...m.region, active: true })
  s = { ...s, cpu: { ...s.cpu, currentVmcs: m.region.addr } }
  return withEvents(
    pre,
    succeed(s, 'vmptrld', m.region.name, m.region.addr, m.region.launch, 'sdm2-vmptrld'),
  )
}

/** Resolves a VMREAD/VMWRITE operand; an unknown encoding is "unsupported" (error 12). */
function fieldOperand(field: string | bigint): VmcsField | null {
  if (typeof field === 'string') return lookupField(field)
  return field >= 0n && field <= 0xffff_ffffn ? lookupField(Number(field)) : null
}

export function vmread(s: VmxState, field: string | bigint): VmxStep {
  const cur = currentRegion(s)
  if (!cur) return vmfailInvalid(s, 'vmread', 'there is no current VMCS', 'sdm2-vmread-vmwrite')
  const f = fieldOperand(field)
  if (!f) {
    return vmfail(
      s,
      'vmread',
      VMXERR.UNSUPPORTED_VMCS_COMPONENT,
      errText(12),
      `encoding ${typeof field === 'bigint' ? hex(field) : field} is not a VMCS field of this processor`,
      'sdm2-vmread-vmwrite',
    )
  }
  return {
    state: s,
    events: [
      {
        kind: 'vmcs.read',
        vmcs: cur.name,
        field: f.name,
        encoding: f.encoding,
        value: readField(cur, f),
        cite: 'sdm2-vmread-vmwrite',
      },
    ],
  }
}

export function vmwrite(s: VmxState, field: string | bigint, value: bigint): VmxStep {
  const cur = currentRegion(s)
  if (!cur) return vmfailInvalid(s, 'vmwrite', 'there is no current VMCS', 'sdm2-vmread-vmwrite')
  const f = fieldOperand(field)
  if (!f) {
    return vmfail(
      s,
      'vmwrite',
      VMXERR.UNSUPPORTED_VMCS_COMPONENT,
      errText(12),
      `encoding ${typeof field === 'bigint' ? hex(field) : field} is not a VMCS field of this processor`,
      'sdm2-vmread-vmwrite',
    )
  }
  // The model CPU does not set IA32_VMX_MISC bit 29, so exit-information fields are read-only.
  if (f.readOnly) {
    return vmfail(
      s,
      'vmwrite',
      VMXERR.VMWRITE_READ_ONLY_VMCS_COMPONENT,
      errText(13),
      `${f.name} (${hex(BigInt(f.encoding))}) is a read-only VM-exit information field`,
      'sdm2-vmread-vmwrite',
    )
  }
  const previous = readField(cur, f)
  const updated = writeField(cur, f, value)
  return {
    state: putRegion(s, updated),
    events: [
      {
        kind: 'vmcs.write',
        vmcs: cur.name,
        field: f.name,
        encoding: f.encoding,
        value: readField(updated, f),
        previous,
        cite: 'sdm2-vmread-vmwrite',
      },
    ],
  }
}

/** VMLAUNCH / VMRESUME in root operation, in the check order of hw-facts §4.2. */
export function vmEntry(s: VmxState, instr: 'vmlaunch' | 'vmresume'): VmxStep {
  const cur = currentRegion(s)
  if (!cur) return vmfailInvalid(s, instr, 'there is no current VMCS', 'sdm2-vmlaunch')
  if (instr === 'vmlaunch' && cur.launch !== 'clear') {
    return vmfail(
      s,
      instr,
      VMXERR.VMLAUNCH_NONCLEAR_VMCS,
      errText(4),
      `${cur.name} is already launched: use VMRESUME, or VMCLEAR it first`,
      'sdm2-vmlaunch',
    )
  }
  if (instr === 'vmresume' && cur.launch !== 'launched') {
    return vmfail(
      s,
      instr,
      VMXERR.VMRESUME_NONLAUNCHED_VMCS,
      errText(5),
      `${cur.name} is clear: it must be entered with VMLAUNCH first`,
      'sdm2-vmlaunch',
    )
  }
  const ctl = checkControls(cur)
  if (ctl) return vmfail(s, instr, VMXERR.ENTRY_INVALID_CONTROL_FIELD, errText(7), ctl, 'sdm3-26.2')
  const host = checkHostState(cur)
  if (host) {
    return vmfail(s, instr, VMXERR.ENTRY_INVALID_HOST_STATE_FIELD, errText(8), host, 'sdm3-26.2.3')
  }
  const guest = checkGuestState(s, cur)
  if (guest) return entryFailure(s, cur, guest)
  return enterGuest(s, cur, instr)
}

/** VMCALL in root operation without dual-monitor treatment: VMfail(1) (hw-facts §4.1). */
export function vmcallRoot(s: VmxState): VmxStep {
  return vmfail(
    s,
    'vmcall',
    VMXERR.VMCALL_IN_VMX_ROOT_OPERATION,
    errText(1),
    'VMCALL in VMX root operation (no dual-monitor treatment)',
    'sdm2-vmcall',
  )
}

/**
 * INVEPT type 1 (single context: one EPTP) or 2 (global); others VMfail(28) (§4.1, §7). Type 1
 * also fails with 28 "IF VM entry with the 'enable EPT' VM execution control set to 1 would
 * fail due to the EPTP value" (SDM Vol. 2 INVEPT operation; the EPTP checks of SDM3
 * §26.2.1.1, `eptpProblem`). Type 2 ignores the descriptor.
 */
export function invept(s: VmxState, type: bigint, eptp: bigint): VmxStep {
  const fail = (why: string): VmxStep =>
    vmfail(s, 'invept', VMXERR.INVALID_OPERAND_TO_INVEPT_INVVPID, errText(28), why, 'sdm2-invept')
  if (type !== 1n && type !== 2n)
    return fail(`INVEPT type ${type} is not supported (1 single-context, 2 global)`)
  const bad = type === 1n ? eptpProblem(eptp, Number(MAXPHYADDR)) : null
  if (bad) return fail(`INVEPT type 1 with an EPTP VM entry would refuse: ${bad}`)
  // Guest-physical and combined mappings are the ones tagged with an EPTP.
  const t = removeTlb(s, (e) => e.eptp !== null && (type === 2n || e.eptp === eptp))
  return succeed(
    t.state,
    'invept',
    currentRegion(s)?.name ?? null,
    null,
    null,
    'sdm2-invept',
    t.removed,
  )
}

const isCanonical = (la: bigint): boolean => {
  const top = la >> 47n
  return top === 0n || top === (1n << 17n) - 1n
}

/**
 * INVVPID types 0-3 (hw-facts §4.1, §7). The VMfail(28) cases are those of the SDM's INVVPID
 * pseudocode (Vol. 3C p. 30-7, xem mirror; felixcloutier INVVPID): an unsupported type;
 * "IF INVVPID_DESC[63:16] ≠ 0"; for types 0, 1 and 3 "IF VPID = 0"; for type 0 a linear
 * address "not in a canonical form" (48-bit here: the model's guests use 4-level paging).
 * Type 2 has no operand check.
 */
export function invvpid(s: VmxState, type: bigint, vpid: bigint, linear: bigint): VmxStep {
  const fail = (why: string): VmxStep =>
    vmfail(s, 'invvpid', VMXERR.INVALID_OPERAND_TO_INVEPT_INVVPID, errText(28), why, 'sdm2-invvpid')
  if (type < 0n || type > 3n) return fail(`INVVPID type ${type} is not supported (0-3)`)
  if (vpid < 0n || vpid > 0xffffn)
    return fail('descriptor bits 63:16 are reserved and must be 0 (VPID is 16 bits)')
  if (type !== 2n && vpid === 0n) return fail(`INVVPID type ${type} with VPID 0 (the host's)`)
  if (type === 0n && !isCanonical(linear))
    return fail(`linear address ${hex(linear)} is not canonical`)
  const v = Number(vpid)
  const page = linear >> 12n
  const t = removeTlb(s, (e) =>
    type === 0n
      ? e.vpid === v && e.page === page
      : type === 2n
        ? e.vpid !== 0
        : // types 1 and 3: the model caches no global translations, so 3 equals 1
          e.vpid === v,
  )
  return succeed(
    t.state,
    'invvpid',
    currentRegion(s)?.name ?? null,
    null,
    null,
    'sdm2-invvpid',
    t.removed,
  )
}

export const regionAddress = (s: VmxState, name: string): Hpa | null =>
  s.regions.find((r) => r.name.toLowerCase() === name.toLowerCase())?.addr ?? null
