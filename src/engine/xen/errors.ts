import type { KindSet } from '../core/module.ts'
/** Bad input the Xen model refuses; `message` is already plain words for the console. */
export type XenErrorCode =
  | 'bad-size'
  | 'ring-full'
  | 'ring-overflow'
  | 'no-such-ring'
  | 'ring-exists'
  | 'no-such-domain'
  | 'domain-exists'
  | 'bad-vcpu'
  | 'bad-port'
  | 'port-state'
  | 'no-free-port'
  | 'bad-virq'
  | 'grant'
  | 'grant-in-use'
  | 'no-such-device'
  | 'device-exists'

export interface XenError {
  readonly code: XenErrorCode
  readonly message: string
  /** For grant-table hypercall failures: the GNTST_* status (negative) and its name. */
  readonly status?: number
  readonly statusName?: string
}

/** Every error code of the module, listed once (its descriptor's errorKinds). */
export const XEN_ERROR_KINDS = {
  'bad-size': true,
  'ring-full': true,
  'ring-overflow': true,
  'no-such-ring': true,
  'ring-exists': true,
  'no-such-domain': true,
  'domain-exists': true,
  'bad-vcpu': true,
  'bad-port': true,
  'port-state': true,
  'no-free-port': true,
  'bad-virq': true,
  grant: true,
  'grant-in-use': true,
  'no-such-device': true,
  'device-exists': true,
} as const satisfies KindSet<XenError['code']>
