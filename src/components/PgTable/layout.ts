// What the Popek-Goldberg table draws for a frame, as plain data (pure): one row per
// instruction form the model has, with its class and its rule at CPL > 0 (hw-facts-2 §1.2-1.4),
// the row of the instruction this step ran or appended, and what decides a test run's result
// (the way, the width, CR4.UMIP and under VT-x the current VMCS's controls).
import {
  type CplRule,
  type EngineEvent,
  type Machine,
  type Outcome,
  type PgClass,
  classify,
  currentRegion,
  effectiveControls,
  isModuleEvent,
  pgSamples,
} from '../../engine/index.ts'

export type PgSort = 'class' | 'rule' | 'mnemonic'

export interface PgRowView {
  readonly text: string
  readonly mnemonic: string
  readonly pg: PgClass
  readonly rule: CplRule
  readonly sensitive: boolean
  /** Sensitive but not trapping when deprivileged: a hole in Popek and Goldberg's sense. */
  readonly hole: boolean
  readonly why: string
  /** This step ran (or appended) an instruction of this form. */
  readonly current: boolean
  /** What happened to it this step (a `guest.instr`), else null. */
  readonly outcome: Outcome | null
}

export interface PgTableLayout {
  readonly bits: 32 | 64
  readonly way: Machine['guest']['way']
  /** Everything a test run depends on besides the row and the CPL, as one comparable string. */
  readonly tryKey: string
  readonly rows: readonly PgRowView[]
  readonly focus: { readonly kind: 'row'; readonly text: string } | null
}

const CLASS_ORDER: readonly PgClass[] = [
  'privileged',
  'control-sensitive',
  'behaviour-sensitive',
  'innocuous',
]
const RULE_ORDER: readonly CplRule[] = ['gp', 'silent', 'runs']

/** The rows in the order the student picked; ties by instruction text. */
export function sortRows(rows: readonly PgRowView[], by: PgSort): PgRowView[] {
  const rank = (r: PgRowView): number =>
    by === 'class' ? CLASS_ORDER.indexOf(r.pg) : by === 'rule' ? RULE_ORDER.indexOf(r.rule) : 0
  return [...rows].sort((a, b) => rank(a) - rank(b) || a.text.localeCompare(b.text))
}

export function layoutPgTable(m: Machine, e: EngineEvent): PgTableLayout {
  const g = m.guest
  const bits = g.program.bits
  const samples = pgSamples(bits)
  const ev = isModuleEvent('guest', e) ? e : null
  const index = ev?.kind === 'guest.instr' ? ev.index : ev?.kind === 'guest.asm' ? ev.line - 1 : -1
  const ins = g.program.lines[index]?.instr ?? null
  // The row of this step's instruction: the same mnemonic with the same operand kinds, else the
  // same mnemonic and class (mov eax, 1 is the innocuous mov), else the same mnemonic.
  let current: string | null = null
  if (ins !== null) {
    const same = samples.filter((s) => s.mnemonic === ins.m)
    const shape = ins.ops.map((o) => o.t).join(',')
    const pg = classify(ins).pg
    const pick =
      same.find((s) => s.shape === shape && s.cls.pg === pg) ??
      same.find((s) => s.cls.pg === pg) ??
      same[0]
    current = pick?.text ?? null
  }
  const rows = samples.map((s): PgRowView => ({
    text: s.text,
    mnemonic: s.mnemonic,
    pg: s.cls.pg,
    rule: s.cls.rule,
    sensitive: s.cls.sensitive,
    hole: s.cls.sensitive && !s.cls.traps,
    why: s.cls.why,
    current: s.text === current,
    outcome: s.text === current && ev?.kind === 'guest.instr' ? ev.outcome : null,
  }))
  const region = g.way === 'vt-x' ? currentRegion(m.vmx) : null
  const controls = region ? effectiveControls(region) : null
  const tryKey = JSON.stringify({ way: g.way, bits, umip: g.umip, controls }, (_k, v: unknown) =>
    typeof v === 'bigint' ? v.toString(16) : v,
  )
  return {
    bits,
    way: g.way,
    tryKey,
    rows,
    focus: current === null ? null : { kind: 'row', text: current },
  }
}
