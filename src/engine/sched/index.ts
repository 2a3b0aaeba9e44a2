// The scheduling module's public surface.
export * from './cite.ts'
export * from './types.ts'
export * from './ops.ts'
export type * from './events.ts'
export type * from './errors.ts'
export { applySched, pcpuVmx } from './apply.ts'
