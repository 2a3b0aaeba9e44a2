import {
  type AccessOutcome,
  type EngineError,
  type EngineEvent,
  type GuestMapping,
  type HostMapping,
  exhaustive,
  hex,
  isPagingEvent,
  isVmxEvent,
  isVirtEvent,
  isXenEvent,
  isEptEvent,
  isShadowEvent,
  isXenPvEvent,
} from '../engine/index.ts'
import { describeEptError, eptEventJson, eptEventText } from './format/ept.ts'
import { describePagingError, pagingEventJson, pagingEventText } from './format/paging.ts'
import { describeShadowError, shadowEventJson, shadowEventText } from './format/shadow.ts'
import { describeVirtError, virtEventJson, virtEventText } from './format/virt.ts'
import { describeVmxError, vmxEventJson, vmxEventText } from './format/vmx.ts'
import { describeXenError, xenEventJson, xenEventText } from './format/xen.ts'
import { describeXenPvError, xenPvEventJson, xenPvEventText } from './format/xenpv.ts'
import type { CommandResult } from './run.ts'

export function describeEngineError(e: EngineError): string {
  switch (e.code) {
    case 'misaligned':
      return `${e.what.toUpperCase()} ${hex(e.addr)} is not aligned to the ${e.size} page size`
    case 'not-virtualized':
      return `'${e.command}' needs a guest: create one first with 'vm NAME'`
    case 'address-too-wide':
      return `${e.what.toUpperCase()} ${hex(e.addr)} is wider than MAXPHYADDR (52 bits)`
    case 'no-permissions':
      return 'give at least one of r, w, x'
    case 'xen':
      return describeXenError(e.error)
    case 'vmx':
      return describeVmxError(e.error)
    case 'paging':
      return describePagingError(e.error)
    case 'virt':
      return describeVirtError(e.error)
    case 'ept':
      return describeEptError(e.error)
    case 'shadow':
      return describeShadowError(e.error)
    case 'xenpv':
      return describeXenPvError(e.error)
    default:
      return exhaustive(e)
  }
}

export type JsonValue = string | number | boolean | null | JsonValue[] | { [k: string]: JsonValue }
export type JsonObject = { [k: string]: JsonValue }

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

/** The fields one event contributes to its command's JSON object. */
function eventJson(e: EngineEvent): JsonObject {
  if (isXenEvent(e)) return xenEventJson(e)
  if (isVmxEvent(e)) return vmxEventJson(e)
  if (isPagingEvent(e)) return pagingEventJson(e)
  if (isVirtEvent(e)) return virtEventJson(e)
  if (isEptEvent(e)) return eptEventJson(e)
  if (isShadowEvent(e)) return shadowEventJson(e)
  if (isXenPvEvent(e)) return xenPvEventJson(e)
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

/** One JSON object per executed command, as CONSOLE.md specifies. */
export function resultJson(r: CommandResult): JsonObject {
  const base: JsonObject = { line: r.line, cmd: r.cmd, ok: r.ok }
  if (!r.ok) return { ...base, error: r.error?.message ?? 'error', column: r.error?.column ?? 1 }
  return r.events.reduce<JsonObject>((acc, e) => ({ ...acc, ...eventJson(e) }), base)
}

/** One line of plain text per event: what the browser console prints. */
export function eventText(e: EngineEvent): string {
  if (isXenEvent(e)) return xenEventText(e)
  if (isVmxEvent(e)) return vmxEventText(e)
  if (isPagingEvent(e)) return pagingEventText(e)
  if (isVirtEvent(e)) return virtEventText(e)
  if (isEptEvent(e)) return eptEventText(e)
  if (isShadowEvent(e)) return shadowEventText(e)
  if (isXenPvEvent(e)) return xenPvEventText(e)
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

export function resultText(r: CommandResult): string[] {
  if (!r.ok)
    return [`error at line ${r.line}, column ${r.error?.column ?? 1}: ${r.error?.message ?? ''}`]
  return r.events.map(eventText)
}
