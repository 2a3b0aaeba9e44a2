import { applyAddrSpace } from './addrspace/apply.ts'
import type { AddrSpaceOp } from './addrspace/ops.ts'
import type { EngineError } from './core/errors.ts'
import type { EngineEvent } from './core/event.ts'
import { type Result, err, ok } from './core/result.ts'
import type { Machine } from './machine.ts'
import { applyVmx } from './vmx/apply.ts'
import type { VmxOp } from './vmx/ops.ts'
import { applyXen } from './xen/apply.ts'
import type { XenOp } from './xen/ops.ts'

/** Every operation the engine understands; produced only by the console interpreter. */
export type Op = AddrSpaceOp | XenOp | VmxOp

export interface Step {
  readonly machine: Machine
  readonly events: readonly EngineEvent[]
}

// Every op kind of each module, listed once. The Record types make the compiler reject a kind
// missing here, and (through Exclude, which turns it into an excess key) a kind that two
// modules both claim, so routing by kind cannot be ambiguous.
type Kinds<Mine extends Op, Others extends Op> = Readonly<
  Record<Exclude<Mine['kind'], Others['kind']>, true>
>

const XEN_KINDS: Kinds<XenOp, AddrSpaceOp | VmxOp> = {
  'xen.domain': true,
  'xen.page-write': true,
  'ring.create': true,
  'ring.queue': true,
  'ring.push': true,
  'ring.consume': true,
  'ring.final-check': true,
  'evtchn.alloc-unbound': true,
  'evtchn.bind-interdomain': true,
  'evtchn.bind-virq': true,
  'evtchn.bind-ipi': true,
  'evtchn.bind-pirq': true,
  'evtchn.send': true,
  'evtchn.virq': true,
  'evtchn.pirq': true,
  'evtchn.mask': true,
  'evtchn.unmask': true,
  'evtchn.handle': true,
  'evtchn.close': true,
  'grant.access': true,
  'grant.accept-transfer': true,
  'grant.map': true,
  'grant.unmap': true,
  'grant.copy': true,
  'grant.transfer': true,
  'grant.end': true,
  'blk.connect': true,
  'blk.request': true,
  'blk.backend': true,
  'blk.complete': true,
  'net.connect': true,
  'net.post-rx': true,
  'net.send': true,
  'net.backend-tx': true,
  'net.receive': true,
  'net.poll': true,
}

const VMX_KINDS: Kinds<VmxOp, AddrSpaceOp | XenOp> = {
  'vmx.vmxon': true,
  'vmx.vmxoff': true,
  'vmx.vmclear': true,
  'vmx.vmptrld': true,
  'vmx.vmread': true,
  'vmx.vmwrite': true,
  'vmx.vmlaunch': true,
  'vmx.vmresume': true,
  'vmx.vmcall': true,
  'vmx.invept': true,
  'vmx.invvpid': true,
  'vmx.region': true,
  'vmx.bitmap': true,
  'vmx.picture': true,
  'vmx.guest': true,
  'vmx.external-exit': true,
  'vmx.advance-rip': true,
}

const isXenOp = (op: Op): op is XenOp => Object.hasOwn(XEN_KINDS, op.kind)
const isVmxOp = (op: Op): op is VmxOp => Object.hasOwn(VMX_KINDS, op.kind)

/** Pure: never mutates `machine`, never throws on bad input. */
export function apply(machine: Machine, op: Op): Result<Step, EngineError> {
  if (isXenOp(op)) {
    const r = applyXen(machine.xen, op)
    if (!r.ok) return err({ code: 'xen', error: r.error })
    return ok({ machine: { ...machine, xen: r.value.state }, events: r.value.events })
  }
  if (isVmxOp(op)) {
    const r = applyVmx(machine.vmx, op)
    if (!r.ok) return err({ code: 'vmx', error: r.error })
    return ok({ machine: { ...machine, vmx: r.value.state }, events: r.value.events })
  }
  const r = applyAddrSpace(machine.addr, op)
  if (!r.ok) return r
  return ok({ machine: { ...machine, addr: r.value.machine }, events: r.value.events })
}
