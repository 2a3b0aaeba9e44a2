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
