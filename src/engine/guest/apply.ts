// The guest-CPU module's apply: pure, never throws, never mutates the machine.
import { err, ok, type Result } from '../core/result.ts'
import type { EngineError } from '../core/errors.ts'
import type { EngineEvent } from '../core/event.ts'
import type { Step } from '../core/module.ts'
import type { Machine } from '../machine.ts'
import { applyVmx } from '../vmx/apply.ts'
import type { VmxOp } from '../vmx/ops.ts'
import type { VmxState } from '../vmx/types.ts'
import { currentRegion } from '../vmx/vmcs.ts'
import type { GuestError } from './errors.ts'
import type { CompareRow, GuestEvent } from './events.ts'
import { assembleLine } from './asm.ts'
import { layout, missingLabels } from './exec.ts'
import { classify } from './isa.ts'
import { type GuestOp, MAX_RUN, MAX_STEP } from './ops.ts'
import { type GuestState, type Way, WAYS, bootState, ringOf } from './types.ts'
import { cpuView, interrupt, stepOnce, vtxControls } from './ways.ts'

type R = Result<Step, EngineError>
const fail = (error: GuestError): R => err({ code: 'guest', error })
const done = (m: Machine, guest: GuestState, vmx: VmxState, events: readonly EngineEvent[]): R =>
  ok({ machine: { ...m, guest, vmx }, events })

/** The VMCS a VT-x way creates when none is current: KVM-like controls with EPT. */
export const VTX_VMCS = 'vcpu0'
/**
 * Pin bit 0 external-interrupt exiting; primary bit 7 HLT exiting, 24 unconditional I/O
 * exiting, 31 activate secondary controls; secondary bit 1 enable EPT (so no CR3 or INVLPG
 * exits) (hw-facts §4.5). Each is a VMWRITE the student can change afterwards.
 */
export const VTX_SETUP: readonly VmxOp[] = [
  { kind: 'vmx.vmclear', target: { by: 'name', name: VTX_VMCS } },
  { kind: 'vmx.vmptrld', target: { by: 'name', name: VTX_VMCS } },
  { kind: 'vmx.vmwrite', field: 'PIN_BASED_VM_EXEC_CONTROL', value: 0x1n },
  { kind: 'vmx.vmwrite', field: 'CPU_BASED_VM_EXEC_CONTROL', value: 0x8100_0080n },
  { kind: 'vmx.vmwrite', field: 'SECONDARY_VM_EXEC_CONTROL', value: 0x2n },
]

/** Makes sure a VMCS is current; returns its name and the vmx events of setting it up. */
export function ensureVmcs(
  vmx: VmxState,
): { vmx: VmxState; name: string; events: EngineEvent[] } | null {
  const cur = currentRegion(vmx)
  if (cur) return { vmx, name: cur.name, events: [] }
  const ops: VmxOp[] =
    vmx.cpu.mode === 'off' ? [{ kind: 'vmx.vmxon', region: null }, ...VTX_SETUP] : [...VTX_SETUP]
  let s = vmx
  const events: EngineEvent[] = []
  for (const op of ops) {
    const r = applyVmx(s, op)
    if (!r.ok) return null
    s = r.value.state
    events.push(...r.value.events)
  }
  return { vmx: s, name: VTX_VMCS, events }
}

function checkProgram(g: GuestState): GuestError | null {
  if (!g.program.lines.some((l) => l.instr !== null)) return { code: 'no-program' }
  const missing = missingLabels(g.program)[0]
  if (missing)
    return {
      code: 'missing-label',
      label: missing.name,
      line: missing.line,
      column: missing.column,
    }
  return null
}

/** Runs up to `limit` steps; stops at HLT with nothing pending or at a stop. */
export function runFor(
  g0: GuestState,
  vmx0: VmxState,
  limit: number,
): { guest: GuestState; vmx: VmxState; executed: number; limitHit: boolean } {
  const lay = layout(g0.program)
  let g = g0
  let vmx = vmx0
  let executed = 0
  while (executed < limit) {
    const r = stepOnce(g, vmx, lay)
    if (r.events.length === 0) break
    g = r.state
    vmx = r.vmx
    executed++
    if (g.stopped !== null) break
  }
  const idle = g.stopped !== null || (g.halted && !(g.pending.length > 0))
  return { guest: g, vmx, executed, limitHit: executed >= limit && !idle }
}

export function applyGuest(m: Machine, op: GuestOp): R {
  const g = m.guest
  switch (op.kind) {
    case 'guest.program': {
      const program = { bits: op.bits, lines: [] }
      return done(m, bootState(program, g.way, g.umip, g.vmcs), m.vmx, [
        { kind: 'guest.program', bits: op.bits, cite: 'pg74-classes' },
      ])
    }
    case 'guest.asm': {
      const n = g.program.lines.length + 1
      const parsed = assembleLine(op.text, op.column, g.program.bits)
      if (!parsed.ok) return fail({ code: 'bad-asm', line: n, ...parsed.error })
      const asm = parsed.line
      const label = asm.label
      if (label !== null) {
        const first = g.program.lines.find((l) => l.label === label)
        if (first)
          return fail({
            code: 'duplicate-label',
            label,
            line: g.program.lines.length + 1,
            first: first.line,
          })
      }
      const program = {
        ...g.program,
        lines: [...g.program.lines, { ...asm, line: n, source: op.text.trim() }],
      }
      const lay = layout(program)
      const cls = asm.instr ? classify(asm.instr) : null
      return done(m, bootState(program, g.way, g.umip, g.vmcs), m.vmx, [
        {
          kind: 'guest.asm',
          cite: 'pg74-classes',
          line: n,
          label,
          text: asm.instr?.text ?? null,
          pg: cls?.pg ?? null,
          rule: cls?.rule ?? null,
          address: lay.addr[n - 1] ?? 0n,
          length: lay.len[n - 1] ?? 0,
        },
      ])
    }
    case 'guest.way': {
      let vmx = m.vmx
      let name: string | null = null
      const events: EngineEvent[] = []
      if (op.way === 'vt-x') {
        const v = ensureVmcs(vmx)
        if (v === null) return fail({ code: 'no-vmcs', name: VTX_VMCS })
        vmx = v.vmx
        name = v.name
        events.push(...v.events)
      }
      const guest = bootState(g.program, op.way, op.umip, name)
      const c = vtxControls(vmx, name)
      const deprivileged = op.way === 'trap' || op.way === 'bt' || op.way === 'pv'
      events.push({
        kind: 'guest.way',
        cite:
          op.way === 'vt-x'
            ? 'sdm3-25-exits'
            : op.way === 'bt'
              ? 'aa06-bt'
              : op.way === 'pv'
                ? 'xen-hypercall'
                : 'trap-emulate',
        way: op.way,
        bits: g.program.bits,
        ring: deprivileged ? ringOf(g.program.bits) : 0,
        umip: op.umip,
        vmcs: name,
        controls: c === null ? null : { pin: c.pin, cpu: c.cpu, secondary: c.secondary },
      })
      return done(m, guest, vmx, events)
    }
    case 'guest.step': {
      if (op.count < 1 || op.count > MAX_STEP)
        return fail({ code: 'bad-count', what: 'step', value: op.count, max: MAX_STEP })
      const bad = checkProgram(g)
      if (bad) return fail(bad)
      const lay = layout(g.program)
      let s = g
      let vmx = m.vmx
      const events: EngineEvent[] = []
      for (let i = 0; i < op.count; i++) {
        const r = stepOnce(s, vmx, lay)
        if (r.events.length === 0) break
        s = r.state
        vmx = r.vmx
        events.push(...r.events)
        if (s.stopped !== null) break
      }
      if (events.length === 0)
        events.push({
          kind: 'guest.stop',
          cite: 'pg74-classes',
          line: null,
          why:
            s.stopped ??
            'the CPU is halted (HLT) and no interrupt is pending: irq N wakes it, way NAME starts again',
        })
      return done(m, s, vmx, events)
    }
    case 'guest.run': {
      if (op.limit < 1 || op.limit > MAX_RUN)
        return fail({ code: 'bad-count', what: 'limit', value: op.limit, max: MAX_RUN })
      const bad = checkProgram(g)
      if (bad) return fail(bad)
      const r = runFor(g, m.vmx, op.limit)
      return done(m, r.guest, r.vmx, [
        {
          kind: 'guest.run',
          cite: 'pg74-classes',
          way: g.way,
          executed: r.executed,
          limit: op.limit,
          limitHit: r.limitHit,
          halted: r.guest.halted,
          stopped: r.guest.stopped,
          counts: r.guest.counts,
          real: cpuView(r.guest.real),
          virt: cpuView(r.guest.virt),
        },
      ])
    }
    case 'guest.irq': {
      if (!Number.isInteger(op.vector) || op.vector < 32 || op.vector > 255)
        return fail({ code: 'bad-vector', vector: op.vector })
      const r = interrupt(g, op.vector, m.vmx)
      return done(m, r.state, r.vmx, r.events)
    }
    case 'guest.compare': {
      if (op.limit < 1 || op.limit > MAX_RUN)
        return fail({ code: 'bad-count', what: 'limit', value: op.limit, max: MAX_RUN })
      const bad = checkProgram(g)
      if (bad) return fail(bad)
      const rows: CompareRow[] = WAYS.map((way: Way) => {
        // VT-x reads the current VMCS's controls, or a scratch copy of the default setup.
        let vmx = m.vmx
        let name: string | null = null
        if (way === 'vt-x') {
          const v = ensureVmcs(vmx)
          vmx = v?.vmx ?? vmx
          name = v?.name ?? null
        }
        const r = runFor(bootState(g.program, way, g.umip, name), vmx, op.limit)
        return {
          way,
          counts: r.guest.counts,
          halted: r.guest.halted,
          limitHit: r.limitHit,
          stopped: r.guest.stopped,
        }
      })
      const ev: GuestEvent = { kind: 'guest.compare', cite: 'aa06-cycles', limit: op.limit, rows }
      return done(m, g, m.vmx, [ev])
    }
  }
}
