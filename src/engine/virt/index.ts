// The virtualized machine: `mmu`, host memory, the P2M and the MMU handlers.
export * from './types.ts'
export * from './ops.ts'
export * from './events.ts'
export * from './errors.ts'
export * from './cite.ts'
export * from './p2m.ts'
export { applyVirt, availableMmus } from './apply.ts'
