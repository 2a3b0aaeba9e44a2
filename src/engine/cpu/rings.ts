// What a CPU panel draws: where the processor is (VMX root / non-root, ring) and who occupies
// each ring in the current picture (course notes 004 slides 44-47; hw-facts §4.8 "CPL 0 after exit").
import type { VmxState } from '../vmx/types.ts'

export type Operation = 'root' | 'non-root' | 'none'
export type Occupant = 'VMM' | 'host apps' | 'guest kernel' | 'guest apps'

/** One protection ring (CPL) in the CPU picture; not a Xen shared-ring slot (xen RingSlot). */
export interface PrivilegeRingSlot {
  readonly operation: Operation
  readonly ring: 0 | 1 | 2 | 3
  readonly occupant: Occupant
}

export interface RingPicture {
  readonly picture: VmxState['picture']
  readonly slots: readonly PrivilegeRingSlot[]
  /** Where the processor executes now. */
  readonly current: { readonly operation: Operation; readonly ring: 0 | 1 | 3 }
  readonly vmxMode: VmxState['cpu']['mode']
}

export function ringPicture(s: VmxState): RingPicture {
  if (s.picture === 'pre-vt') {
    return {
      picture: 'pre-vt',
      vmxMode: s.cpu.mode,
      // Ring compression: the guest kernel is pushed out of ring 0 to ring 1.
      slots: [
        { operation: 'none', ring: 0, occupant: 'VMM' },
        { operation: 'none', ring: 1, occupant: 'guest kernel' },
        { operation: 'none', ring: 3, occupant: 'guest apps' },
      ],
      current: { operation: 'none', ring: s.cpu.cpl },
    }
  }
  const operation: Operation =
    s.cpu.mode === 'non-root' ? 'non-root' : s.cpu.mode === 'root' ? 'root' : 'none'
  return {
    picture: 'vt-x',
    vmxMode: s.cpu.mode,
    // Both operations have their own rings 0-3; the guest kernel keeps ring 0 (non-root).
    slots: [
      { operation: 'root', ring: 0, occupant: 'VMM' },
      { operation: 'root', ring: 3, occupant: 'host apps' },
      { operation: 'non-root', ring: 0, occupant: 'guest kernel' },
      { operation: 'non-root', ring: 3, occupant: 'guest apps' },
    ],
    current: { operation, ring: s.cpu.cpl },
  }
}
