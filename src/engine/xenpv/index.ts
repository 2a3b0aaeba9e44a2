// Xen PV direct paging: page_info types and counts, mmu_update, mmuext_op, multicall.
export * from './types.ts'
export * from './ops.ts'
export * from './events.ts'
export * from './errors.ts'
export * from './cite.ts'
export { disallowMask, entryMfn, ENTRY_FRAME } from './pages.ts'
export { xenPvMmu, ownedFrames } from './apply.ts'
