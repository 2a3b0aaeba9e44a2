// The engine's public surface: the console, state and panels import only this file.
export * from './core/addr.ts'
export * from './core/result.ts'
export type { CitationId } from './core/cite.ts'
export type { EngineError, CoreError } from './core/errors.ts'
export { MAXPHYADDR } from './core/errors.ts'
export type { EngineEvent, EngineEventKind } from './core/event.ts'
export type { EngineModule, Clash } from './core/module.ts'
export { findClashes } from './core/module.ts'
export {
  MODULES,
  type ModuleId,
  type ModuleEvent,
  type ModuleError,
  moduleOfEvent,
  isModuleEvent,
  citationText,
  isVmxEvent,
} from './modules.ts'
export * from './core/trace.ts'
export type * from './core/tlb.ts'
export * from './machine.ts'
export * from './apply.ts'
export type {
  Machine as AddrSpaceMachine,
  VmState,
  GuestMapping,
  HostMapping,
  ControlBits,
  PageSize,
  AccessIntent,
  AccessMode,
} from './addrspace/types.ts'
export { PAGE_BYTES } from './addrspace/types.ts'
export type * from './addrspace/events.ts'
export { findGuestMapping, findHostMapping } from './addrspace/translate.ts'
// Xen: shared rings, event channels, grant tables, split drivers.
export * from './xen/index.ts'
// VT-x: VMCS, VMX instructions, VM entry/exit, guest instructions (vmx/testkit.ts stays out).
export * from './vmx/index.ts'
// Native x86 paging: page tables in memory, the walk, A/D bits, the TLB (paging/testkit.ts stays out).
export * from './paging/index.ts'
// Both modules have a TlbEntry: the name keeps meaning the VPID-tagged one (VT-x panels use it).
export type { TlbEntry } from './vmx/index.ts'
export type { TlbEntry as PagingTlbEntry } from './paging/index.ts'
export * from './memory/index.ts'
// The virtualized MMUs: `mmu`, host memory, the P2M (ept/, shadow/, xenpv/ plug in here).
export * from './virt/index.ts'
// Shadow page tables: the KVM-style shadow MMU (`mmu shadow`).
export * from './shadow/index.ts'
// EPT: the nested (2-D) walk, EPT violations and misconfigurations, the VPID-tagged TLB.
export * from './ept/index.ts'
// Xen PV direct paging: page types and counts, mmu_update, mmuext_op, multicall.
export * from './xenpv/index.ts'
// A guest kernel's instructions: Popek-Goldberg classes under native, trap-and-emulate, BT, PV, VT-x.
export * from './guest/index.ts'
// Live migration: pre-copy rounds, QEMU's and Xen's stop rules, auto-converge, post-copy.
export * from './migrate/index.ts'
// Memory overcommit: ballooning, ESX page sharing, KSM, hypervisor swapping, the idle tax.
export * from './overcommit/index.ts'
export * from './kvm/index.ts'
export * from './hyp/index.ts'
// VT-d DMA and interrupt remapping, VFIO device assignment, SR-IOV virtual functions.
export * from './iommu/index.ts'
// vCPU scheduling: Xen's credit scheduler, KVM's vCPU threads, the VMCS following its vCPU.
export * from './sched/index.ts'
// virtio-net: the handshake, a split virtqueue in guest memory, QEMU or vhost-net backends.
export * from './virtio/index.ts'
// The same packet five ways.
export * from './ioways/index.ts'
