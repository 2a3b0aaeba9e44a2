// The EPT-violation exit qualification (exit reason 48): hw-facts §2.4, SDM3 §27.2.1 Table
// 27-7 (Linux vmx.h EPT_VIOLATION_*). Both EPT models (addrspace/'s mapping lists and the
// bit-exact nested walk in walk2d.ts) build it here.
import type { AccessIntent } from '../paging/types.ts'
import type { EptPerms } from './events.ts'

/** Bit 0: the access was a data read. */
export const EPT_VIOLATION_ACC_READ = 1n << 0n
/** Bit 1: the access was a data write. */
export const EPT_VIOLATION_ACC_WRITE = 1n << 1n
/** Bit 2: the access was an instruction fetch. */
export const EPT_VIOLATION_ACC_INSTR = 1n << 2n
/** Bit 3: the AND of R over the EPT entries used (the GPA was readable). */
export const EPT_VIOLATION_PROT_READ = 1n << 3n
/** Bit 4: the AND of W (writable). */
export const EPT_VIOLATION_PROT_WRITE = 1n << 4n
/** Bit 5: the AND of X (executable). */
export const EPT_VIOLATION_PROT_EXEC = 1n << 5n
/** Bit 7: the guest-linear-address field is valid. */
export const EPT_VIOLATION_GVA_IS_VALID = 1n << 7n
/** Bit 8 (with bit 7): the access was the final translation, not a guest paging structure. */
export const EPT_VIOLATION_GVA_TRANSLATED = 1n << 8n

/** The qualification bits this model sets, low to high (bit 6 and bits 9-12 stay 0). */
export const EPT_VIOLATION_QUALIFICATION_BITS: readonly number[] = [0, 1, 2, 3, 4, 5, 7, 8]

/** The exit qualification of an EPT violation (hw-facts §2.4). Bits 9-12 stay 0: no
 * advanced EPT-violation information, no NMI unblocking modelled. */
export function violationQualification(
  access: AccessIntent,
  perms: EptPerms,
  glaValid: boolean,
  final: boolean,
): bigint {
  let q =
    access === 'read'
      ? EPT_VIOLATION_ACC_READ
      : access === 'write'
        ? EPT_VIOLATION_ACC_WRITE
        : EPT_VIOLATION_ACC_INSTR
  if (perms.r) q |= EPT_VIOLATION_PROT_READ
  if (perms.w) q |= EPT_VIOLATION_PROT_WRITE
  if (perms.x) q |= EPT_VIOLATION_PROT_EXEC
  if (glaValid) {
    q |= EPT_VIOLATION_GVA_IS_VALID
    if (final) q |= EPT_VIOLATION_GVA_TRANSLATED
  }
  return q
}
