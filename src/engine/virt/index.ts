// The virtualized machine: `mmu`, host memory, the P2M and the contract every MMU module meets.
export * from './types.ts'
export * from './ops.ts'
export * from './events.ts'
export * from './errors.ts'
export * from './cite.ts'
export * from './p2m.ts'
export type {
  Mmu,
  MmuMethod,
  MmuMethodName,
  MmuOp,
  MmuOpKind,
  VirtMachine,
  VirtMmuKind,
} from './mmu.ts'
export { applyVirt, availableMmus } from './apply.ts'
