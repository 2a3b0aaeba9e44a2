export * from './phys.ts'
export * from './alloc.ts'
