// The VMCS panel's data, computed from one frame alone (the machine and the event of this step).
// Groups and encodings: hw-facts §4.4; exit reasons §4.6; qualification formats §4.7;
// VM-instruction errors §4.3.
import {
  EXIT_REASON,
  EXIT_REASON_DESCRIPTIONS,
  EXIT_REASON_FAILED_VMENTRY,
  type EngineEvent,
  F,
  VMCS_FIELDS,
  VMCS_GROUPS,
  VM_INSTRUCTION_ERROR_TEXT,
  type VmcsField,
  type VmcsGroup,
  type VmcsRegion,
  type VmxState,
  hex,
  isVmxEvent,
  rawField,
} from '../../engine/index.ts'

export type Touch = 'read' | 'write'

export interface FieldRow {
  readonly name: string
  readonly encoding: number
  /** '0x681E' style, four hex digits as the SDM prints encodings. */
  readonly encodingText: string
  readonly value: bigint
  readonly valueText: string
  readonly touch: Touch | null
}

export interface GroupCard {
  readonly group: VmcsGroup
  readonly rows: readonly FieldRow[]
  /** Fields of this group the model knows that are 0 and untouched: counted, not listed. */
  readonly hidden: number
}

/** I/O qualification (reason 30), hw-facts §4.7. */
export interface IoQualification {
  readonly kind: 'io'
  readonly port: number
  readonly size: 1 | 2 | 4 | null
  readonly direction: 'in' | 'out'
  readonly string: boolean
  readonly rep: boolean
  readonly immediate: boolean
}

/** Control-register access qualification (reason 28), hw-facts §4.7. */
export interface CrQualification {
  readonly kind: 'cr'
  readonly cr: number
  readonly access: 'mov-to' | 'mov-from' | 'clts' | 'lmsw'
  readonly gpr: string
}

export type QualificationWords = IoQualification | CrQualification | { readonly kind: 'none' }

export interface ExitInfoWords {
  readonly reason: number
  readonly description: string
  readonly entryFailure: boolean
  readonly qualification: bigint
  readonly decoded: QualificationWords
  readonly length: number
  /** True when this step is the VM exit that wrote it. */
  readonly fresh: boolean
}

export interface RegionChip {
  readonly name: string
  readonly addr: string
  readonly launch: VmcsRegion['launch']
  readonly current: boolean
}

/** The part of the panel a step is about (the stage scrolls to it; see useStageFocus). */
export type VmcsFocus =
  /** The field read or written (the first, when the step touched several). */
  | { readonly kind: 'field'; readonly encoding: number }
  /** The exit information in words (a VM exit). */
  | { readonly kind: 'exit' }
  /** The VM-instruction error just written (VMfailValid), or VMfailInvalid. */
  | { readonly kind: 'error' }
  | { readonly kind: 'fail-invalid' }
  /** A region's chip (VMCLEAR, VMPTRLD, a new region). */
  | { readonly kind: 'chip'; readonly name: string }
  /** Which VMCS is current and its launch state (VMXON, an entry). */
  | { readonly kind: 'status' }

export interface VmcsLayout {
  readonly focus: VmcsFocus | null
  /** The VMCS drawn: the current one, else the one this step named, else none. */
  readonly shown: RegionChip | null
  readonly regions: readonly RegionChip[]
  readonly currentName: string | null
  readonly cards: readonly GroupCard[]
  readonly exitInfo: ExitInfoWords | null
  /** Field 0x4400; fresh when this very step's VMfailValid wrote it (it keeps its value after). */
  readonly instructionError: {
    readonly number: number
    readonly text: string
    readonly fresh: boolean
  } | null
  /** This step ended in VMfailInvalid (CF = 1): no VMCS to write an error number into. */
  readonly failInvalid: boolean
  /** The instruction that failed this way. */
  readonly failedInstr: string | null
  readonly vmxOn: boolean
}

const GPR_NAMES = [
  'RAX',
  'RCX',
  'RDX',
  'RBX',
  'RSP',
  'RBP',
  'RSI',
  'RDI',
  'R8',
  'R9',
  'R10',
  'R11',
  'R12',
  'R13',
  'R14',
  'R15',
] as const

const CR_ACCESS: readonly CrQualification['access'][] = ['mov-to', 'mov-from', 'clts', 'lmsw']

export const encodingText = (e: number): string =>
  '0x' + e.toString(16).toUpperCase().padStart(4, '0')

// Full fields only: a '_HIGH' half is the same storage as its 64-bit field (§4.4 bit 0).
const FULL_FIELDS: readonly VmcsField[] = VMCS_FIELDS.filter((f) => f.access === 'full')
const FIELD_BY_ENCODING = new Map(FULL_FIELDS.map((f) => [f.encoding, f]))

/** Decodes an I/O exit qualification: size bits 2:0, IN bit 3, string 4, REP 5, imm 6, port 31:16. */
export function decodeIoQualification(q: bigint): IoQualification {
  const sizeBits = Number(q & 7n)
  const size = sizeBits === 0 ? 1 : sizeBits === 1 ? 2 : sizeBits === 3 ? 4 : null
  return {
    kind: 'io',
    port: Number((q >> 16n) & 0xffffn),
    size,
    direction: (q & 8n) !== 0n ? 'in' : 'out',
    string: (q & 0x10n) !== 0n,
    rep: (q & 0x20n) !== 0n,
    immediate: (q & 0x40n) !== 0n,
  }
}

/** Decodes a CR-access qualification: CR bits 3:0, access type 5:4, register 11:8. */
export function decodeCrQualification(q: bigint): CrQualification {
  return {
    kind: 'cr',
    cr: Number(q & 0xfn),
    access: CR_ACCESS[Number((q >> 4n) & 3n)] ?? 'mov-to',
    gpr: GPR_NAMES[Number((q >> 8n) & 0xfn)] ?? 'RAX',
  }
}

/** Which VMCS fields this step read or wrote, by encoding (full field). */
export function touchedFields(event: EngineEvent, vmcs: string): ReadonlyMap<number, Touch> {
  const m = new Map<number, Touch>()
  if (!isVmxEvent(event)) return m
  const full = (e: number): number => (FIELD_BY_ENCODING.has(e) ? e : e & ~1)
  switch (event.kind) {
    case 'vmcs.read':
      if (event.vmcs === vmcs) m.set(full(event.encoding), 'read')
      break
    case 'vmcs.write':
      if (event.vmcs === vmcs) m.set(full(event.encoding), 'write')
      break
    case 'vmx.entry':
      if (event.vmcs === vmcs) for (const e of event.read) m.set(full(e), 'read')
      break
    case 'vmx.exit':
      if (event.vmcs === vmcs) for (const e of event.written) m.set(full(e), 'write')
      break
    case 'vmx.fail':
      // VMfailValid writes the error number into the current VMCS (hw-facts §4.1).
      if (event.vmfail === 'valid' && event.vmcs === vmcs)
        m.set(F.VM_INSTRUCTION_ERROR.encoding, 'write')
      break
    default:
      break
  }
  return m
}

function valueText(f: VmcsField, v: bigint): string {
  // All-ones reads better as the SDM writes it.
  if (f.width !== '16-bit' && f.width !== '32-bit' && v === 0xffff_ffff_ffff_ffffn)
    return 'FFFFFFFF_FFFFFFFFH'
  return hex(v)
}

function chip(s: VmxState, r: VmcsRegion): RegionChip {
  return {
    name: r.name,
    addr: hex(r.addr),
    launch: r.launch,
    current: s.cpu.currentVmcs !== null && s.cpu.currentVmcs === r.addr,
  }
}

function eventVmcs(event: EngineEvent): string | null {
  if (!isVmxEvent(event)) return null
  return 'vmcs' in event && typeof event.vmcs === 'string' ? event.vmcs : null
}

/** `later`: the events of this step's command after it (VMXON's region comes before VMXON). */
export function layoutVmcs(
  s: VmxState,
  event: EngineEvent,
  later: readonly EngineEvent[] = [],
): VmcsLayout {
  // The VMXON region is not a VMCS: it is listed nowhere in this panel.
  const vmcsRegions = s.regions.filter((r) => r.addr !== s.cpu.vmxonPtr && r.name !== 'vmxon')
  const current = vmcsRegions.find((r) => r.addr === s.cpu.currentVmcs) ?? null
  const named = eventVmcs(event)
  const shownRegion = current ?? vmcsRegions.find((r) => r.name === named) ?? null
  const touched = shownRegion ? touchedFields(event, shownRegion.name) : new Map<number, Touch>()

  const cards: GroupCard[] = VMCS_GROUPS.map((group) => {
    const fields = FULL_FIELDS.filter((f) => f.group === group)
    const rows: FieldRow[] = []
    for (const f of fields) {
      const value = shownRegion ? rawField(shownRegion, f.encoding) : 0n
      const touch = touched.get(f.encoding) ?? null
      if (value === 0n && touch === null) continue
      rows.push({
        name: f.name,
        encoding: f.encoding,
        encodingText: encodingText(f.encoding),
        value,
        valueText: valueText(f, value),
        touch,
      })
    }
    rows.sort((a, b) => a.encoding - b.encoding)
    return { group, rows, hidden: fields.length - rows.length }
  })

  let exitInfo: ExitInfoWords | null = null
  let instructionError: VmcsLayout['instructionError'] = null
  if (shownRegion) {
    const full = Number(rawField(shownRegion, F.VM_EXIT_REASON.encoding))
    const fresh = isVmxEvent(event) && event.kind === 'vmx.exit' && event.vmcs === shownRegion.name
    if (full !== 0 || fresh) {
      const reason = full & 0xffff
      const qualification = rawField(shownRegion, F.EXIT_QUALIFICATION.encoding)
      exitInfo = {
        reason,
        description: EXIT_REASON_DESCRIPTIONS[reason] ?? `reason ${reason}`,
        entryFailure: (full & EXIT_REASON_FAILED_VMENTRY) !== 0,
        qualification,
        decoded:
          reason === EXIT_REASON.IO_INSTRUCTION
            ? decodeIoQualification(qualification)
            : reason === EXIT_REASON.CR_ACCESS
              ? decodeCrQualification(qualification)
              : { kind: 'none' },
        length: Number(rawField(shownRegion, F.VM_EXIT_INSTRUCTION_LEN.encoding)),
        fresh,
      }
    }
    const errNo = Number(rawField(shownRegion, F.VM_INSTRUCTION_ERROR.encoding))
    if (errNo !== 0)
      instructionError = {
        number: errNo,
        text: VM_INSTRUCTION_ERROR_TEXT[errNo] ?? '',
        fresh: isVmxEvent(event) && event.kind === 'vmx.fail' && event.vmfail === 'valid',
      }
  }

  const failInvalid = isVmxEvent(event) && event.kind === 'vmx.fail' && event.vmfail === 'invalid'
  const firstTouched = cards.flatMap((c) => c.rows).find((r) => r.touch !== null)
  const hasChip = (name: string | null): name is string =>
    name !== null && vmcsRegions.some((r) => r.name === name)
  let focus: VmcsFocus | null = null
  if (isVmxEvent(event))
    switch (event.kind) {
      case 'vmcs.read':
      case 'vmcs.write':
        focus = firstTouched ? { kind: 'field', encoding: firstTouched.encoding } : null
        break
      case 'vmx.exit':
        focus = exitInfo?.fresh ? { kind: 'exit' } : null
        break
      case 'vmx.fail':
        focus = failInvalid
          ? { kind: 'fail-invalid' }
          : instructionError?.fresh
            ? { kind: 'error' }
            : null
        break
      case 'vmx.instr':
      case 'vmx.region': {
        const name = event.kind === 'vmx.region' ? event.name : event.vmcs
        focus = hasChip(name) ? { kind: 'chip', name } : { kind: 'status' }
        break
      }
      case 'vmx.entry':
        focus = { kind: 'status' }
        break
      default:
        break
    }

  return {
    focus,
    shown: shownRegion ? chip(s, shownRegion) : null,
    regions: vmcsRegions.map((r) => chip(s, r)),
    currentName: current?.name ?? null,
    cards,
    exitInfo,
    instructionError,
    vmxOn: s.cpu.mode !== 'off' && !vmxonLater(later),
    failedInstr: failInvalid && event.kind === 'vmx.fail' ? event.instr : null,
    failInvalid,
  }
}

/** VMXON runs later in this command: the processor is not in VMX operation yet. */
export const vmxonLater = (later: readonly EngineEvent[]): boolean =>
  later.some((e) => e.kind === 'vmx.instr' && e.instr === 'vmxon')
