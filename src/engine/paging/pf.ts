// The page-fault exception (#PF, vector 14): its error-code bits and how a fault sets them.
// The one definition every MMU model (paging/, addrspace/, ept/, shadow/, xenpv/) imports.
import { hasXd } from './entry.ts'
import type { PageFaultReason } from './events.ts'
import type { AccessIntent, AccessMode, EntryFormat, PagingControl } from './types.ts'

/** #PF is exception vector 14 (SDM3 §6.15, Table 6-1). */
export const PF_VECTOR = 14

// #PF error-code bits (SDM3 §4.7, Figure 4-12; hw-facts §1.5; Linux trap_pf.h X86_PF_PROT,
// X86_PF_WRITE, X86_PF_USER, X86_PF_RSVD, X86_PF_INSTR, X86_PF_PK).
/** P: 0 = a not-present entry, 1 = a protection violation. */
export const PF_P = 1 << 0
/** W/R: the access was a write. */
export const PF_WR = 1 << 1
/** U/S: the access was a user-mode access. */
export const PF_US = 1 << 2
/** RSVD: a reserved bit was set in some paging-structure entry. */
export const PF_RSVD = 1 << 3
/** I/D: the access was an instruction fetch (reported only with NXE or SMEP). */
export const PF_ID = 1 << 4
/** PK: a data access to a user-mode address blocked by its protection key (PKRU). */
export const PF_PK = 1 << 5

/** The error-code bits panels draw, low to high, with their SDM names and a short key. */
export const PF_ERROR_CODE_BITS = [
  { bit: 0, name: 'P', key: 'p' },
  { bit: 1, name: 'W/R', key: 'wr' },
  { bit: 2, name: 'U/S', key: 'us' },
  { bit: 3, name: 'RSVD', key: 'rsvd' },
  { bit: 4, name: 'I/D', key: 'id' },
  { bit: 5, name: 'PK', key: 'pk' },
] as const

/** The #PF error code (hw-facts §1.5; QEMU do_fault*). */
export function pageFaultErrorCode(
  reason: PageFaultReason,
  intent: AccessIntent,
  mode: AccessMode,
  ctl: PagingControl,
  format: EntryFormat,
): number {
  let code = 0
  if (reason !== 'not-present') code |= PF_P
  if (reason === 'reserved-bit') code |= PF_RSVD
  if (reason === 'protection-key') code |= PF_PK
  if (intent === 'write') code |= PF_WR
  if (mode === 'user') code |= PF_US
  // I/D only with SMEP, or with NXE in PAE/4-/5-level paging (hw-facts §1.5).
  if (intent === 'fetch' && (ctl.cr4Smep || (ctl.eferNxe && hasXd(format)))) code |= PF_ID
  return code
}
