// What the guest-CPU panel draws for a frame, as plain data (pure; test/panelLayouts.ts and
// the unit test call it): the program with each line's class and this step's outcome, the real
// and the virtual CPU side by side, the translation cache and the counts.
import {
  type CompareRow,
  type Counts,
  type CpuView,
  type EngineEvent,
  type GuestState,
  type Outcome,
  type PgClass,
  type TranslationKind,
  type Way,
  classify,
  gatesOf,
  hex,
  isModuleEvent,
  layout,
} from '../../engine/index.ts'

export interface LineView {
  readonly index: number
  readonly line: number
  readonly address: string | null
  readonly label: string | null
  readonly text: string | null
  readonly pg: PgClass | null
  /** This step ran (or appended) this line. */
  readonly current: boolean
  /** The next instruction the CPU will run. */
  readonly next: boolean
  readonly outcome: Outcome | null
}

export interface CpuRow {
  readonly key: 'if' | 'iopl' | 'cpl' | 'cs' | 'cr0' | 'cr3' | 'gdtr'
  readonly real: string
  readonly virt: string
  readonly differs: boolean
}

export interface CcfView {
  readonly start: number
  readonly tcAddr: string
  readonly instrs: readonly {
    readonly line: number
    readonly guest: string
    readonly kind: TranslationKind
    readonly out: readonly string[]
  }[]
  readonly fresh: boolean
}

/** One guest-visible difference from bare metal, read back from the engine's words. */
export interface DivergedView {
  /** A register name, a memory cell, or one of the named kinds. */
  readonly what: string
  readonly kind: 'if' | 'iopl' | 'status' | 'next' | 'value'
  readonly bare: string
  readonly here: string
}

const DIVERGED: readonly [RegExp, DivergedView['kind']][] = [
  [/^IF: the guest set (\S+), .*\(IF stays (\S+)\)$/, 'if'],
  [/^IOPL: (\S+) on bare metal, unchanged \((\S+)\) here$/, 'iopl'],
  [/^status flags: (\S+) on bare metal, (\S+) here$/, 'status'],
  [/^next instruction: (\S+) on bare metal, (\S+) here$/, 'next'],
]

export function parseDiverged(d: string): DivergedView {
  for (const [re, kind] of DIVERGED) {
    const m = re.exec(d)
    if (m) return { what: kind.toUpperCase(), kind, bare: m[1] ?? '', here: m[2] ?? '' }
  }
  const v = /^(.+): (\S+) on bare metal, (\S+) here$/.exec(d)
  return { what: v?.[1] ?? d, kind: 'value', bare: v?.[2] ?? '', here: v?.[3] ?? '' }
}

export interface NowView {
  readonly outcome: Outcome | null
  readonly text: string | null
  readonly fault: { readonly vector: number; readonly code: number | null } | null
  readonly exit: { readonly reason: number; readonly name: string } | null
  readonly hypercall: {
    readonly nr: number
    readonly name: string
    readonly stub: string
    readonly bytes: string
  } | null
  readonly diverged: readonly DivergedView[]
  readonly interrupt: { readonly vector: number; readonly action: string } | null
  readonly stopped: string | null
}

export type GuestFocus =
  | { readonly kind: 'line'; readonly index: number }
  | { readonly kind: 'ccf'; readonly start: number }
  | { readonly kind: 'cpu' }
  | { readonly kind: 'counts' }
  | { readonly kind: 'compare' }
  | { readonly kind: 'now' }
  | { readonly kind: 'setup' }
  | null

/** One thing `way vt-x` does before the guest can run, and whether this step has done it. */
export interface VtxSetupItem {
  readonly key: 'vmxon-region' | 'vmxon' | 'vmcs-region' | 'vmclear' | 'vmptrld' | 'controls'
  readonly done: boolean
  /** This step is the one doing it. */
  readonly now: boolean
  /** VMWRITEs of the controls done so far and in all (the other items: 1). */
  readonly count: number
  readonly of: number
}

/** Which setup item an event of `way vt-x` is, or null. */
function setupItem(e: EngineEvent): VtxSetupItem['key'] | null {
  if (e.kind === 'vmx.region') return e.name === 'vmxon' ? 'vmxon-region' : 'vmcs-region'
  if (e.kind === 'vmx.instr')
    return e.instr === 'vmxon' || e.instr === 'vmclear' || e.instr === 'vmptrld' ? e.instr : null
  if (e.kind === 'vmcs.write') return 'controls'
  return null
}

const SETUP_ORDER: readonly VtxSetupItem['key'][] = [
  'vmxon-region',
  'vmxon',
  'vmcs-region',
  'vmclear',
  'vmptrld',
  'controls',
]

/**
 * `way vt-x` is one command of many VMX steps (a frame holds the machine after all of them):
 * the checklist of what its steps have done so far, from the command's events up to this step
 * (`done`, the current one last) and after it (`todo`). Null when the step is not part of it.
 */
export function vtxSetup(
  done: readonly EngineEvent[],
  todo: readonly EngineEvent[],
): VtxSetupItem[] | null {
  const cur = done.at(-1)
  const all = [...done, ...todo]
  if (!cur || !all.some((e) => e.kind === 'guest.way') || !all.some((e) => setupItem(e)))
    return null
  const curKey = setupItem(cur)
  return SETUP_ORDER.filter((k) => all.some((e) => setupItem(e) === k)).map((key) => {
    const of = all.filter((e) => setupItem(e) === key).length
    const count = done.filter((e) => setupItem(e) === key).length
    return { key, done: count === of, now: key === curKey, count, of }
  })
}

export interface GuestCpuLayout {
  /** `way vt-x`'s VMX steps as a checklist while they run (see vtxSetup). */
  readonly setup: readonly VtxSetupItem[] | null
  readonly way: Way
  readonly bits: 32 | 64
  readonly empty: boolean
  /** Native and VT-x: the guest's registers are the real ones. */
  readonly oneCpu: boolean
  readonly lines: readonly LineView[]
  readonly cpu: readonly CpuRow[]
  readonly tc: readonly CcfView[]
  readonly chained: readonly { readonly from: number; readonly to: number }[]
  readonly counts: Counts
  readonly halted: boolean
  readonly pending: readonly number[]
  readonly now: NowView | null
  readonly compare: readonly CompareRow[] | null
  /** The IDT's present gates (isr_N labels), by vector: the handler's line and the DPL. */
  readonly gates: readonly {
    readonly vector: number
    readonly line: number
    readonly dpl: number
  }[]
  readonly focus: GuestFocus
}

function cpuRows(real: CpuView, virt: CpuView): CpuRow[] {
  const row = (key: CpuRow['key'], r: string, v: string): CpuRow => ({
    key,
    real: r,
    virt: v,
    differs: r !== v,
  })
  return [
    row('if', String(real.if), String(virt.if)),
    row('iopl', String(real.iopl), String(virt.iopl)),
    row('cpl', String(real.cpl), String(virt.cpl)),
    row('cs', hex(BigInt(real.cs)), hex(BigInt(virt.cs))),
    row('cr0', hex(real.cr0), hex(virt.cr0)),
    row('cr3', hex(real.cr3), hex(virt.cr3)),
    row('gdtr', hex(real.gdtr), hex(virt.gdtr)),
  ]
}

const view = (s: GuestState['real']): CpuView => ({
  if: (s.rflags >> 9n) & 1n ? 1 : 0,
  iopl: Number((s.rflags >> 12n) & 3n),
  cpl: (s.cs & 3) as 0 | 1 | 2 | 3,
  vif: 0,
  vip: 0,
  rflags: s.rflags,
  cs: s.cs,
  cr0: s.cr0,
  cr3: s.cr3,
  cr4: s.cr4,
  gdtr: s.gdtr.base,
  idtr: s.idtr.base,
})

export function layoutGuestCpu(
  g: GuestState,
  e: EngineEvent,
  command: { readonly done: readonly EngineEvent[]; readonly todo: readonly EngineEvent[] } = {
    done: [e],
    todo: [],
  },
): GuestCpuLayout {
  const ev = isModuleEvent('guest', e) ? e : null
  const lay = layout(g.program)
  // A command that runs several instructions leaves one machine for all its steps: each step
  // draws the state its own event carries (Snapshot), the machine only where it has none.
  const snap =
    ev !== null &&
    (ev.kind === 'guest.instr' || ev.kind === 'guest.translate' || ev.kind === 'guest.interrupt')
      ? ev
      : null
  const nextPc = snap ? snap.next : g.stopped === null && !g.halted ? g.pc : -1
  const current =
    ev?.kind === 'guest.instr' ? ev.index : ev?.kind === 'guest.asm' ? ev.line - 1 : -1
  const lines: LineView[] = g.program.lines.map((l, i) => ({
    index: i,
    line: l.line,
    address: l.instr ? hex(lay.addr[i] ?? 0n) : null,
    label: l.label,
    text: l.instr?.text ?? null,
    pg: l.instr ? classify(l.instr).pg : null,
    current: i === current,
    next: i === nextPc && l.instr !== null,
    outcome: ev?.kind === 'guest.instr' && ev.index === i ? ev.outcome : null,
  }))
  const fresh = ev?.kind === 'guest.translate' ? ev.ccf.start : -1
  const tc: CcfView[] = g.tc.slice(0, snap ? snap.tcSize : g.tc.length).map((c) => ({
    start: c.start + 1,
    tcAddr: hex(c.tcAddr),
    instrs: c.instrs.map((t) => ({ line: t.index + 1, guest: t.guest, kind: t.kind, out: t.out })),
    fresh: c.start === fresh,
  }))
  const chained = g.chained.slice(0, snap ? snap.chainedSize : g.chained.length).map((s) => {
    const [a, b] = s.split('->').map(Number)
    return { from: (a ?? 0) + 1, to: (b ?? 0) + 1 }
  })
  let now: NowView | null = null
  if (ev?.kind === 'guest.instr')
    now = {
      outcome: ev.outcome,
      text: ev.text,
      fault: ev.fault,
      exit: ev.exit === null ? null : { reason: ev.exit.reason, name: ev.exit.name },
      hypercall:
        ev.hypercall === null
          ? null
          : {
              nr: ev.hypercall.nr,
              name: ev.hypercall.name,
              stub: hex(ev.hypercall.stub),
              bytes: ev.hypercall.bytes.map((b) => b.toString(16).padStart(2, '0')).join(' '),
            },
      diverged: ev.diverged.map(parseDiverged),
      interrupt: null,
      stopped: null,
    }
  else if (ev?.kind === 'guest.interrupt')
    now = {
      outcome: null,
      text: null,
      fault: null,
      exit: ev.exit === null ? null : { reason: ev.exit.reason, name: ev.exit.name },
      hypercall: null,
      diverged: [],
      interrupt: { vector: ev.vector, action: ev.action },
      stopped: null,
    }
  else if (ev?.kind === 'guest.stop')
    now = {
      outcome: null,
      text: null,
      fault: null,
      exit: null,
      hypercall: null,
      diverged: [],
      interrupt: null,
      stopped: ev.why,
    }
  const setup = vtxSetup(command.done, command.todo)
  const focus: GuestFocus =
    ev === null
      ? setup?.some((s) => s.now)
        ? { kind: 'setup' }
        : null
      : ev.kind === 'guest.instr' || ev.kind === 'guest.asm'
        ? { kind: 'line', index: current }
        : ev.kind === 'guest.translate'
          ? { kind: 'ccf', start: ev.ccf.start + 1 }
          : ev.kind === 'guest.interrupt' || ev.kind === 'guest.way'
            ? { kind: 'cpu' }
            : ev.kind === 'guest.run'
              ? { kind: 'counts' }
              : ev.kind === 'guest.compare'
                ? { kind: 'compare' }
                : ev.kind === 'guest.stop'
                  ? { kind: 'now' }
                  : null
  return {
    setup,
    way: g.way,
    bits: g.program.bits,
    empty: g.program.lines.length === 0,
    oneCpu: g.way === 'native' || g.way === 'vt-x',
    lines,
    cpu: snap ? cpuRows(snap.real, snap.virt) : cpuRows(view(g.real), view(g.virt)),
    tc,
    chained,
    counts: snap ? snap.counts : g.counts,
    halted: snap ? snap.halted : g.halted,
    pending: snap ? snap.pending : g.pending,
    now,
    compare: ev?.kind === 'guest.compare' ? ev.rows : null,
    gates: [...gatesOf(g.program).values()]
      .sort((a, b) => a.vector - b.vector)
      .map((x) => ({ vector: x.vector, line: x.index + 1, dpl: x.dpl })),
    focus,
  }
}
