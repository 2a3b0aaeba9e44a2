// The three-address-spaces model's events as console JSON and text.
import {
  type AccessOutcome,
  type AddrSpaceEvent,
  type GuestMapping,
  type HostMapping,
  exhaustive,
  hex,
} from '../../engine/index.ts'
import type { JsonObject } from '../format.ts'

const guestFlags = (m: GuestMapping): string =>
  [m.writable ? 'w' : '', m.user ? 'u' : '', m.noExecute ? 'nx' : '', m.global ? 'g' : '']
    .filter(Boolean)
    .join(' ')
const hostPerms = (m: HostMapping): string =>
  (m.read ? 'r' : '') + (m.write ? 'w' : '') + (m.execute ? 'x' : '')

function outcomeJson(o: AccessOutcome): JsonObject {
  switch (o.result) {
    case 'ok':
      return o.gpa === null
        ? { result: 'ok', pa: hex(o.pa) }
        : { result: 'ok', pa: hex(o.pa), gpa: hex(o.gpa) }
    case 'fault':
      return o.fault.vector === 14
        ? {
            result: 'fault',
            fault: {
              vector: 14,
              errorCode: o.fault.errorCode,
              cr2: hex(o.fault.cr2),
              reason: o.fault.reason,
            },
          }
        : { result: 'fault', fault: { vector: 13, reason: o.fault.reason } }
    case 'exit':
      return {
        result: 'exit',
        exit: {
          reason: o.exit.reason,
          name: o.exit.name,
          qualification: hex(o.exit.qualification),
          gpa: hex(o.exit.gpa),
        },
      }
    default:
      return exhaustive(o)
  }
}

export function addrSpaceEventJson(e: AddrSpaceEvent): JsonObject {
  switch (e.kind) {
    case 'vm.create':
      return { vm: e.vm, created: true }
    case 'vm.select':
      return { vm: e.vm, created: false }
    case 'map.guest':
      return {
        va: hex(e.mapping.va),
        pa: hex(e.mapping.pa),
        size: e.mapping.size,
        flags: guestFlags(e.mapping),
        replaced: e.replaced.length,
      }
    case 'map.host':
      return {
        vm: e.vm,
        gpa: hex(e.mapping.gpa),
        hpa: hex(e.mapping.hpa),
        size: e.mapping.size,
        perms: hostPerms(e.mapping),
        replaced: e.replaced.length,
      }
    case 'control.set':
      return { value: e.on }
    case 'access.guest':
    case 'access.host':
      return {}
    case 'access.done':
      return { va: hex(e.va), intent: e.intent, mode: e.mode, ...outcomeJson(e.outcome) }
    default:
      return exhaustive(e)
  }
}

export function addrSpaceEventText(e: AddrSpaceEvent): string {
  switch (e.kind) {
    case 'vm.create':
      return `guest ${e.vm} created`
    case 'vm.select':
      return e.vm === null ? 'now acting on the native OS' : `now acting on guest ${e.vm}`
    case 'map.guest':
      return `${e.vm ?? 'native'}: page table maps VA ${hex(e.mapping.va)} -> ${e.vm ? 'GPA' : 'PA'} ${hex(e.mapping.pa)} (${e.mapping.size}${guestFlags(e.mapping) ? ', ' + guestFlags(e.mapping) : ''})`
    case 'map.host':
      return `hypervisor maps ${e.vm} GPA ${hex(e.mapping.gpa)} -> HPA ${hex(e.mapping.hpa)} (${e.mapping.size}, ${hostPerms(e.mapping)})`
    case 'control.set':
      return `${e.bit} = ${e.on ? 'on' : 'off'}`
    case 'access.guest':
      return e.pa === null
        ? `guest page table: VA ${hex(e.va)} not mapped`
        : `guest page table: VA ${hex(e.va)} -> ${e.vm ? 'GPA' : 'PA'} ${hex(e.pa)}`
    case 'access.host':
      return e.hpa === null
        ? `hypervisor map: GPA ${hex(e.gpa)} not mapped`
        : `hypervisor map: GPA ${hex(e.gpa)} -> HPA ${hex(e.hpa)}`
    case 'access.done': {
      const o = e.outcome
      if (o.result === 'ok')
        return `${e.intent} ${hex(e.va)}: ok, ${o.gpa === null ? 'PA' : 'HPA'} ${hex(o.pa)}`
      if (o.result === 'fault') {
        return o.fault.vector === 14
          ? `${e.intent} ${hex(e.va)}: #PF error code ${hex(BigInt(o.fault.errorCode))} (${o.fault.reason}), CR2 ${hex(o.fault.cr2)}`
          : `${e.intent} ${hex(e.va)}: #GP (non-canonical address)`
      }
      return `${e.intent} ${hex(e.va)}: VM exit ${o.exit.reason} ${o.exit.name}, qualification ${hex(o.exit.qualification)}, GPA ${hex(o.exit.gpa)}`
    }
    default:
      return exhaustive(e)
  }
}
