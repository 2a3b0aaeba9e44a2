// applyVmx: one VT-x operation on the VmxState. Pure; never throws; never mutates its input.
import { hex, hpa } from '../core/addr.ts'
import { type Result, err, exhaustive, ok } from '../core/result.ts'
import {
  CR0_TS,
  VMX_INSTR_EXIT,
  crWriteResult,
  guestExit,
  guestInstrLength,
  guestInstrText,
  ioBitmapLocation,
  lmswResult,
  msrBitmapLocation,
  preVtTrapVector,
} from '../cpu/exits.ts'
import type { BitmapName, GuestEffect, VmxError, VmxEvent } from './events.ts'
import { EXIT_ACK_INTR_ON_EXIT, F, fieldByName } from './fields.ts'
import { INTR_INFO_VALID_MASK } from './interruption.ts'
import {
  invept,
  invvpid,
  undefinedOpcode,
  vmEntry,
  vmclear,
  vmcallRoot,
  vmptrld,
  vmread,
  vmwrite,
  vmxoff,
  vmxon,
} from './instructions.ts'
import type { GuestInstr, VmxInstrName, VmxOp } from './ops.ts'
import { type VmxStep, vmExit } from './transitions.ts'
import type { VmxState } from './types.ts'
import {
  addTlb,
  currentRegion,
  currentVpid,
  effectiveControls,
  eptEnabled,
  ensureNamed,
  putRegion,
  readByte,
  regionForAddress,
  removeTlb,
  validRegionAddress,
  writeBit,
} from './vmcs.ts'

export type { VmxStep }

type R = Result<VmxStep, VmxError>

/** A VMX instruction: #UD outside VMX operation, VM exit in non-root, else its semantics. */
function vmxInstruction(s: VmxState, instr: VmxInstrName, run: () => VmxStep): R {
  if (s.cpu.mode === 'off' && instr !== 'vmxon') return ok(undefinedOpcode(s, instr))
  if (s.cpu.mode === 'non-root') {
    // Every VMX instruction exits in non-root operation (hw-facts §4.1; no VMCS shadowing).
    const x = VMX_INSTR_EXIT[instr]
    return ok(
      vmExit(s, {
        reason: x.reason,
        qualification: 0n,
        instructionLength: x.length,
        intrInfo: 0n,
        cause: instr,
      }),
    )
  }
  return ok(run())
}

function fieldKnown(field: string | bigint): VmxError | null {
  return typeof field === 'string' && !fieldByName(field)
    ? { code: 'vmx-unknown-field', name: field }
    : null
}

export function applyVmx(s: VmxState, op: VmxOp): R {
  switch (op.kind) {
    case 'vmx.vmxon':
      if (s.cpu.mode === 'off' && s.picture === 'pre-vt')
        return err({ code: 'vmx-pre-vt', command: 'vmxon' })
      return vmxInstruction(s, 'vmxon', () => vmxon(s, op.region))
    case 'vmx.vmxoff':
      return vmxInstruction(s, 'vmxoff', () => vmxoff(s))
    case 'vmx.vmclear':
      return vmxInstruction(s, 'vmclear', () => vmclear(s, op.target))
    case 'vmx.vmptrld':
      return vmxInstruction(s, 'vmptrld', () => vmptrld(s, op.target))
    case 'vmx.vmread': {
      const e = fieldKnown(op.field)
      if (e) return err(e)
      return vmxInstruction(s, 'vmread', () => vmread(s, op.field))
    }
    case 'vmx.vmwrite': {
      const e = fieldKnown(op.field)
      if (e) return err(e)
      return vmxInstruction(s, 'vmwrite', () => vmwrite(s, op.field, op.value))
    }
    case 'vmx.vmlaunch':
      return vmxInstruction(s, 'vmlaunch', () => vmEntry(s, 'vmlaunch'))
    case 'vmx.vmresume':
      return vmxInstruction(s, 'vmresume', () => vmEntry(s, 'vmresume'))
    case 'vmx.vmcall':
      return vmxInstruction(s, 'vmcall', () => vmcallRoot(s))
    case 'vmx.invept':
      return vmxInstruction(s, 'invept', () => invept(s, op.type, op.eptp))
    case 'vmx.invvpid':
      return vmxInstruction(s, 'invvpid', () => invvpid(s, op.type, op.vpid, op.linear))
    case 'vmx.region':
      return region(s, op)
    case 'vmx.bitmap':
      return bitmap(s, op)
    case 'vmx.picture':
      return picture(s, op.picture)
    case 'vmx.guest':
      return guest(s, op.instr)
    case 'vmx.advance-rip':
      return advanceRip(s)
    case 'vmx.external-exit': {
      if (s.cpu.mode !== 'non-root')
        return err({ code: 'vmx-no-guest', why: 'a VM exit needs a guest in non-root operation' })
      const extra: [number, bigint][] = []
      // EPT violations report the guest-physical and guest-linear addresses (hw-facts §4.8).
      if (op.gpa !== null) extra.push([F.GUEST_PHYSICAL_ADDRESS.encoding, op.gpa])
      if (op.gla !== null) extra.push([F.GUEST_LINEAR_ADDRESS.encoding, op.gla])
      if (op.errorCode !== undefined) extra.push([F.VM_EXIT_INTR_ERROR_CODE.encoding, op.errorCode])
      return ok(
        vmExit(s, {
          reason: op.reason,
          qualification: op.qualification,
          instructionLength: null,
          intrInfo: op.intrInfo ?? 0n,
          cause: op.cause,
          extra,
        }),
      )
    }
    default:
      return exhaustive(op)
  }
}

function region(s: VmxState, op: Extract<VmxOp, { kind: 'vmx.region' }>): R {
  if (op.revision < 0n || op.revision > 0xffff_ffffn)
    return err({
      code: 'vmx-bad-operand',
      what: 'revision identifier (32 bits)',
      value: op.revision,
    })
  let base: { state: VmxState; name: string; addr: bigint; created: boolean }
  if (op.target.by === 'name') {
    const r = ensureNamed(s, op.target.name)
    base = { state: r.state, name: r.region.name, addr: r.region.addr, created: r.created }
  } else {
    if (!validRegionAddress(op.target.addr))
      return err({
        code: 'vmx-bad-operand',
        what: '4 KiB-aligned region address',
        value: op.target.addr,
      })
    const r = regionForAddress(s, op.target.addr)
    base = { state: r.state, name: r.region.name, addr: r.region.addr, created: false }
  }
  const reg = regionForAddress(base.state, base.addr).region
  const revision = Number(op.revision)
  return ok({
    state: putRegion(base.state, { ...reg, revision }),
    events: [
      {
        kind: 'vmx.region',
        name: base.name,
        addr: hpa(base.addr),
        revision,
        created: base.created,
        cite: 'sdm3-24.11.3',
      },
    ],
  })
}

function bitmap(s: VmxState, op: Extract<VmxOp, { kind: 'vmx.bitmap' }>): R {
  if (s.cpu.mode !== 'root') return err({ code: 'vmx-not-root', command: 'bitmap' })
  const cur = currentRegion(s)
  if (!cur) return err({ code: 'vmx-no-current-vmcs', command: 'bitmap' })
  const c = effectiveControls(cur)
  let name: BitmapName
  let byteAddr: bigint
  let bit: number
  if (op.bitmap === 'io') {
    if (op.index < 0n || op.index > 0xffffn)
      return err({ code: 'vmx-bad-operand', what: 'I/O port (0-0xffff)', value: op.index })
    const loc = ioBitmapLocation(Number(op.index))
    name = loc.bitmap === 'a' ? 'io-a' : 'io-b'
    byteAddr = (loc.bitmap === 'a' ? c.ioBitmapA : c.ioBitmapB) + loc.byte
    bit = loc.bit
  } else {
    const write = op.bitmap === 'msr-write'
    const loc = msrBitmapLocation(op.index, write)
    if (!loc)
      return err({
        code: 'vmx-bad-operand',
        what: 'MSR in 0-0x1fff or 0xc0000000-0xc0001fff (others always exit)',
        value: op.index,
      })
    name = `msr-${write ? 'write' : 'read'}-${loc.high ? 'high' : 'low'}`
    byteAddr = c.msrBitmap + loc.byte
    bit = loc.bit
  }
  return ok({
    state: writeBit(s, byteAddr, bit, op.on),
    events: [
      {
        kind: 'vmx.bitmap',
        vmcs: cur.name,
        bitmap: name,
        index: op.index,
        byteAddr: hpa(byteAddr),
        bit,
        on: op.on,
        cite: 'sdm3-25.1.3',
      },
    ],
  })
}

function picture(s: VmxState, p: VmxState['picture']): R {
  if (s.cpu.mode !== 'off') return err({ code: 'vmx-in-vmx-operation', command: `cpu ${p}` })
  const next: VmxState = {
    ...s,
    picture: p,
    cpu: { ...s.cpu, cpl: p === 'pre-vt' ? 1 : 0, deprivilegedGuest: p === 'pre-vt' },
  }
  return ok({ state: next, events: [{ kind: 'cpu.picture', picture: p, cite: 'x86-deprivilege' }] })
}

const allOnes = (size: number): bigint => (1n << BigInt(size * 8)) - 1n

function guest(s: VmxState, i: GuestInstr): R {
  if (i.op === 'vmread' || i.op === 'vmwrite') {
    const e = fieldKnown(i.field)
    if (e) return err(e)
  }
  if (s.picture === 'pre-vt' && s.cpu.deprivilegedGuest) return ok(preVtGuest(s, i))
  if (s.cpu.mode !== 'non-root') {
    return err({
      code: 'vmx-no-guest',
      why:
        s.cpu.mode === 'off'
          ? 'the processor is not in VMX operation'
          : 'the processor is in VMX root operation (VMLAUNCH or VMRESUME first)',
    })
  }
  const wasHalted = s.cpu.activity === 'hlt'
  if (s.cpu.activity !== 'active' && !(i.op === 'interrupt' && wasHalted))
    return err({ code: 'vmx-vcpu-inactive', activity: s.cpu.activity })
  const cur = currentRegion(s)
  if (!cur) return err({ code: 'vmx-no-guest', why: 'no current VMCS' })
  const c = effectiveControls(cur)
  const vpid = currentVpid(c)
  const eptp = eptEnabled(c) ? c.eptp : null
  const rip = s.cpu.regs.rip
  let st = s
  // The instruction fetch caches a translation tagged with the current VPID (hw-facts §7).
  if (i.op !== 'interrupt') st = addTlb(st, { vpid, page: rip >> 12n, eptp, owner: cur.name })
  const length = guestInstrLength(i)
  const ex = guestExit(i, c, (a) => readByte(st, a))
  if (ex) {
    // External-interrupt exits report the vector only with "acknowledge interrupt on exit".
    const intrInfo =
      i.op === 'interrupt' && (c.exit & EXIT_ACK_INTR_ON_EXIT) !== 0n
        ? BigInt(INTR_INFO_VALID_MASK) | BigInt(i.vector & 0xff)
        : 0n
    return ok(
      vmExit(st, {
        reason: ex.reason,
        qualification: ex.qualification,
        instructionLength: length,
        intrInfo,
        cause: `${guestInstrText(i)}: ${ex.because}`,
      }),
    )
  }
  let effect: GuestEffect
  let activity = st.cpu.activity
  let regs = st.cpu.regs
  switch (i.op) {
    case 'hlt':
      effect = { what: 'halted' }
      activity = 'hlt'
      break
    case 'out': {
      const value = i.value & allOnes(i.size)
      st = { ...st, ioPorts: { ...st.ioPorts, [i.port]: value } }
      effect = { what: 'io-out', port: i.port, value, size: i.size }
      break
    }
    case 'in':
      effect = {
        what: 'io-in',
        port: i.port,
        value: (st.ioPorts[i.port] ?? allOnes(i.size)) & allOnes(i.size),
        size: i.size,
      }
      break
    case 'mov-cr3': {
      // CR4.PCIDE = 0 in the model: MOV to CR3 drops the current VPID's non-global entries.
      const t = removeTlb(st, (e) => e.vpid === vpid && e.eptp === eptp)
      st = t.state
      regs = { ...regs, cr3: i.value }
      effect = { what: 'cr3', value: i.value, tlbRemoved: t.removed }
      break
    }
    case 'mov-to-cr': {
      if (i.cr === 8) {
        // CR8 is the TPR (bits 3:0); the model has no local APIC to hold it.
        effect = { what: 'cr-write', cr: 8, value: i.value, now: i.value & 0xfn }
        break
      }
      const [old, mask] = i.cr === 0 ? [regs.cr0, c.cr0Mask] : [regs.cr4, c.cr4Mask]
      const now = crWriteResult(old, i.value, mask)
      regs = i.cr === 0 ? { ...regs, cr0: now } : { ...regs, cr4: now }
      effect = { what: 'cr-write', cr: i.cr, value: i.value, now }
      break
    }
    case 'mov-from-cr3':
      effect = { what: 'cr-read', cr: 3, value: regs.cr3 }
      break
    case 'clts': {
      // CLTS clears CR0.TS, unless the VMM owns TS through the mask (then it stays).
      const asked = regs.cr0 & ~CR0_TS
      const now = crWriteResult(regs.cr0, asked, c.cr0Mask)
      regs = { ...regs, cr0: now }
      effect = { what: 'cr-write', cr: 0, value: asked, now }
      break
    }
    case 'lmsw': {
      // `value`: the CR0 the source would give with no mask, to set beside what it gave.
      const now = lmswResult(regs.cr0, i.value, c.cr0Mask)
      effect = { what: 'cr-write', cr: 0, value: lmswResult(regs.cr0, i.value, 0n), now }
      regs = { ...regs, cr0: now }
      break
    }
    case 'ins':
    case 'outs':
      effect = {
        what: 'io-string',
        port: i.port,
        size: i.size,
        direction: i.op === 'ins' ? 'in' : 'out',
        rep: i.rep,
      }
      break
    case 'rdmsr':
      effect = { what: 'msr-read', msr: i.msr, value: st.msrs[hex(i.msr)] ?? 0n }
      break
    case 'wrmsr':
      st = { ...st, msrs: { ...st.msrs, [hex(i.msr)]: i.value } }
      effect = { what: 'msr-write', msr: i.msr, value: i.value }
      break
    case 'invlpg': {
      const page = i.va >> 12n
      const t = removeTlb(st, (e) => e.vpid === vpid && e.page === page)
      st = t.state
      effect = { what: 'invlpg', va: i.va, tlbRemoved: t.removed }
      break
    }
    case 'interrupt':
      // Delivered through the guest's own IDT; it wakes a halted vCPU.
      effect = { what: 'interrupt', vector: i.vector, woke: wasHalted }
      activity = 'active'
      break
    case 'cpuid':
    case 'vmcall':
    case 'vmread':
    case 'vmwrite':
      // Unreachable: these always exit. Kept so the switch is total.
      effect = { what: 'cpuid' }
      break
    default:
      return exhaustive(i)
  }
  if (length !== null) regs = { ...regs, rip: rip + BigInt(length) }
  st = { ...st, cpu: { ...st.cpu, regs, activity } }
  return ok({
    state: st,
    events: [
      {
        kind: 'guest.exec',
        instr: i,
        effect,
        vmcs: cur.name,
        rip,
        length: length ?? 0,
        cite: 'x86-io-mem',
      },
    ],
  })
}

/** Pre-VT trap-and-emulate: a ring-1 guest kernel instruction faults to the ring-0 VMM. */
function preVtGuest(s: VmxState, i: GuestInstr): VmxStep {
  const vector = preVtTrapVector(i)
  const rip = s.cpu.regs.rip
  const length = guestInstrLength(i) ?? 0
  // The VMM emulated the previous trap and returned: the guest kernel is back at ring 1.
  const atRing1: VmxState = { ...s, cpu: { ...s.cpu, cpl: 1 } }
  if (vector === null) {
    const ev: VmxEvent = {
      kind: 'guest.exec',
      instr: i,
      effect: { what: 'cpuid' },
      vmcs: null,
      rip,
      length,
      cite: 'x86-deprivilege',
    }
    const regs = { ...s.cpu.regs, rip: rip + BigInt(length) }
    return { state: { ...atRing1, cpu: { ...atRing1.cpu, regs } }, events: [ev] }
  }
  return {
    state: { ...atRing1, cpu: { ...atRing1.cpu, cpl: 0 } },
    events: [
      { kind: 'cpu.trap', instr: i, vector, fromRing: 1, toRing: 0, cite: 'x86-deprivilege' },
    ],
  }
}

/** The VMM skips the exiting instruction: GUEST_RIP += VM_EXIT_INSTRUCTION_LEN. */
function advanceRip(s: VmxState): R {
  if (s.cpu.mode !== 'root') return err({ code: 'vmx-not-root', command: 'vmm advance-rip' })
  if (!currentRegion(s)) return err({ code: 'vmx-no-current-vmcs', command: 'vmm advance-rip' })
  const a = vmread(s, F.VM_EXIT_INSTRUCTION_LEN.name)
  const b = vmread(a.state, F.GUEST_RIP.name)
  const val = (st: VmxStep): bigint => {
    const e = st.events[0]
    return e?.kind === 'vmcs.read' ? e.value : 0n
  }
  const c = vmwrite(b.state, F.GUEST_RIP.name, val(b) + val(a))
  return ok({ state: c.state, events: [...a.events, ...b.events, ...c.events] })
}
