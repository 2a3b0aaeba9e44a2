// The five-ways comparison's public surface (engine/index.ts re-exports it).
export * from './apply.ts'
export * from './cite.ts'
export type * from './errors.ts'
export type * from './events.ts'
export type * from './ops.ts'
export * from './run.ts'
export * from './types.ts'
