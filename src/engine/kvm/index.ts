// The KVM/QEMU I/O model's public surface (engine/index.ts re-exports it).
export * from './apply.ts'
export * from './cite.ts'
export * from './e1000.ts'
export type * from './errors.ts'
export type * from './events.ts'
export type * from './ops.ts'
export * from './pci.ts'
export * from './types.ts'
