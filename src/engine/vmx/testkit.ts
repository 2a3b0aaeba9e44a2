// Test helpers shared by the VT-x tests (not used by the engine itself).
import { applyVmx } from './apply.ts'
import type { VmxEvent } from './events.ts'
import type { VmxOp } from './ops.ts'
import { type VmxState, initialVmxState } from './types.ts'

export function run(
  ops: readonly VmxOp[],
  from: VmxState = initialVmxState,
): { state: VmxState; events: VmxEvent[]; last: readonly VmxEvent[] } {
  let state = from
  const events: VmxEvent[] = []
  let last: readonly VmxEvent[] = []
  for (const op of ops) {
    const r = applyVmx(state, op)
    if (!r.ok)
      throw new Error(
        `op ${op.kind} refused: ${JSON.stringify(r.error, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v))}`,
      )
    state = r.value.state
    last = r.value.events
    events.push(...r.value.events)
  }
  return { state, events, last }
}

export const w = (field: string, value: bigint): VmxOp => ({ kind: 'vmx.vmwrite', field, value })
export const byName = (name: string) => ({ by: 'name' as const, name })

/** The minimum a VMM writes so that the model's entry checks pass (host selectors, 64-bit host, link pointer). */
export const minimalSetup = (name: string): VmxOp[] => [
  { kind: 'vmx.vmclear', target: byName(name) },
  { kind: 'vmx.vmptrld', target: byName(name) },
  w('HOST_CR0', 0x8005_0033n),
  w('HOST_CR4', 0x37_26e0n),
  w('HOST_CS_SELECTOR', 0x10n),
  w('HOST_TR_SELECTOR', 0x40n),
  w('VM_EXIT_CONTROLS', 0x200n),
  w('VMCS_LINK_POINTER', 0xffff_ffff_ffff_ffffn),
  w('HOST_RIP', 0xffff_ffff_8100_0000n),
  w('GUEST_RIP', 0x1000n),
  w('GUEST_RFLAGS', 0x2n),
]

export const launched = (name = 'vm1', extra: VmxOp[] = []): VmxOp[] => [
  { kind: 'vmx.vmxon', region: null },
  ...minimalSetup(name),
  ...extra,
  { kind: 'vmx.vmlaunch' },
]
