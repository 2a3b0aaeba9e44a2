import { applyAddrSpace } from './addrspace/apply.ts'
import type { AddrSpaceOp } from './addrspace/ops.ts'
import type { Machine as AddrSpaceMachine } from './addrspace/types.ts'
import { gpa, gva } from './core/addr.ts'
import type { EngineError } from './core/errors.ts'
import type { EngineEvent } from './core/event.ts'
import { applyEptOp } from './ept/apply.ts'
import type { EptOp } from './ept/ops.ts'
import { type Result, err, ok } from './core/result.ts'
import type { Machine } from './machine.ts'
import { applyPaging } from './paging/apply.ts'
import type { PagingOp } from './paging/ops.ts'
import { applyVirt } from './virt/apply.ts'
import type { VirtOp } from './virt/ops.ts'
import { applyVmx } from './vmx/apply.ts'
import type { VmxOp } from './vmx/ops.ts'
import { applyXen } from './xen/apply.ts'
import type { XenOp } from './xen/ops.ts'
import { applyXenPvOp } from './xenpv/apply.ts'
import type { XenPvOp } from './xenpv/ops.ts'

/** Every operation the engine understands; produced only by the console interpreter. */
export type Op = AddrSpaceOp | XenOp | VmxOp | PagingOp | VirtOp | EptOp | XenPvOp

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

const XEN_KINDS: Kinds<XenOp, AddrSpaceOp | VmxOp | PagingOp | VirtOp> = {
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

const VMX_KINDS: Kinds<VmxOp, AddrSpaceOp | XenOp | PagingOp | VirtOp> = {
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

const PAGING_KINDS: Kinds<PagingOp, AddrSpaceOp | XenOp | VmxOp | VirtOp> = {
  'paging.mode': true,
  'paging.poke': true,
  'paging.cr3': true,
  'paging.map': true,
  'paging.access': true,
  'paging.translate': true,
  'paging.invlpg': true,
  'paging.tlb.flush': true,
  'paging.tlb.config': true,
  'paging.control': true,
  'paging.info': true,
}

// Ops of the virtualized machine; every MMU module adds its own kinds here.
const VIRT_KINDS: Kinds<VirtOp, AddrSpaceOp | XenOp | VmxOp | PagingOp> = {
  'virt.mmu': true,
  'virt.host-poke': true,
  'virt.host-map': true,
}

// The EPT hypervisor's own ops (`eptp`, `vpid`, `ept ...`), valid under `mmu ept` only.
const EPT_KINDS: Kinds<EptOp, AddrSpaceOp | XenOp | VmxOp | PagingOp | VirtOp> = {
  'ept.eptp': true,
  'ept.vpid': true,
  'ept.cap': true,
  'ept.invept': true,
  'ept.invvpid': true,
  'ept.world-switch': true,
  'ept.caches': true,
  'ept.info': true,
}

// The Xen PV guest's page-table hypercalls (`mmu_update`, `mmuext`, `multicall`), under
// `mmu xen-pv` only.
const XENPV_KINDS: Kinds<XenPvOp, AddrSpaceOp | XenOp | VmxOp | PagingOp | VirtOp | EptOp> = {
  'xenpv.mmu-update': true,
  'xenpv.mmuext': true,
  'xenpv.multicall': true,
}

const isXenOp = (op: Op): op is XenOp => Object.hasOwn(XEN_KINDS, op.kind)
const isVmxOp = (op: Op): op is VmxOp => Object.hasOwn(VMX_KINDS, op.kind)
const isPagingOp = (op: Op): op is PagingOp => Object.hasOwn(PAGING_KINDS, op.kind)
const isVirtOp = (op: Op): op is VirtOp => Object.hasOwn(VIRT_KINDS, op.kind)
const isEptOp = (op: Op): op is EptOp => Object.hasOwn(EPT_KINDS, op.kind)
const isXenPvOp = (op: Op): op is XenPvOp => Object.hasOwn(XENPV_KINDS, op.kind)

/**
 * `map`, `access`, `cr0.wp` and `efer.nxe` are one console row each and always parse to a
 * paging op. With a guest selected (`vm NAME`, machine.addr.current !== null) they mean the
 * guest's view in the addrspace model (mapping lists, guest-physical to machine map), so they
 * are converted here; in native mode they run on the bit-exact paging engine (page tables in
 * memory, real walk, TLB). Returns null for ops that stay with the paging engine.
 */
function guestView(op: PagingOp): Result<AddrSpaceOp, EngineError> | null {
  switch (op.kind) {
    case 'paging.map': {
      // The guest model is 64-bit: 4 MiB pages exist only in 32-bit paging (SDM3 §4.3).
      if (op.size === '4M')
        return err({
          code: 'paging',
          error: { code: 'size-not-in-mode', size: '4M', mode: 'x86-64' },
        })
      return ok({
        kind: 'map',
        va: gva(op.va),
        pa: gpa(op.pa),
        size: op.size ?? '4K',
        writable: op.writable,
        user: op.user,
        noExecute: op.noExecute,
        global: op.global,
      })
    }
    case 'paging.access':
      return ok({ kind: 'access', va: gva(op.va), intent: op.intent, mode: op.mode })
    case 'paging.control':
      return op.bit === 'cr0.wp' || op.bit === 'efer.nxe'
        ? ok({ kind: 'control', bit: op.bit, on: op.on })
        : null
    default:
      return null
  }
}

/**
 * The addrspace model keeps one CR0.WP/EFER.NXE pair for the whole machine (the guests see the
 * same bits). A native `cr0.wp`/`efer.nxe` also writes that pair, so whatever reads
 * machine.addr.control (`info registers`, a guest selected later) sees the value just set.
 */
function mirrorControl(addr: AddrSpaceMachine, op: PagingOp): AddrSpaceMachine {
  if (op.kind !== 'paging.control') return addr
  if (op.bit === 'cr0.wp') return { ...addr, control: { ...addr.control, cr0Wp: op.on } }
  if (op.bit === 'efer.nxe') return { ...addr, control: { ...addr.control, eferNxe: op.on } }
  return addr
}

function applyAddr(machine: Machine, op: AddrSpaceOp): Result<Step, EngineError> {
  const r = applyAddrSpace(machine.addr, op)
  if (!r.ok) return r
  return ok({ machine: { ...machine, addr: r.value.machine }, events: r.value.events })
}

function virtualized(machine: Machine, op: PagingOp | VirtOp): Result<Step, EngineError> {
  const r = applyVirt(machine.paging, machine.virt, op)
  if (!r.ok) return r
  return ok({
    machine: { ...machine, paging: r.value.paging, virt: r.value.virt },
    events: r.value.events,
  })
}

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
  if (isVirtOp(op)) return virtualized(machine, op)
  if (isEptOp(op)) {
    const r = applyEptOp(machine.paging, machine.virt, op)
    if (!r.ok) return r
    return ok({
      machine: { ...machine, paging: r.value.paging, virt: r.value.virt },
      events: r.value.events,
    })
  }
  if (isXenPvOp(op)) {
    const r = applyXenPvOp(machine.paging, machine.virt, op)
    if (!r.ok) return r
    return ok({
      machine: { ...machine, paging: r.value.paging, virt: r.value.virt },
      events: r.value.events,
    })
  }
  // The addrspace model's `host map` row, used with no `vm` selected, means the hypervisor of
  // the `mmu` in force (EPT or the P2M).
  if (op.kind === 'host.map' && machine.addr.current === null && machine.virt.mmu !== 'native')
    return virtualized(machine, {
      kind: 'virt.host-map',
      gpa: op.gpa,
      hpa: op.hpa,
      size: op.size,
      read: op.read,
      write: op.write,
      execute: op.execute,
    })
  if (isPagingOp(op)) {
    const asGuest = machine.addr.current === null ? null : guestView(op)
    if (asGuest !== null) return asGuest.ok ? applyAddr(machine, asGuest.value) : asGuest
    if (machine.virt.mmu !== 'native') return virtualized(machine, op)
    const r = applyPaging(machine.paging, op)
    if (!r.ok) return err({ code: 'paging', error: r.error })
    return ok({
      machine: { ...machine, paging: r.value.state, addr: mirrorControl(machine.addr, op) },
      events: r.value.events,
    })
  }
  return applyAddr(machine, op)
}
