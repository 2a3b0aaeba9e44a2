// EPT: EPTP and entry formats, the nested (2-D) walk, violations and misconfigurations, the
// VPID-tagged combined TLB.
export * from './cite.ts'
export * from './entry.ts'
export * from './format.ts'
export * from './types.ts'
export * from './ops.ts'
export * from './events.ts'
export * from './errors.ts'
export * from './tlb.ts'
export * from './walk2d.ts'
export * from './violation.ts'
export * from './bulk.ts'
export { applyEptOp, eptMmu, eptMappings, runEptBulk } from './apply.ts'
