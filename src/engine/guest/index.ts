// The guest-kernel CPU model's public surface (console, panels and tests import it via engine/index.ts).
export * from './isa.ts'
export { assembleLine, instrText, type AsmLine, type AsmFailure, type AsmResult } from './asm.ts'
export * from './types.ts'
export * from './ops.ts'
export type * from './events.ts'
export * from './errors.ts'
export { GUEST_CITATIONS, type GuestCitationId } from './cite.ts'
export {
  type Gate,
  gatesOf,
  layout,
  missingLabels,
  popfResult,
  pushfImage,
  type Layout,
} from './exec.ts'
export {
  CYCLES,
  XEN_HYPERCALL,
  hypercallInfo,
  hypercallPage,
  pvRewrite,
  stubBytes,
  translateInstr,
} from './ways.ts'
export { VTX_SETUP, VTX_VMCS, runFor } from './apply.ts'
export {
  PG_SAMPLES,
  type PgSample,
  type TryResult,
  pgSamples,
  sampleText,
  tryInstruction,
} from './try.ts'
