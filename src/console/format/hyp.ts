// JSON fields and text lines of "where the hypervisor lives" (hw-facts-2 §4.1-4.3). JSON fields:
//   hyp taxonomy: taxonomy [{design, tanenbaum type1|type2|type2-contested, ucr
//                 type1|type2|hybrid, ucr_named}]
//   hyp design:   design, layers [{id, side guest|user|kernel|hw, ring 0|1|3|null, root
//                 true|false|null (VMX root; null without VT-x), world vmm|host|null, space
//                 vmm-world|host-world|domu|dom0|guest-ept|qemu|inherit|null}], privileged
//                 [layer ids in the most privileged mode], taxonomy {tanenbaum, ucr, ucr_named}
//   hyp out:      design, instr {port, value, size}, hops [one per hop, in order: {n, from,
//                 at, how trap|vm-exit|hypercall|ring|device-model|to-io-subsystem|world-switch|
//                 to-user|syscall|run-vm|syscall-return|driver|to-vmm|event|domain-switch|resume|
//                 vm-entry, space (CR3's page tables after it, null where not modelled), device
//                 (the NIC reached), switches {from, to, state [saved/loaded registers]} | null,
//                 exit {reason, qualification} | null, hypercall {nr, name, op, op_name} | null,
//                 kvm_run {exit_reason 2, io {direction 1, size, port, count, data_offset}} |
//                 null}]
//   hyp compare:  instr, compare [{design, hops, into_hypervisor, world_switches,
//                 privilege_changes, user_visits, address_space_changes}]
import {
  DESIGNS,
  type Hop,
  type HypError,
  type HypEvent,
  type OutInstr,
  type TaxonomyRow,
} from '../../engine/index.ts'
import type { JsonObject } from '../format.ts'

const hx = (n: number | bigint): string => `0x${n.toString(16)}`
const instrJson = (i: OutInstr): JsonObject => ({
  port: hx(i.port),
  value: hx(i.value),
  size: i.size,
})
const taxJson = (r: TaxonomyRow): JsonObject => ({
  tanenbaum: r.tanenbaum,
  ucr: r.ucr,
  ucr_named: r.ucrNamed,
})

export function hopJson(h: Hop): JsonObject {
  return {
    n: h.n,
    from: h.from,
    at: h.at,
    how: h.how,
    space: h.space,
    device: h.device,
    switches:
      h.switches === null
        ? null
        : { from: h.switches.from, to: h.switches.to, state: [...h.switches.state] },
    exit:
      h.exit === null ? null : { reason: h.exit.reason, qualification: hx(h.exit.qualification) },
    hypercall:
      h.hypercall === null
        ? null
        : {
            nr: h.hypercall.nr,
            name: h.hypercall.name,
            op: h.hypercall.op,
            op_name: h.hypercall.opName,
          },
    kvm_run:
      h.kvmRun === null
        ? null
        : {
            exit_reason: h.kvmRun.exitReason,
            io: {
              direction: h.kvmRun.direction,
              size: h.kvmRun.size,
              port: hx(h.kvmRun.port),
              count: h.kvmRun.count,
              data_offset: h.kvmRun.dataOffset,
            },
          },
  }
}

export function hypEventJson(e: HypEvent): JsonObject {
  switch (e.kind) {
    case 'hyp.taxonomy':
      return { taxonomy: e.rows.map((r) => ({ design: r.design, ...taxJson(r) })) }
    case 'hyp.design':
      return {
        design: e.design,
        layers: DESIGNS[e.design].layers.map((l) => ({
          id: l.id,
          side: l.side,
          ring: l.ring,
          root: l.root,
          world: l.world,
          space: l.space,
        })),
        privileged: [...DESIGNS[e.design].privileged],
        taxonomy: taxJson(e.taxonomy),
      }
    case 'hyp.hop':
      return { design: e.design, instr: instrJson(e.instr), hops: [hopJson(e.hop)] }
    case 'hyp.compare':
      return {
        instr: instrJson(e.instr),
        compare: e.rows.map((r) => ({
          design: r.design,
          hops: r.counts.hops,
          into_hypervisor: r.counts.intoHypervisor,
          world_switches: r.counts.worldSwitches,
          privilege_changes: r.counts.privilegeChanges,
          user_visits: r.counts.userVisits,
          address_space_changes: r.counts.addressSpaceChanges,
        })),
      }
  }
}

const HOW_TEXT: Record<Hop['how'], string> = {
  trap: 'the VMM intercepts the OUT',
  'vm-exit': 'VM exit',
  hypercall: 'hypercall',
  ring: 'request on the shared ring',
  'device-model': 'device model',
  'to-io-subsystem': 'to the I/O subsystem',
  'world-switch': 'world switch',
  'to-user': 'to the user process',
  syscall: 'system call',
  'run-vm': 'run the VM again',
  'syscall-return': 'return',
  driver: 'native NIC driver sends the frame',
  'to-vmm': 'back to the VMM',
  event: 'event channel set pending',
  'domain-switch': 'switch domain, upcall',
  resume: 'resume the guest',
  'vm-entry': 'VM entry',
}

export function hypEventText(e: HypEvent): string {
  switch (e.kind) {
    case 'hyp.taxonomy':
      return e.rows
        .map(
          (r) =>
            `${r.design}: Tanenbaum ${r.tanenbaum}, UCR ${r.ucr}${r.ucrNamed ? '' : ' (by its definition)'}`,
        )
        .join('; ')
    case 'hyp.design':
      return `design ${e.design}: layers ${DESIGNS[e.design].layers.map((l) => l.id).join(' / ')}; Tanenbaum ${e.taxonomy.tanenbaum}, UCR ${e.taxonomy.ucr}`
    case 'hyp.hop': {
      const h = e.hop
      const extra =
        h.exit !== null
          ? ` ${h.exit.reason}, qualification ${hx(h.exit.qualification)}`
          : h.hypercall !== null
            ? ` ${h.hypercall.nr} (${h.hypercall.name}, ${h.hypercall.opName} ${h.hypercall.op})`
            : h.kvmRun !== null
              ? `: KVM_RUN returns KVM_EXIT_IO, port ${hx(h.kvmRun.port)}`
              : ''
      return `hop ${h.n}/${e.of}: ${h.from} -> ${h.at}: ${HOW_TEXT[h.how]}${extra}`
    }
    case 'hyp.compare':
      return e.rows
        .map(
          (r) =>
            `${r.design}: ${r.counts.hops} hops, ${r.counts.intoHypervisor} into the hypervisor, ${r.counts.worldSwitches} world switches, ${r.counts.userVisits} user visits`,
        )
        .join('; ')
  }
}

export function describeHypError(e: HypError): string {
  switch (e.code) {
    case 'no-design':
      return "no design picked yet: 'hyp design esx|hosted|xen|kvm' first"
  }
}
