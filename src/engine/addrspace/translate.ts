import {
  type Gpa,
  type Gva,
  type Hpa,
  gpa as toGpa,
  hpa as toHpa,
  isCanonical48,
} from '../core/addr.ts'
import { violationQualification } from '../ept/violation.ts'
import { PF_ID, PF_P, PF_US, PF_WR } from '../paging/pf.ts'
import { basicExit } from '../vmx/exitReasons.ts'
import type { EptViolationExit, GeneralProtection, PageFault } from './events.ts'
import {
  type AccessIntent,
  type AccessMode,
  type ControlBits,
  type GuestMapping,
  type HostMapping,
  PAGE_BYTES,
} from './types.ts'

export function findGuestMapping(map: readonly GuestMapping[], va: Gva): GuestMapping | null {
  return map.find((m) => va >= m.va && va < m.va + PAGE_BYTES[m.size]) ?? null
}

export function findHostMapping(map: readonly HostMapping[], gpa: Gpa): HostMapping | null {
  return map.find((m) => gpa >= m.gpa && gpa < m.gpa + PAGE_BYTES[m.size]) ?? null
}

export function guestTranslate(m: GuestMapping, va: Gva): Gpa {
  return toGpa(m.pa + (va - m.va))
}

export function hostTranslate(m: HostMapping, gpa: Gpa): Hpa {
  return toHpa(m.hpa + (gpa - m.gpa))
}

/** #GP for a non-canonical linear address comes before any page walk (SDM1 §3.3.7.1). */
export function canonicalCheck(va: Gva): GeneralProtection | null {
  return isCanonical48(va) ? null : { vector: 13, reason: 'non-canonical' }
}

function accessErrorCode(intent: AccessIntent, mode: AccessMode, control: ControlBits): number {
  let code = 0
  if (intent === 'write') code |= PF_WR
  if (mode === 'user') code |= PF_US
  // I/D is reported only when EFER.NXE (or SMEP) is on, as QEMU and kvm-unit-tests do.
  if (intent === 'fetch' && control.eferNxe) code |= PF_ID
  return code
}

/** #PF for a virtual address no present entry maps (error code P=0; SDM3 §4.7). */
export function notPresentFault(
  va: Gva,
  intent: AccessIntent,
  mode: AccessMode,
  control: ControlBits,
): PageFault {
  return {
    vector: 14,
    errorCode: accessErrorCode(intent, mode, control),
    cr2: va,
    reason: 'not-present',
  }
}

/** The protection fault a present mapping raises for this access, if any (SDM3 §4.6). */
export function guestPermissionFault(
  m: GuestMapping,
  va: Gva,
  intent: AccessIntent,
  mode: AccessMode,
  control: ControlBits,
): PageFault | null {
  const code = accessErrorCode(intent, mode, control) | PF_P
  const fault = (reason: PageFault['reason']): PageFault => ({
    vector: 14,
    errorCode: code,
    cr2: va,
    reason,
  })
  if (mode === 'user' && !m.user) return fault('user-supervisor')
  // Supervisor writes ignore R/W unless CR0.WP is set.
  if (intent === 'write' && !m.writable && (mode === 'user' || control.cr0Wp)) {
    return fault('write-protect')
  }
  if (intent === 'fetch' && m.noExecute && control.eferNxe) return fault('execute-disable')
  return null
}

/** The EPT violation the hypervisor's map raises for the final access, if any. */
export function hostViolation(
  m: HostMapping | null,
  gpa: Gpa,
  gla: Gva,
  intent: AccessIntent,
): EptViolationExit | null {
  const allowed =
    m !== null &&
    ((intent === 'read' && m.read) ||
      (intent === 'write' && m.write) ||
      (intent === 'fetch' && m.execute))
  if (allowed) return null
  // The final access of a linear translation: GLA valid (bit 7) and translated (bit 8).
  const perms = { r: m?.read === true, w: m?.write === true, x: m?.execute === true }
  const q = violationQualification(intent, perms, true, true)
  return { ...basicExit('EPT_VIOLATION'), qualification: q, gpa, gla }
}
