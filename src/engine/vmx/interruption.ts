// The interruption-information format shared by VM-exit interruption information (0x4404),
// IDT-vectoring information (0x4408) and VM-entry interruption information (0x4016):
// hw-facts §4.7, SDM3 §25.8.3 and §27.2.2 (Linux vmx.h INTR_INFO_*, INTR_TYPE_*).
import { PF_VECTOR } from '../paging/pf.ts'

/** Bit 31: the field is valid. */
export const INTR_INFO_VALID_MASK = 0x8000_0000
/** Bit 11: an error code is delivered (entry) / was pushed (exit). */
export const INTR_INFO_DELIVER_CODE_MASK = 1 << 11
/** Bits 10:8 = 3: hardware exception. */
export const INTR_TYPE_HARD_EXCEPTION = 3 << 8

/** #PF as interruption information: vector 14, type 3, error code valid, valid = 0x80000b0e. */
export const PF_INTR_INFO =
  (INTR_INFO_VALID_MASK | INTR_TYPE_HARD_EXCEPTION | INTR_INFO_DELIVER_CODE_MASK | PF_VECTOR) >>> 0
