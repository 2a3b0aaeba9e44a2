// Where the hypervisor lives (hw-facts-2 §4.1-4.3): four designs as data — their layers, who
// runs at which privilege and in which address space — and the path one guest `out` to the
// virtual NIC's transmit port takes through each, hop by hop. Pure tables and functions.
import { ioQualification } from '../cpu/exits.ts'
import type { HypCitationId } from './cite.ts'

export const DESIGN_IDS = ['esx', 'hosted', 'xen', 'kvm'] as const
export type DesignId = (typeof DESIGN_IDS)[number]

export type LayerId =
  'guest' | 'vmm' | 'esx' | 'vmapp' | 'hostos' | 'xen' | 'dom0' | 'kvm' | 'qemu' | 'host' | 'nic'

/** The two worlds of the hosted design (hw-facts-2 §4.2); null in the other designs. */
export type World = 'vmm' | 'host'

/** An address space, named by whose page tables CR3 holds there. */
export type SpaceId = 'vmm-world' | 'host-world' | 'domu' | 'dom0' | 'guest-ept' | 'qemu'
/**
 * A layer's address space: a SpaceId; 'inherit' where the layer runs on whatever page tables
 * were loaded (Xen entered by syscall: SYSCALL does not load CR3); null where the facts are
 * silent (the ESX kernel).
 */
export type LayerSpace = SpaceId | 'inherit' | null

export interface LayerSpec {
  readonly id: LayerId
  /** guest: the VM; user: a host process; kernel: a most-privileged layer; hw: the device. */
  readonly side: 'guest' | 'user' | 'kernel' | 'hw'
  /** CPL there; null for the device. */
  readonly ring: 0 | 1 | 3 | null
  /** VMX root (true) or non-root (false) in the VT-x design; null where VT-x is not used. */
  readonly root: boolean | null
  readonly world: World | null
  readonly space: LayerSpace
}

export interface Design {
  readonly id: DesignId
  /** Top to bottom. */
  readonly layers: readonly LayerSpec[]
  /** The layers that run in the most privileged mode (the "hypervisor" by Tanenbaum's rule). */
  readonly privileged: readonly LayerId[]
}

const L = (
  id: LayerId,
  side: LayerSpec['side'],
  ring: LayerSpec['ring'],
  space: LayerSpace,
  world: World | null = null,
  root: boolean | null = null,
): LayerSpec => ({ id, side, ring, root, world, space })

export const DESIGNS: Readonly<Record<DesignId, Design>> = {
  // ESX: VMM per VM on the ESX hypervisor, which schedules, manages memory and drives the NIC
  // itself (seed 003; TAN §7.9.2). Guest kernel at ring 1 under BT, VMM in the top 4 MiB of
  // the VM's linear space (hw-facts-2 §1.1). The ESX kernel's own address space is not in
  // the facts, so it is left unnamed.
  esx: {
    id: 'esx',
    layers: [
      L('guest', 'guest', 1, 'vmm-world'),
      L('vmm', 'kernel', 0, 'vmm-world'),
      L('esx', 'kernel', 0, null),
      L('nic', 'hw', null, null),
    ],
    privileged: ['vmm', 'esx'],
  },
  // VMware Workstation (hw-facts-2 §4.2): the VMM world (guest + VMM) and the host world
  // (VMApp, the host kernel with VMDriver, VMNet and the NIC driver) share one CPU in turn.
  hosted: {
    id: 'hosted',
    layers: [
      L('guest', 'guest', 1, 'vmm-world', 'vmm'),
      L('vmm', 'kernel', 0, 'vmm-world', 'vmm'),
      L('vmapp', 'user', 3, 'host-world', 'host'),
      L('hostos', 'kernel', 0, 'host-world', 'host'),
      L('nic', 'hw', null, null),
    ],
    privileged: ['vmm', 'hostos'],
  },
  // Xen with Dom0 (seed 000, hw-facts-2 §1.1): 64-bit PV kernels run in ring 3, Xen in ring 0;
  // each domain has its own page tables.
  xen: {
    id: 'xen',
    layers: [
      L('guest', 'guest', 3, 'domu'),
      L('dom0', 'guest', 3, 'dom0'),
      L('xen', 'kernel', 0, 'inherit'),
      L('nic', 'hw', null, null),
    ],
    privileged: ['xen'],
  },
  // KVM + QEMU (hw-facts-2 §4.3, §1.8): the guest in VMX non-root; KVM in the host kernel
  // (VMX root, ring 0) on the vCPU thread of the QEMU process; QEMU in ring 3; the host kernel's
  // tap and NIC driver. After a VM exit CR3 holds the host's value (hw-facts §4.8): the QEMU
  // process's page tables, as KVM runs inside its vCPU thread's ioctl.
  kvm: {
    id: 'kvm',
    layers: [
      L('guest', 'guest', 0, 'guest-ept', null, false),
      L('qemu', 'user', 3, 'qemu', null, true),
      L('kvm', 'kernel', 0, 'qemu', null, true),
      L('host', 'kernel', 0, 'qemu', null, true),
      L('nic', 'hw', null, null),
    ],
    privileged: ['kvm', 'host'],
  },
}

/** How a hop moves the CPU: the reason the panel and the narration give. */
export type HopHow =
  /** The VMM intercepts the guest's OUT (binary translation's call-out; SUG01). */
  | 'trap'
  /** A VT-x VM exit. */
  | 'vm-exit'
  /** A paravirtual hypercall (syscall through the hypercall page). */
  | 'hypercall'
  /** A frontend writes a request into a ring shared with its backend: no hypervisor. */
  | 'ring'
  /** A device model handles the port write. */
  | 'device-model'
  /** The VMM hands the frame to the ESX hypervisor's I/O subsystem. */
  | 'to-io-subsystem'
  /** VMDriver switches worlds. */
  | 'world-switch'
  /** The host kernel hands control to a user process (VMApp; KVM_RUN returning to QEMU). */
  | 'to-user'
  /** A process makes a system call (write() to VMNet or tap; ioctl(KVM_RUN); into VMDriver). */
  | 'syscall'
  /** The process asks the kernel to run the VM again (into VMDriver; ioctl(KVM_RUN)). */
  | 'run-vm'
  /** A system call returns to the process. */
  | 'syscall-return'
  /** A native NIC driver sends the frame to the physical NIC. */
  | 'driver'
  /** Back from the I/O subsystem to the VMM. */
  | 'to-vmm'
  /** Xen marks an event channel pending and kicks the other domain's vCPU. */
  | 'event'
  /** Xen switches to another domain and upcalls its event handler. */
  | 'domain-switch'
  /** The VMM resumes the guest past the OUT. */
  | 'resume'
  /** VT-x VM entry. */
  | 'vm-entry'

/** The CPU state a switch saves and loads (hw-facts-2 §4.2; hw-facts §4.8). */
export type SavedState =
  'RAX…R15' | 'RIP' | 'RSP' | 'RFLAGS' | 'CR0' | 'CR3' | 'CR4' | 'IDTR' | 'GDTR' | 'CS…GS'

export interface Hop {
  /** 1-based within the path. */
  readonly n: number
  readonly from: LayerId
  /** Where the CPU is after the hop. */
  readonly at: LayerId
  readonly how: HopHow
  /** Whose page tables CR3 holds after the hop; null where the facts are silent. */
  readonly space: SpaceId | null
  /** The NIC was reached on this hop (the frame leaves the machine). */
  readonly device: boolean
  /** The world switch or VM exit/entry's saved and loaded state. */
  readonly switches: {
    readonly from: World | 'guest' | 'host'
    readonly to: World | 'guest' | 'host'
    readonly state: readonly SavedState[]
  } | null
  /** A VM exit's basic reason and qualification. */
  readonly exit: { readonly reason: number; readonly qualification: bigint } | null
  /** A hypercall's number and sub-op. */
  readonly hypercall: {
    readonly nr: number
    readonly name: string
    readonly op: number
    readonly opName: string
  } | null
  /** KVM_RUN's return to QEMU: struct kvm_run's exit_reason and io. */
  readonly kvmRun: {
    readonly exitReason: 2
    readonly direction: 1
    readonly size: 1 | 2 | 4
    readonly port: number
    readonly count: 1
    readonly dataOffset: number
  } | null
  readonly cite: HypCitationId
}

/** The guest instruction every design follows: `out dx, al|ax|eax` to the NIC's transmit port. */
export interface OutInstr {
  readonly port: number
  readonly value: number
  readonly size: 1 | 2 | 4
}

/** The virtual NIC's I/O window in this model (a 64-port PCI I/O BAR, like the kvm module's e1000 BAR1). */
export const NIC_PORTS = { base: 0xc000, count: 0x40 } as const
export const DEFAULT_OUT: OutInstr = { port: 0xc010, value: 0x1, size: 2 }

/** x86 KVM puts a port access's data one page after struct kvm_run (hw-facts-2 §1.8). */
const KVM_PIO_DATA_OFFSET = 4096
/** Xen's hypercall numbers and sub-ops used here (hw-facts §5.4-5.5, hw-facts-2 §1.7). */
export const XEN_HC = {
  event_channel_op: 32,
  grant_table_op: 20,
  EVTCHNOP_send: 4,
  GNTTABOP_copy: 5,
} as const
/** The world switch saves all user- and system-visible state (hw-facts-2 §4.2). */
const WORLD_STATE: readonly SavedState[] = [
  'RAX…R15',
  'RIP',
  'RSP',
  'RFLAGS',
  'CR0',
  'CR3',
  'CR4',
  'IDTR',
  'GDTR',
  'CS…GS',
]
/** What a VM exit saves into the VMCS and loads from its host fields (hw-facts §4.8). */
const VMCS_STATE: readonly SavedState[] = [
  'RIP',
  'RSP',
  'RFLAGS',
  'CR0',
  'CR3',
  'CR4',
  'CS…GS',
  'GDTR',
  'IDTR',
]

type HopSpec = Omit<Hop, 'n' | 'space' | 'device' | 'switches' | 'exit' | 'hypercall' | 'kvmRun'> &
  Partial<Pick<Hop, 'device' | 'switches' | 'exit' | 'hypercall' | 'kvmRun'>>

const hc = (
  nr: number,
  name: string,
  op: number,
  opName: string,
): NonNullable<Hop['hypercall']> => ({ nr, name, op, opName })

function specs(design: DesignId, i: OutInstr): readonly HopSpec[] {
  switch (design) {
    case 'esx':
      return [
        { from: 'guest', at: 'vmm', how: 'trap', cite: 'hyp-vmm-trap' },
        { from: 'vmm', at: 'vmm', how: 'device-model', cite: 'hyp-vmm-trap' },
        { from: 'vmm', at: 'esx', how: 'to-io-subsystem', cite: 'hyp-esx' },
        { from: 'esx', at: 'esx', how: 'driver', device: true, cite: 'hyp-esx' },
        { from: 'esx', at: 'vmm', how: 'to-vmm', cite: 'hyp-esx' },
        { from: 'vmm', at: 'guest', how: 'resume', cite: 'hyp-vmm-trap' },
      ]
    case 'hosted':
      return [
        { from: 'guest', at: 'vmm', how: 'trap', cite: 'hyp-vmm-trap' },
        { from: 'vmm', at: 'vmm', how: 'device-model', cite: 'hyp-hosted-io' },
        {
          from: 'vmm',
          at: 'hostos',
          how: 'world-switch',
          switches: { from: 'vmm', to: 'host', state: WORLD_STATE },
          cite: 'hyp-world-switch',
        },
        { from: 'hostos', at: 'vmapp', how: 'to-user', cite: 'hyp-hosted' },
        { from: 'vmapp', at: 'hostos', how: 'syscall', cite: 'hyp-hosted-io' },
        { from: 'hostos', at: 'hostos', how: 'driver', device: true, cite: 'hyp-hosted-io' },
        { from: 'hostos', at: 'vmapp', how: 'syscall-return', cite: 'hyp-hosted-io' },
        { from: 'vmapp', at: 'hostos', how: 'run-vm', cite: 'hyp-hosted' },
        {
          from: 'hostos',
          at: 'vmm',
          how: 'world-switch',
          switches: { from: 'host', to: 'vmm', state: WORLD_STATE },
          cite: 'hyp-world-switch',
        },
        { from: 'vmm', at: 'guest', how: 'resume', cite: 'hyp-vmm-trap' },
      ]
    case 'xen':
      return [
        { from: 'guest', at: 'guest', how: 'ring', cite: 'hyp-xen-split' },
        {
          from: 'guest',
          at: 'xen',
          how: 'hypercall',
          hypercall: hc(
            XEN_HC.event_channel_op,
            'event_channel_op',
            XEN_HC.EVTCHNOP_send,
            'EVTCHNOP_send',
          ),
          cite: 'hyp-xen-evtchn',
        },
        { from: 'xen', at: 'xen', how: 'event', cite: 'hyp-xen-evtchn' },
        { from: 'xen', at: 'dom0', how: 'domain-switch', cite: 'hyp-xen-boost' },
        {
          from: 'dom0',
          at: 'xen',
          how: 'hypercall',
          hypercall: hc(
            XEN_HC.grant_table_op,
            'grant_table_op',
            XEN_HC.GNTTABOP_copy,
            'GNTTABOP_copy',
          ),
          cite: 'hyp-xen-grant',
        },
        { from: 'xen', at: 'dom0', how: 'syscall-return', cite: 'hyp-xen-grant' },
        { from: 'dom0', at: 'dom0', how: 'driver', device: true, cite: 'hyp-xen-split' },
        {
          from: 'dom0',
          at: 'xen',
          how: 'hypercall',
          hypercall: hc(
            XEN_HC.event_channel_op,
            'event_channel_op',
            XEN_HC.EVTCHNOP_send,
            'EVTCHNOP_send',
          ),
          cite: 'hyp-xen-evtchn',
        },
        { from: 'xen', at: 'guest', how: 'domain-switch', cite: 'hyp-xen-evtchn' },
      ]
    case 'kvm':
      return [
        {
          from: 'guest',
          at: 'kvm',
          how: 'vm-exit',
          exit: { reason: 30, qualification: ioQualification(i.port, i.size, 'out', false) },
          switches: { from: 'guest', to: 'host', state: VMCS_STATE },
          cite: 'hyp-kvm-exit',
        },
        {
          from: 'kvm',
          at: 'qemu',
          how: 'to-user',
          kvmRun: {
            exitReason: 2,
            direction: 1,
            size: i.size,
            port: i.port,
            count: 1,
            dataOffset: KVM_PIO_DATA_OFFSET,
          },
          cite: 'hyp-kvm-run',
        },
        { from: 'qemu', at: 'qemu', how: 'device-model', cite: 'hyp-kvm-run' },
        { from: 'qemu', at: 'host', how: 'syscall', cite: 'hyp-kvm-tx' },
        { from: 'host', at: 'host', how: 'driver', device: true, cite: 'hyp-kvm-tx' },
        { from: 'host', at: 'qemu', how: 'syscall-return', cite: 'hyp-kvm-tx' },
        { from: 'qemu', at: 'kvm', how: 'run-vm', cite: 'hyp-kvm-run' },
        {
          from: 'kvm',
          at: 'guest',
          how: 'vm-entry',
          switches: { from: 'host', to: 'guest', state: VMCS_STATE },
          cite: 'hyp-kvm-exit',
        },
      ]
  }
}

/** The path of one guest OUT through a design, hop by hop. */
export function pathOf(design: DesignId, i: OutInstr): readonly Hop[] {
  let space = spaceOf(design, 'guest', null)
  return specs(design, i).map((s, k) => {
    space = spaceOf(design, s.at, space)
    return {
      n: k + 1,
      space,
      device: false,
      switches: null,
      exit: null,
      hypercall: null,
      kvmRun: null,
      ...s,
    }
  })
}

function spaceOf(design: DesignId, id: LayerId, before: SpaceId | null): SpaceId | null {
  const s = layerOf(design, id)?.space ?? null
  return s === 'inherit' ? before : s
}

export const layerOf = (design: DesignId, id: LayerId): LayerSpec | undefined =>
  DESIGNS[design].layers.find((l) => l.id === id)

/** What a path costs, counted from its hops (the comparison's numbers). */
export interface PathCounts {
  readonly hops: number
  /** Entries into the hypervisor by trap, VM exit or hypercall (from any domain). */
  readonly intoHypervisor: number
  readonly worldSwitches: number
  /** Hops that change the CPL or VMX root/non-root. */
  readonly privilegeChanges: number
  /** Hops that land in a host user process (VMApp, QEMU). */
  readonly userVisits: number
  /** Hops that change which page tables CR3 holds, where the facts say. */
  readonly addressSpaceChanges: number
}

export function countPath(design: DesignId, hops: readonly Hop[]): PathCounts {
  const at = (id: LayerId): LayerSpec | undefined => layerOf(design, id)
  let space = spaceOf(design, 'guest', null)
  let intoHypervisor = 0
  let worldSwitches = 0
  let privilegeChanges = 0
  let userVisits = 0
  let addressSpaceChanges = 0
  for (const h of hops) {
    const a = at(h.from)
    const b = at(h.at)
    if (h.how === 'trap' || h.how === 'vm-exit' || h.how === 'hypercall') intoHypervisor++
    if (h.how === 'world-switch') worldSwitches++
    if (a !== undefined && b !== undefined && (a.ring !== b.ring || a.root !== b.root))
      privilegeChanges++
    if (h.from !== h.at && b?.side === 'user') userVisits++
    if (space !== null && h.space !== null && space !== h.space) addressSpaceChanges++
    space = h.space
  }
  return {
    hops: hops.length,
    intoHypervisor,
    worldSwitches,
    privilegeChanges,
    userVisits,
    addressSpaceChanges,
  }
}

/** The two taxonomies the notes use (hw-facts-2 §4.1 and §5 item 9: keep both). */
export type TanLabel = 'type1' | 'type2' | 'type2-contested'
export type UcrLabel = 'type1' | 'type2' | 'hybrid'
export interface TaxonomyRow {
  readonly design: DesignId
  /** Tanenbaum & Bos §7.3 (seed 003): the table's label. */
  readonly tanenbaum: TanLabel
  /** UCR CS202 slides 6-7 (seed 004). */
  readonly ucr: UcrLabel
  /** False when the slides do not name the product and the label follows their definition. */
  readonly ucrNamed: boolean
}

export const TAXONOMY: readonly TaxonomyRow[] = [
  { design: 'esx', tanenbaum: 'type1', ucr: 'type1', ucrNamed: false },
  { design: 'hosted', tanenbaum: 'type2', ucr: 'type2', ucrNamed: true },
  { design: 'xen', tanenbaum: 'type1', ucr: 'hybrid', ucrNamed: true },
  { design: 'kvm', tanenbaum: 'type2-contested', ucr: 'type1', ucrNamed: true },
]
