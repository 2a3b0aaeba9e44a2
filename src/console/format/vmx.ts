// JSON fields and text lines of the VT-x events (CONSOLE.md: a failing VMX instruction has
// "vmfail" and, for VMfailValid, "error"; vmread has "value"; an exit has "exit").
import {
  exhaustive,
  hex,
  EXIT_REASON_DESCRIPTIONS,
  VMCS_FIELDS,
  type GuestEffect,
  type VmExitInfo,
  type VmxError,
  type VmxEvent,
  fieldByEncoding,
  guestInstrText,
} from '../../engine/index.ts'
import type { JsonObject } from '../format.ts'

const h = (n: number): string => hex(BigInt(n))

export function exitJson(x: VmExitInfo): JsonObject {
  const o: JsonObject = {
    reason: x.reason,
    name: x.name ?? `REASON_${x.reason}`,
    qualification: hex(x.qualification),
  }
  if (x.instructionLength !== null) o.instructionLength = x.instructionLength
  if (x.intrInfo !== 0n) o.intrInfo = hex(x.intrInfo)
  if (x.entryFailure) {
    o.entryFailure = true
    o.exitReasonField = h(x.fullReason)
    if (x.guestCheck) o.check = x.guestCheck.check
  }
  return o
}

function effectJson(e: GuestEffect): JsonObject {
  switch (e.what) {
    case 'cpuid':
      return { ran: 'cpuid' }
    case 'halted':
      return { halted: true }
    case 'io-out':
      return { device: { port: h(e.port), value: hex(e.value), size: e.size } }
    case 'io-in':
      return { device: { port: h(e.port), size: e.size }, value: hex(e.value) }
    case 'cr3':
      return { cr3: hex(e.value), tlbRemoved: e.tlbRemoved }
    case 'cr-write':
      return { cr: e.cr, asked: hex(e.value), now: hex(e.now) }
    case 'cr-read':
      return { cr: e.cr, value: hex(e.value) }
    case 'io-string':
      return { device: { port: h(e.port), size: e.size }, direction: e.direction, rep: e.rep }
    case 'msr-read':
      return { msr: hex(e.msr), value: hex(e.value) }
    case 'msr-write':
      return { msr: hex(e.msr), value: hex(e.value) }
    case 'invlpg':
      return { va: hex(e.va), tlbRemoved: e.tlbRemoved }
    case 'interrupt':
      return { vector: e.vector, woke: e.woke }
    default:
      return exhaustive(e)
  }
}

/** The fields one VT-x event adds to its command's JSON object. */
export function vmxEventJson(e: VmxEvent): JsonObject {
  switch (e.kind) {
    case 'vmx.region':
      return {
        region: { name: e.name, addr: hex(e.addr), revision: h(e.revision), created: e.created },
      }
    case 'vmx.instr': {
      const o: JsonObject = { vmcs: e.vmcs }
      if (e.addr !== null) o.addr = hex(e.addr)
      if (e.launch !== null) o.launch = e.launch
      if (e.instr === 'invept' || e.instr === 'invvpid') o.tlbRemoved = e.tlbRemoved
      return o
    }
    case 'vmx.fail':
      return e.vmfail === 'valid' && e.error !== null
        ? { vmfail: 'valid', error: e.error, why: e.why }
        : { vmfail: 'invalid', why: e.why }
    case 'vmx.fault':
      return { fault: { vector: e.vector, name: '#UD' }, why: e.why }
    case 'vmcs.read':
      return { vmcs: e.vmcs, field: e.field, encoding: h(e.encoding), value: hex(e.value) }
    case 'vmcs.write':
      return {
        vmcs: e.vmcs,
        field: e.field,
        encoding: h(e.encoding),
        value: hex(e.value),
        previous: hex(e.previous),
      }
    case 'vmx.entry':
      return {
        vmcs: e.vmcs,
        entry: true,
        launch: e.launchAfter,
        vpid: e.vpid,
        rip: hex(e.guestRip),
        activity: e.activity,
        tlbRemoved: e.tlbRemoved,
      }
    case 'vmx.exit':
      return { vmcs: e.vmcs, exit: exitJson(e.exit), rip: hex(e.hostRip), tlbRemoved: e.tlbRemoved }
    case 'guest.exec':
      return { vmcs: e.vmcs, rip: hex(e.rip), length: e.length, ...effectJson(e.effect) }
    case 'cpu.trap':
      return { trap: { vector: e.vector, fromRing: e.fromRing, toRing: e.toRing } }
    case 'cpu.picture':
      return { picture: e.picture }
    case 'vmx.bitmap':
      return {
        vmcs: e.vmcs,
        bitmap: e.bitmap,
        index: hex(e.index),
        byte: hex(e.byteAddr),
        bit: e.bit,
        on: e.on,
      }
    default:
      return exhaustive(e)
  }
}

function effectText(e: GuestEffect): string {
  switch (e.what) {
    case 'cpuid':
      return 'CPUID ran without trapping'
    case 'halted':
      return 'the vCPU halts (no HLT exiting)'
    case 'io-out':
      return `OUT reached the device: port ${h(e.port)} <- ${hex(e.value)}`
    case 'io-in':
      return `IN from the device: port ${h(e.port)} -> ${hex(e.value)}`
    case 'cr3':
      return `CR3 <- ${hex(e.value)} without an exit (${e.tlbRemoved} TLB entries dropped)`
    case 'cr-write':
      return `CR${e.cr} <- ${hex(e.value)} without an exit: CR${e.cr} = ${hex(e.now)}`
    case 'cr-read':
      return `MOV from CR${e.cr} without an exit: ${hex(e.value)}`
    case 'io-string':
      return `${e.rep ? 'REP ' : ''}${e.direction === 'in' ? 'INS' : 'OUTS'} port ${h(e.port)} without an exit`
    case 'msr-read':
      return `RDMSR ${hex(e.msr)} -> ${hex(e.value)} without an exit`
    case 'msr-write':
      return `WRMSR ${hex(e.msr)} <- ${hex(e.value)} without an exit`
    case 'invlpg':
      return `INVLPG ${hex(e.va)} in the guest (${e.tlbRemoved} TLB entries dropped)`
    case 'interrupt':
      return `interrupt ${e.vector} delivered through the guest IDT${e.woke ? ', waking the vCPU' : ''}`
    default:
      return exhaustive(e)
  }
}

const exitText = (x: VmExitInfo): string =>
  x.entryFailure
    ? `VM-entry failure: exit reason ${h(x.fullReason)} (${EXIT_REASON_DESCRIPTIONS[x.reason] ?? x.reason}), qualification ${hex(x.qualification)}: ${x.cause}`
    : `VM exit ${x.reason} ${x.name ?? ''} qualification ${hex(x.qualification)}${x.instructionLength === null ? '' : `, length ${x.instructionLength}`} (${x.cause})`

/** One line of plain text per VT-x event. */
export function vmxEventText(e: VmxEvent): string {
  switch (e.kind) {
    case 'vmx.region':
      return `region ${e.name} at ${hex(e.addr)}, revision ${h(e.revision)}`
    case 'vmx.instr':
      return `${e.instr.toUpperCase()}: VMsucceed${e.vmcs ? ` (${e.vmcs}${e.launch ? `, ${e.launch}` : ''})` : ''}`
    case 'vmx.fail':
      return e.vmfail === 'valid'
        ? `${e.instr.toUpperCase()}: VMfailValid(${e.error ?? '?'}) ${e.errorText}: ${e.why}`
        : `${e.instr.toUpperCase()}: VMfailInvalid: ${e.why}`
    case 'vmx.fault':
      return `${e.instr.toUpperCase()}: #UD, ${e.why}`
    case 'vmcs.read':
      return `VMREAD ${e.field} (${h(e.encoding)}) = ${hex(e.value)}`
    case 'vmcs.write':
      return `VMWRITE ${e.field} (${h(e.encoding)}) <- ${hex(e.value)} (was ${hex(e.previous)})`
    case 'vmx.entry':
      return `VM entry (${e.instr.toUpperCase()}) into ${e.vmcs}: non-root, RIP ${hex(e.guestRip)}, VPID ${e.vpid}, ${e.launchAfter}`
    case 'vmx.exit':
      return exitText(e.exit)
    case 'guest.exec':
      return `guest ${guestInstrText(e.instr)} at ${hex(e.rip)}: ${effectText(e.effect)}`
    case 'cpu.trap':
      return `guest ${guestInstrText(e.instr)} at ring 1 traps to the VMM at ring 0 (vector ${e.vector})`
    case 'cpu.picture':
      return e.picture === 'vt-x'
        ? 'VT-x picture: guest kernel at ring 0 of VMX non-root operation'
        : 'pre-VT picture: guest kernel deprivileged to ring 1, trap-and-emulate'
    case 'vmx.bitmap':
      return `${e.bitmap} bitmap of ${e.vmcs}: byte ${hex(e.byteAddr)} bit ${e.bit} ${e.on ? 'set' : 'cleared'} (${hex(e.index)})`
    default:
      return exhaustive(e)
  }
}

function similarFields(name: string): string[] {
  const n = name.toUpperCase()
  return VMCS_FIELDS.filter((f) => f.name.includes(n) || n.includes(f.name))
    .slice(0, 4)
    .map((f) => f.name)
}

/** The plain-words message of a VT-x model error. */
export function describeVmxError(e: VmxError): string {
  switch (e.code) {
    case 'vmx-no-guest':
      return `no guest is running: ${e.why}`
    case 'vmx-vcpu-inactive':
      return `the vCPU is in activity state ${e.activity}: only an interrupt can wake it from hlt`
    case 'vmx-unknown-field': {
      const near = similarFields(e.name)
      return `'${e.name}' is not a VMCS field name${near.length ? ` (did you mean ${near.join(', ')}?)` : ''}; give the name like GUEST_RIP or an encoding like 0x681e`
    }
    case 'vmx-no-current-vmcs':
      return `'${e.command}' needs a current VMCS: VMPTRLD one first`
    case 'vmx-bad-operand':
      return `bad ${e.what}: ${hex(e.value)}`
    case 'vmx-in-vmx-operation':
      return `'${e.command}' is not possible in VMX operation (VMXOFF first)`
    case 'vmx-not-root':
      return `'${e.command}' is done by the VMM: the processor must be in VMX root operation`
    case 'vmx-pre-vt':
      return `'${e.command}' needs the VT-x picture: 'cpu vt-x' first (pre-VT processors have no VMX)`
    default:
      return exhaustive(e)
  }
}

export const fieldLabel = (encoding: number): string =>
  fieldByEncoding(encoding)?.name ?? h(encoding)
