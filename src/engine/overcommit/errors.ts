import type { KindSet } from '../core/module.ts'

/** What the host-memory model refuses, with the numbers that made it refuse. */
export type OcError =
  | { readonly code: 'no-host' }
  | { readonly code: 'no-vm'; readonly name: string }
  | { readonly code: 'vm-exists'; readonly name: string }
  | { readonly code: 'too-many-vms'; readonly max: number }
  | { readonly code: 'host-full'; readonly need: number; readonly free: number }
  | { readonly code: 'layout'; readonly used: number; readonly pages: number }
  | { readonly code: 'gfn-range'; readonly gfn: number; readonly pages: number }
  | { readonly code: 'in-balloon'; readonly gfn: number }
  | { readonly code: 'not-anon'; readonly gfn: number; readonly use: string }
  | { readonly code: 'not-backed'; readonly gfn: number; readonly where: string }
  | { readonly code: 'no-victim' }
  | { readonly code: 'nothing-to-scan' }

export const OC_ERROR_KINDS = {
  'no-host': true,
  'no-vm': true,
  'vm-exists': true,
  'too-many-vms': true,
  'host-full': true,
  layout: true,
  'gfn-range': true,
  'in-balloon': true,
  'not-anon': true,
  'not-backed': true,
  'no-victim': true,
  'nothing-to-scan': true,
} as const satisfies KindSet<OcError['code']>
