// The "where the hypervisor lives" model's public surface (engine/index.ts re-exports it).
export * from './apply.ts'
export * from './cite.ts'
export * from './designs.ts'
export type * from './errors.ts'
export type * from './events.ts'
export type * from './ops.ts'
export * from './types.ts'
