// Shadow page tables (`mmu shadow`): the VMM, its state, events and the composition rule.
export * from './types.ts'
export * from './events.ts'
export * from './errors.ts'
export * from './cite.ts'
export * from './compose.ts'
export { shadowMmu } from './apply.ts'
