// The VT-x side of the MMUs' VM exits. EPT violations (48) and misconfigurations (49) under
// `mmu ept`, and the shadow VMM's exits (#PF 0, INVLPG 14, CR access 28, WRMSR 32) under
// `mmu shadow`, are VM exits of the guest the vmx module runs: while that guest is in non-root
// operation they are recorded in its current VMCS (one VMCS: vmx's), so the VMCS shows every
// exit whichever module caused it. The MMU modules stay unaware of vmx; this file only reads
// their events and hands vmx its own ops.
import type { EngineEvent } from '../core/event.ts'
import { applyVmx } from '../vmx/apply.ts'
import { EXIT_REASON } from '../vmx/exitReasons.ts'
import type { VmxOp } from '../vmx/ops.ts'
import type { VmxState } from '../vmx/types.ts'
import { EPT_VIOLATION_GVA_IS_VALID } from '../ept/violation.ts'

/** What made the shadow VMM's guest exit, as the VMCS panel's cause line says it. */
const SHADOW_CAUSE: Record<Extract<EngineEvent, { kind: 'shadow.exit' }>['cause'], string> = {
  'shadow-pf': 'the shadow page walk raised #PF (exception bitmap bit 14)',
  'pt-write': 'a store into a write-protected guest page table',
  cr3: 'MOV to CR3 under shadow paging',
  invlpg: 'INVLPG under shadow paging',
  control: 'a write to CR0, CR4 or EFER under shadow paging',
}

/** The vmx op that records `e` as an exit, or null when `e` is not an exit. */
function exitOp(e: EngineEvent): Extract<VmxOp, { kind: 'vmx.external-exit' }> | null {
  switch (e.kind) {
    case 'ept.violation':
      // SDM3 §27.2.1: GUEST_PHYSICAL_ADDRESS always; GUEST_LINEAR_ADDRESS when qualification
      // bit 7 (GLA valid) is set.
      return {
        kind: 'vmx.external-exit',
        reason: EXIT_REASON.EPT_VIOLATION,
        qualification: e.qualification,
        gpa: e.gpa,
        gla: (e.qualification & EPT_VIOLATION_GVA_IS_VALID) !== 0n ? e.va : null,
        cause: 'EPT violation',
      }
    case 'ept.misconfig':
      // SDM3 §27.2.1: the guest-physical address only; the model writes qualification 0 (KVM's
      // handle_ept_misconfig reads GUEST_PHYSICAL_ADDRESS alone).
      return {
        kind: 'vmx.external-exit',
        reason: EXIT_REASON.EPT_MISCONFIG,
        qualification: 0n,
        gpa: e.gpa,
        gla: null,
        cause: 'EPT misconfiguration',
      }
    case 'ept.loop': {
      // `ept loop` reports the access it stopped on in its summary, not as its own events.
      const o = e.stopped?.outcome
      if (o?.result !== 'exit') return null
      return {
        kind: 'vmx.external-exit',
        reason: o.exit.reason,
        qualification: o.exit.qualification,
        gpa: o.exit.gpa,
        gla: o.exit.gla,
        cause:
          o.exit.reason === EXIT_REASON.EPT_VIOLATION ? 'EPT violation' : 'EPT misconfiguration',
      }
    }
    case 'shadow.exit':
      return {
        kind: 'vmx.external-exit',
        reason: e.exit.reason,
        qualification: e.exit.qualification ?? 0n,
        gpa: null,
        gla: null,
        cause: SHADOW_CAUSE[e.cause],
        ...(e.exit.intrInfo === null ? {} : { intrInfo: BigInt(e.exit.intrInfo) }),
        ...(e.exit.errorCode === null ? {} : { errorCode: BigInt(e.exit.errorCode) }),
      }
    default:
      return null
  }
}

/**
 * Records the MMU's exits in vmx while its guest runs (cpu.mode 'non-root'); `events` come back
 * with vmx's exit events right after each exit. The shadow VMM handles its exits within the
 * command and resumes the guest, so each shadow exit is followed by VMRESUME before the next
 * exit (and at the end); an EPT exit leaves the VMM in root operation, as KVM is until it
 * resumes the guest (`vmresume`).
 */
export function recordVtxExits(
  vmx: VmxState,
  events: readonly EngineEvent[],
): { readonly vmx: VmxState; readonly events: readonly EngineEvent[] } {
  if (vmx.cpu.mode !== 'non-root') return { vmx, events }
  let s = vmx
  let resume = false
  const out: EngineEvent[] = []
  const run = (op: VmxOp): void => {
    const r = applyVmx(s, op)
    if (!r.ok) return
    s = r.value.state
    out.push(...r.value.events)
  }
  for (const e of events) {
    const op = exitOp(e)
    if (op && resume) run({ kind: 'vmx.vmresume' })
    out.push(e)
    if (!op || s.cpu.mode !== 'non-root') continue
    run(op)
    resume = e.kind === 'shadow.exit'
  }
  if (resume) run({ kind: 'vmx.vmresume' })
  return { vmx: s, events: out }
}
