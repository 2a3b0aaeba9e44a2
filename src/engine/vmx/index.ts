// The VT-x module's public surface, for the lead to merge into engine/index.ts.
export * from './cite.ts'
export * from './fields.ts'
export * from './exitReasons.ts'
export * from './interruption.ts'
export * from './vmInstructionErrors.ts'
export * from './types.ts'
export * from './ops.ts'
export type * from './events.ts'
export { applyVmx, type VmxStep } from './apply.ts'
export {
  currentRegion,
  effectiveControls,
  readField,
  rawField,
  regionAt,
  regionNamed,
  vpidEnabled,
  eptEnabled,
  currentVpid,
  type EffectiveControls,
} from './vmcs.ts'
export * from '../cpu/exits.ts'
export * from '../cpu/rings.ts'
