import { type VirtError, type VirtEvent, exhaustive, hex } from '../../engine/index.ts'
import type { JsonObject } from '../format.ts'
import { XENPV_OP_WORD } from './xenpv.ts'

type NamedOp = Extract<VirtError, { code: 'wrong-mmu' }>['op']

/**
 * The engine names a refused op by its kind; these are the words the refusal shows: `host map`
 * for the row that reaches the hypervisor, the hypercalls' own names, and the kind itself for a
 * paging op (every MMU implements every paging op, test/mmu-contract.test.ts, so that one is
 * never seen at the console).
 */
function opWord(op: NamedOp): string {
  if (op === 'virt.host-map') return 'host map'
  if (op === 'xenpv.mmu-update' || op === 'xenpv.mmuext' || op === 'xenpv.multicall')
    return XENPV_OP_WORD[op]
  return op
}

const perms = (e: { read: boolean; write: boolean; execute: boolean }): string =>
  (e.read ? 'r' : '') + (e.write ? 'w' : '') + (e.execute ? 'x' : '')

export function virtEventJson(e: VirtEvent): JsonObject {
  switch (e.kind) {
    case 'virt.mmu':
      return { mmu: e.mmu, previous: e.previous }
    case 'virt.host-poke':
      return { addr: hex(e.addr), size: e.size, value: hex(e.value), old: hex(e.old) }
    case 'virt.p2m-map':
      return {
        gpa: hex(e.gpa),
        hpa: hex(e.hpa),
        size: e.size,
        perms: perms(e),
        replaced: e.replaced === null ? null : hex(e.replaced),
      }
    default:
      return exhaustive(e)
  }
}

export function virtEventText(e: VirtEvent): string {
  switch (e.kind) {
    case 'virt.mmu':
      return `MMU: ${e.mmu} (fresh guest and host memory)`
    case 'virt.host-poke':
      return `host-physical ${hex(e.addr)} = ${hex(e.value)} (${e.size} bytes, was ${hex(e.old)})`
    case 'virt.p2m-map':
      return `P2M: GPA ${hex(e.gpa)} -> HPA ${hex(e.hpa)} (${e.size}, ${perms(e)})${e.replaced === null ? '' : `, was HPA ${hex(e.replaced)}`}`
    default:
      return exhaustive(e)
  }
}

export function describeVirtError(e: VirtError): string {
  switch (e.code) {
    case 'no-hypervisor':
      return `'${opWord(e.op)}' needs a hypervisor: choose 'mmu shadow', 'mmu ept' or 'mmu xen-pv' first (or 'vm NAME' for the address-space model)`
    case 'wrong-mmu':
      return `'${opWord(e.op)}' works with 'mmu ${e.needs}'; the MMU now is '${e.mmu}'`
    case 'misaligned':
      return `${e.what.toUpperCase()} ${hex(e.addr)} is not aligned to the ${e.size} page size`
    case 'address-too-wide':
      return `${e.what.toUpperCase()} ${hex(e.addr)} is wider than MAXPHYADDR (52 bits)`
    case 'no-permissions':
      return 'give at least one of r, w, x'
    case 'pke-unsupported':
      return e.mmu === 'shadow'
        ? `'${e.op === 'pkru' ? 'pkru' : 'cr4.pke on'}' is refused under 'mmu shadow': KVM offers protection keys to a guest only with EPT/NPT (cpuid.c clears PKU when TDP is off)`
        : e.mmu === 'xen-pv'
          ? `'${e.op === 'pkru' ? 'pkru' : 'cr4.pke on'}' is refused under 'mmu xen-pv': Xen offers protection keys (PKU) to HVM guests only`
          : `'${e.op === 'pkru' ? 'pkru' : 'cr4.pke on'}' under 'mmu ept' is not modelled: the 2-D walk here does not check protection keys (use 'mmu native')`

    default:
      return exhaustive(e)
  }
}
