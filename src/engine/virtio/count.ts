import type { VirtioEvent } from './events.ts'
import type { VirtioCounts } from './types.ts'

type Bare = VirtioEvent extends infer E ? (E extends unknown ? Omit<E, 'snap'> : never) : never
export type BareVirtioEvent = Bare

/** The counters after one more event: every count is a tally of the model's own events. */
export function tally(c: VirtioCounts, e: Bare): VirtioCounts {
  switch (e.kind) {
    case 'virtio.exit':
      return { ...c, exits: c.exits + 1 }
    case 'virtio.kvm':
      return e.action === 'exit-mmio' ? { ...c, userspace: c.userspace + 1 } : c
    case 'virtio.tx':
      return {
        ...c,
        copies: c.copies + 1,
        copiedBytes: c.copiedBytes + e.bytes,
        packets: c.packets + 1,
      }
    case 'virtio.interrupt':
      return { ...c, interrupts: c.interrupts + 1 }
    case 'virtio.irq-check':
      return e.need ? c : { ...c, interruptsSuppressed: c.interruptsSuppressed + 1 }
    case 'virtio.notify':
      return { ...c, kicks: c.kicks + 1 }
    case 'virtio.kick-check':
      return e.need ? c : { ...c, kicksSuppressed: c.kicksSuppressed + 1 }
    case 'virtio.backend':
      return e.action === 'wake' ? { ...c, wakeups: c.wakeups + 1 } : c
    case 'virtio.rx-arrive':
      return e.copied ? { ...c, copies: c.copies + 1, copiedBytes: c.copiedBytes + e.bytes } : c
    case 'virtio.rx':
      return {
        ...c,
        copies: c.copies + 1,
        copiedBytes: c.copiedBytes + e.bytes,
        received: c.received + 1,
      }
    default:
      return c
  }
}

export const countsDiff = (a: VirtioCounts, b: VirtioCounts): VirtioCounts => ({
  exits: b.exits - a.exits,
  userspace: b.userspace - a.userspace,
  copies: b.copies - a.copies,
  copiedBytes: b.copiedBytes - a.copiedBytes,
  interrupts: b.interrupts - a.interrupts,
  interruptsSuppressed: b.interruptsSuppressed - a.interruptsSuppressed,
  kicks: b.kicks - a.kicks,
  kicksSuppressed: b.kicksSuppressed - a.kicksSuppressed,
  wakeups: b.wakeups - a.wakeups,
  packets: b.packets - a.packets,
  received: b.received - a.received,
})
