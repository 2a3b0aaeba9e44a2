import { type EngineError, MAXPHYADDR } from '../core/errors.ts'
import { type Result, err, exhaustive, ok } from '../core/result.ts'
import type { AccessOutcome, AddrSpaceEvent } from './events.ts'
import type { AddrSpaceOp } from './ops.ts'
import {
  canonicalCheck,
  findGuestMapping,
  findHostMapping,
  guestPermissionFault,
  notPresentFault,
  guestTranslate,
  hostTranslate,
  hostViolation,
} from './translate.ts'
import {
  type GuestMapping,
  type HostMapping,
  type Machine,
  PAGE_BYTES,
  type VmState,
} from './types.ts'

export interface AddrSpaceStep {
  readonly machine: Machine
  readonly events: readonly AddrSpaceEvent[]
}

const overlaps = (a0: bigint, aSize: bigint, b0: bigint, bSize: bigint): boolean =>
  a0 < b0 + bSize && b0 < a0 + aSize

function checkAligned(
  what: 'va' | 'pa' | 'gpa' | 'hpa',
  addr: bigint,
  size: keyof typeof PAGE_BYTES,
): EngineError | null {
  return addr % PAGE_BYTES[size] === 0n ? null : { code: 'misaligned', what, addr, size }
}

function checkWidth(what: 'pa' | 'gpa' | 'hpa', addr: bigint): EngineError | null {
  return addr >> MAXPHYADDR === 0n ? null : { code: 'address-too-wide', what, addr }
}

/** Replace every mapping that overlaps `m` and keep the list ordered by its start address. */
function insertOrdered<T>(
  list: readonly T[],
  m: T,
  start: (x: T) => bigint,
  size: (x: T) => bigint,
): { list: readonly T[]; replaced: readonly T[] } {
  const replaced = list.filter((x) => overlaps(start(x), size(x), start(m), size(m)))
  const kept = list.filter((x) => !replaced.includes(x))
  const next = [...kept, m].sort((a, b) => (start(a) < start(b) ? -1 : start(a) > start(b) ? 1 : 0))
  return { list: next, replaced }
}

function currentVm(machine: Machine): VmState | null {
  return machine.vms.find((v) => v.name === machine.current) ?? null
}

function withVm(machine: Machine, vm: VmState): Machine {
  return { ...machine, vms: machine.vms.map((v) => (v.name === vm.name ? vm : v)) }
}

export function applyAddrSpace(
  machine: Machine,
  op: AddrSpaceOp,
): Result<AddrSpaceStep, EngineError> {
  switch (op.kind) {
    case 'vm.select': {
      const existing = machine.vms.find((v) => v.name === op.name)
      const events: AddrSpaceEvent[] = []
      let vms = machine.vms
      if (!existing) {
        vms = [...vms, { name: op.name, guestMap: [], hostMap: [] }]
        events.push({ kind: 'vm.create', vm: op.name, cite: 'vmm-p2m' })
      } else {
        events.push({ kind: 'vm.select', vm: op.name, cite: 'vmm-p2m' })
      }
      return ok({ machine: { ...machine, vms, current: op.name }, events })
    }
    case 'vm.native':
      return ok({
        machine: { ...machine, current: null },
        events: [{ kind: 'vm.select', vm: null, cite: 'vmm-p2m' }],
      })
    case 'map': {
      const e =
        checkAligned('va', op.va, op.size) ??
        checkAligned(machine.current ? 'gpa' : 'pa', op.pa, op.size) ??
        checkWidth(machine.current ? 'gpa' : 'pa', op.pa)
      if (e) return err(e)
      const mapping: GuestMapping = {
        va: op.va,
        pa: op.pa,
        size: op.size,
        writable: op.writable,
        user: op.user,
        noExecute: op.noExecute,
        global: op.global,
      }
      const vm = currentVm(machine)
      const base = vm ? vm.guestMap : machine.nativeMap
      const { list, replaced } = insertOrdered(
        base,
        mapping,
        (x) => x.va,
        (x) => PAGE_BYTES[x.size],
      )
      const next = vm ? withVm(machine, { ...vm, guestMap: list }) : { ...machine, nativeMap: list }
      return ok({
        machine: next,
        events: [{ kind: 'map.guest', vm: vm?.name ?? null, mapping, replaced, cite: 'sdm3-4.6' }],
      })
    }
    case 'host.map': {
      const vm = currentVm(machine)
      if (!vm) return err({ code: 'not-virtualized', op: op.kind })
      if (!op.read && !op.write && !op.execute) return err({ code: 'no-permissions' })
      const e =
        checkAligned('gpa', op.gpa, op.size) ??
        checkAligned('hpa', op.hpa, op.size) ??
        checkWidth('gpa', op.gpa) ??
        checkWidth('hpa', op.hpa)
      if (e) return err(e)
      const mapping: HostMapping = {
        gpa: op.gpa,
        hpa: op.hpa,
        size: op.size,
        read: op.read,
        write: op.write,
        execute: op.execute,
      }
      const { list, replaced } = insertOrdered(
        vm.hostMap,
        mapping,
        (x) => x.gpa,
        (x) => PAGE_BYTES[x.size],
      )
      return ok({
        machine: withVm(machine, { ...vm, hostMap: list }),
        events: [{ kind: 'map.host', vm: vm.name, mapping, replaced, cite: 'vmm-p2m' }],
      })
    }
    case 'control':
      return ok({
        machine: {
          ...machine,
          control:
            op.bit === 'cr0.wp'
              ? { ...machine.control, cr0Wp: op.on }
              : { ...machine.control, eferNxe: op.on },
        },
        events: [{ kind: 'control.set', bit: op.bit, on: op.on, cite: 'sdm3-4.6' }],
      })
    case 'access':
      return ok({ machine, events: accessEvents(machine, op) })
    default:
      return exhaustive(op)
  }
}

function accessEvents(
  machine: Machine,
  op: Extract<AddrSpaceOp, { kind: 'access' }>,
): AddrSpaceEvent[] {
  const vm = currentVm(machine)
  const vmName = vm?.name ?? null
  const done = (outcome: AccessOutcome, cite: AddrSpaceEvent['cite']): AddrSpaceEvent => ({
    kind: 'access.done',
    vm: vmName,
    va: op.va,
    intent: op.intent,
    mode: op.mode,
    outcome,
    cite,
  })
  const gp = canonicalCheck(op.va)
  if (gp) return [done({ result: 'fault', fault: gp }, 'sdm1-3.3.7.1')]

  const gm = findGuestMapping(vm ? vm.guestMap : machine.nativeMap, op.va)
  const events: AddrSpaceEvent[] = [
    {
      kind: 'access.guest',
      vm: vmName,
      va: op.va,
      intent: op.intent,
      mode: op.mode,
      mapping: gm,
      pa: gm ? guestTranslate(gm, op.va) : null,
      cite: 'sdm3-4.6',
    },
  ]
  // A fault the guest's own table raises goes to the guest OS; the hypervisor never sees it.
  if (!gm) {
    events.push(
      done(
        { result: 'fault', fault: notPresentFault(op.va, op.intent, op.mode, machine.control) },
        'sdm3-4.7',
      ),
    )
    return events
  }
  const pf = guestPermissionFault(gm, op.va, op.intent, op.mode, machine.control)
  if (pf) {
    events.push(done({ result: 'fault', fault: pf }, 'sdm3-4.7'))
    return events
  }
  const guestPa = guestTranslate(gm, op.va)
  if (!vm) {
    events.push(done({ result: 'ok', gpa: null, pa: guestPa }, 'sdm3-4.6'))
    return events
  }
  const hm = findHostMapping(vm.hostMap, guestPa)
  const violation = hostViolation(hm, guestPa, op.va, op.intent)
  events.push({
    kind: 'access.host',
    vm: vm.name,
    gpa: guestPa,
    intent: op.intent,
    mapping: hm,
    hpa: hm ? hostTranslate(hm, guestPa) : null,
    cite: 'vmm-p2m',
  })
  // hostViolation reports every access that has no mapping, so hm is set when it is null.
  if (violation) {
    events.push(done({ result: 'exit', exit: violation }, 'sdm3-28.2.3'))
  } else if (hm) {
    events.push(done({ result: 'ok', gpa: guestPa, pa: hostTranslate(hm, guestPa) }, 'vmm-p2m'))
  }
  return events
}
