// Oracle: random sequences of VMX instructions against a brute-force state machine of launch
// states, VMX mode and the current-VMCS pointer (hw-facts §4.1-4.3).
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { applyVmx } from '../../src/engine/vmx/apply.ts'
import type { VmxEvent } from '../../src/engine/vmx/events.ts'
import type { VmxOp, VmxTarget } from '../../src/engine/vmx/ops.ts'
import { byName, minimalSetup, run, w } from '../../src/engine/vmx/testkit.ts'
import type { VmxState } from '../../src/engine/vmx/types.ts'

type Name = 'a' | 'b' | 'c' | 'bad'
const NAMES: readonly Name[] = ['a', 'b', 'c', 'bad']
type Tgt = Name | 'vmxon' | 'unaligned'

type Step =
  | { op: 'vmxon' | 'vmxoff' | 'vmlaunch' | 'vmresume' | 'vmcall' | 'cpuid' }
  | { op: 'vmclear' | 'vmptrld'; t: Tgt }
  | { op: 'vmread-ok' | 'vmread-unsupported' | 'vmwrite-ok' | 'vmwrite-ro' }

// Prepared machine: a and b pass every entry check; c fails the host-state check (8);
// bad carries a wrong revision identifier. All clear, outside VMX operation.
const prepared: VmxState = run([
  { kind: 'vmx.vmxon', region: null },
  ...minimalSetup('a'),
  ...minimalSetup('b'),
  ...minimalSetup('c'),
  w('HOST_CS_SELECTOR', 0n),
  { kind: 'vmx.region', target: byName('bad'), revision: 7n },
  { kind: 'vmx.vmclear', target: byName('a') },
  { kind: 'vmx.vmclear', target: byName('b') },
  { kind: 'vmx.vmclear', target: byName('c') },
  { kind: 'vmx.vmxoff' },
]).state

const target = (t: Tgt): VmxTarget =>
  t === 'unaligned' ? { by: 'addr', addr: 0x1001n } : { by: 'name', name: t }

function toOp(s: Step): VmxOp {
  switch (s.op) {
    case 'vmxon':
      return { kind: 'vmx.vmxon', region: null }
    case 'vmxoff':
      return { kind: 'vmx.vmxoff' }
    case 'vmlaunch':
      return { kind: 'vmx.vmlaunch' }
    case 'vmresume':
      return { kind: 'vmx.vmresume' }
    case 'vmcall':
      return { kind: 'vmx.vmcall' }
    case 'cpuid':
      return { kind: 'vmx.guest', instr: { op: 'cpuid' } }
    case 'vmclear':
      return { kind: 'vmx.vmclear', target: target(s.t) }
    case 'vmptrld':
      return { kind: 'vmx.vmptrld', target: target(s.t) }
    case 'vmread-ok':
      return { kind: 'vmx.vmread', field: 'GUEST_RIP' }
    case 'vmread-unsupported':
      return { kind: 'vmx.vmread', field: 0x4804n }
    case 'vmwrite-ok':
      return w('GUEST_RSP', 0x8000n)
    case 'vmwrite-ro':
      return w('VM_EXIT_REASON', 1n)
  }
}

/** The brute-force reference: nothing but the SDM's rules, written out case by case. */
interface Ref {
  mode: 'off' | 'root' | 'non-root'
  cur: Name | null
  launch: Record<Name, 'clear' | 'launched'>
}

const EXIT: Record<string, number> = {
  vmcall: 18,
  vmclear: 19,
  vmlaunch: 20,
  vmptrld: 21,
  'vmread-ok': 23,
  'vmread-unsupported': 23,
  vmresume: 24,
  'vmwrite-ok': 25,
  'vmwrite-ro': 25,
  vmxoff: 26,
  vmxon: 27,
  cpuid: 10,
}

function refStep(r: Ref, s: Step): { r: Ref; out: string } {
  const fail = (n: number): string => (r.cur === null ? 'invalid' : `valid:${n}`)
  if (s.op === 'cpuid') {
    if (r.mode !== 'non-root') return { r, out: 'refused' }
    return { r: { ...r, mode: 'root' }, out: 'exit:10' }
  }
  if (r.mode === 'non-root') return { r: { ...r, mode: 'root' }, out: `exit:${EXIT[s.op]}` }
  if (r.mode === 'off') {
    if (s.op !== 'vmxon') return { r, out: '#UD' }
    return { r: { ...r, mode: 'root', cur: null }, out: 'succeed' }
  }
  switch (s.op) {
    case 'vmxon':
      return { r, out: fail(15) }
    case 'vmxoff':
      return { r: { ...r, mode: 'off', cur: null }, out: 'succeed' }
    case 'vmcall':
      return { r, out: fail(1) }
    case 'vmclear':
      if (s.t === 'unaligned') return { r, out: fail(2) }
      if (s.t === 'vmxon') return { r, out: fail(3) }
      return {
        r: { ...r, cur: r.cur === s.t ? null : r.cur, launch: { ...r.launch, [s.t]: 'clear' } },
        out: 'succeed',
      }
    case 'vmptrld':
      if (s.t === 'unaligned') return { r, out: fail(9) }
      if (s.t === 'vmxon') return { r, out: fail(10) }
      if (s.t === 'bad') return { r, out: fail(11) }
      return { r: { ...r, cur: s.t }, out: 'succeed' }
    case 'vmread-ok':
    case 'vmwrite-ok':
      return { r, out: r.cur === null ? 'invalid' : 'succeed' }
    case 'vmread-unsupported':
      return { r, out: r.cur === null ? 'invalid' : 'valid:12' }
    case 'vmwrite-ro':
      return { r, out: r.cur === null ? 'invalid' : 'valid:13' }
    case 'vmlaunch':
    case 'vmresume': {
      if (r.cur === null) return { r, out: 'invalid' }
      const st = r.launch[r.cur]
      if (s.op === 'vmlaunch' && st !== 'clear') return { r, out: 'valid:4' }
      if (s.op === 'vmresume' && st !== 'launched') return { r, out: 'valid:5' }
      if (r.cur === 'c') return { r, out: 'valid:8' }
      return {
        r: { ...r, mode: 'non-root', launch: { ...r.launch, [r.cur]: 'launched' } },
        out: 'entry',
      }
    }
  }
}

function engineOutcome(events: readonly VmxEvent[]): string {
  for (const e of events) {
    switch (e.kind) {
      case 'vmx.fault':
        return '#UD'
      case 'vmx.fail':
        return e.vmfail === 'invalid' ? 'invalid' : `valid:${e.error ?? -1}`
      case 'vmx.exit':
        return `exit:${e.exit.reason}`
      case 'vmx.entry':
        return 'entry'
      case 'vmx.instr':
      case 'vmcs.read':
      case 'vmcs.write':
        return 'succeed'
      default:
        break
    }
  }
  return 'none'
}

function engineView(s: VmxState): Ref {
  const cur = s.regions.find((x) => x.addr === s.cpu.currentVmcs)?.name ?? null
  const launch = Object.fromEntries(
    NAMES.map((n) => [n, s.regions.find((x) => x.name === n)?.launch ?? 'clear']),
  ) as Record<Name, 'clear' | 'launched'>
  return { mode: s.cpu.mode, cur: cur as Name | null, launch }
}

const arbTgt = fc.constantFrom<Tgt>('a', 'b', 'c', 'bad', 'vmxon', 'unaligned')
const arbStep: fc.Arbitrary<Step> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom<Step>({ op: 'vmxon' }, { op: 'cpuid' }) },
  fc.constantFrom<Step>(
    { op: 'vmxoff' },
    { op: 'vmlaunch' },
    { op: 'vmresume' },
    { op: 'vmcall' },
    { op: 'vmread-ok' },
    { op: 'vmread-unsupported' },
    { op: 'vmwrite-ok' },
    { op: 'vmwrite-ro' },
  ),
  { weight: 4, arbitrary: fc.record({ op: fc.constantFrom('vmclear', 'vmptrld'), t: arbTgt }) },
  { weight: 3, arbitrary: fc.constantFrom<Step>({ op: 'vmlaunch' }, { op: 'vmresume' }) },
)

describe('VMX instruction outcomes match a brute-force state machine', () => {
  it('random sequences give the same outcomes, modes, pointers and launch states', () => {
    fc.assert(
      fc.property(fc.array(arbStep, { minLength: 1, maxLength: 40 }), (steps) => {
        let s = prepared
        let r: Ref = engineView(prepared)
        for (const step of steps) {
          const res = applyVmx(s, toOp(step))
          const got = res.ok ? engineOutcome(res.value.events) : 'refused'
          const want = refStep(r, step)
          expect(got, JSON.stringify(step)).toBe(want.out)
          if (res.ok) s = res.value.state
          r = want.r
          expect(engineView(s)).toEqual(r)
        }
      }),
      { seed: 42, numRuns: 300 },
    )
  })

  it('the prepared machine starts with everything clear and no VMX operation', () => {
    expect(engineView(prepared)).toEqual({
      mode: 'off',
      cur: null,
      launch: { a: 'clear', b: 'clear', c: 'clear', bad: 'clear' },
    })
  })
})
