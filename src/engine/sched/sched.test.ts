import { describe, expect, it } from 'vitest'
import { apply } from '../apply.ts'
import type { EngineEvent } from '../core/event.ts'
import { type Machine, initialMachine } from '../machine.ts'
import type { Op } from '../modules.ts'
import { byName, minimalSetup } from '../vmx/testkit.ts'
import type { SchedEvent } from './events.ts'
import type { SchedOp } from './ops.ts'
import { Sim } from './sim.ts'
import { CREDIT, type SchedState, type SchedVcpu } from './types.ts'

function run(ops: readonly Op[], from: Machine = initialMachine) {
  let m = from
  let last: readonly EngineEvent[] = []
  for (const op of ops) {
    const r = apply(m, op)
    if (!r.ok) throw new Error(`${op.kind} refused: ${JSON.stringify(r.error)}`)
    m = r.value.machine
    last = r.value.events
  }
  return { m, last }
}

const refuse = (ops: readonly Op[], op: Op) => {
  const r = apply(run(ops).m, op)
  if (r.ok) throw new Error('accepted')
  return r.error
}

const init = (pcpus: number, sched: 'xen' | 'kvm' = 'xen'): SchedOp => ({
  kind: 'sched.init',
  sched,
  pcpus,
})
const vm = (name: string, weight: number | null = null, cap: number | null = null, vcpus = 1) =>
  ({ kind: 'sched.vm', name, vcpus, weight, cap }) as const
const busy = (vcpu: string, name = 'loop'): SchedOp => ({
  kind: 'sched.thread',
  vcpu,
  name,
  mode: 'busy',
  runUs: 0,
  sleepUs: 0,
})
const io = (vcpu: string, runUs: number, sleepUs: number, name = 'io'): SchedOp => ({
  kind: 'sched.thread',
  vcpu,
  name,
  mode: 'io',
  runUs,
  sleepUs,
})
const runMs = (ms: number): SchedOp => ({ kind: 'sched.run', us: ms * 1000 })
const vc = (m: Machine, id: string): SchedVcpu => {
  const v = m.sched.vcpus.find((x) => x.id === id)
  if (!v) throw new Error(id)
  return v
}
const schedEvents = (es: readonly EngineEvent[]) => es as readonly SchedEvent[]

describe('burn_credits', () => {
  const at = (startUs: number, residual: number, now: number) => {
    const s: SchedState = {
      ...initialMachine.sched,
      kind: 'xen',
      nowUs: now,
    }
    const sim = new Sim(s)
    const v = { ...vc(run([init(1), vm('A'), busy('A.0')]).m, 'A.0'), startUs, residual }
    const w = { ...v, threads: [] }
    sim.burn(w)
    return w
  }
  it('burns 10 credits per ms and carries the remainder (credit.c)', () => {
    const w = at(0, 0, 10_000)
    expect(w.credit).toBe(-100)
    expect(w.startUs).toBe(10_000)
    // 150 us: 1 credit, half a credit kept in residual, start advanced by 100 us only.
    const h = at(0, 0, 150)
    expect([h.credit, h.residual, h.startUs]).toEqual([-1, 500, 100])
  })
})

describe('csched_acct on a hand-computed slice', () => {
  // One pCPU; A (weight 256) and B (weight 512), each one busy vCPU.
  const base = [init(1), vm('A', 256), vm('B', 512), busy('A.0'), busy('B.0')]

  it('first period: only A ran, so only A is active and gets the whole 300', () => {
    const { m, last } = run([...base, runMs(30), { kind: 'sched.step', count: 1 }])
    const acct = schedEvents(last).find((e) => e.kind === 'sched.acct')
    if (acct?.kind !== 'sched.acct') throw new Error('no acct')
    // A ran 0-30 ms: burned 100 at the 10 ms and 20 ms ticks: -200, then +300 = 100.
    expect(acct.acct.weightTotal).toBe(256)
    expect(acct.acct.creditTotal).toBe(300)
    expect(acct.acct.domains).toEqual([
      expect.objectContaining({ vm: 'A', fairShare: 300, peak: 300, perVcpu: 300 }),
    ])
    expect(acct.acct.vcpus[0]).toMatchObject({
      vcpu: 'A.0',
      before: -200,
      after: 100,
      pri: 'under',
    })
    // The 30 ms tick then burns A's last 10 ms; the slice ends and B (boosted) runs.
    expect(vc(m, 'A.0').credit).toBe(0)
    expect(m.sched.cpus[0]?.running).toBe('B.0')
  })

  it('second period: 300 split 1:2 by weight (ceil 100 and 200)', () => {
    const { last } = run([...base, runMs(60), { kind: 'sched.step', count: 1 }])
    const acct = schedEvents(last).find((e) => e.kind === 'sched.acct')
    if (acct?.kind !== 'sched.acct') throw new Error('no acct')
    expect(acct.acct.weightTotal).toBe(768)
    // B became active at 40 ms, so it is first on the list (list_add at the head).
    expect(acct.acct.domains.map((d) => [d.vm, d.fairShare, d.perVcpu])).toEqual([
      ['B', 200, 200],
      ['A', 100, 100],
    ])
    expect(acct.acct.vcpus).toEqual([
      expect.objectContaining({ vcpu: 'B.0', before: -200, after: 0, pri: 'under' }),
      expect.objectContaining({ vcpu: 'A.0', before: 0, after: 100, pri: 'under' }),
    ])
    expect(acct.acct.balance).toBe(100)
  })

  it('over a long run the shares follow the weights (1:2)', () => {
    const { last } = run([...base, runMs(60), runMs(2000)])
    const r = schedEvents(last)[0]
    if (r?.kind !== 'sched.run') throw new Error('no run')
    const a = r.shares.find((x) => x.vcpu === 'A.0')?.ranUs ?? 0
    const b = r.shares.find((x) => x.vcpu === 'B.0')?.ranUs ?? 0
    expect(a + b).toBe(2_000_000)
    expect(b / a).toBeGreaterThan(1.8)
    expect(b / a).toBeLessThan(2.2)
  })
})

describe('priority transitions', () => {
  it('UNDER -> BOOST on wake, BOOST -> UNDER at the next tick that finds it running', () => {
    const { m, last } = run([init(1), vm('A')])
    expect(vc(m, 'A.0').pri).toBe('under')
    void last
    const woke = run([busy('A.0')], m)
    const w = schedEvents(woke.last).find((e) => e.kind === 'sched.thread')
    expect(w).toMatchObject({ wake: { priBefore: 'under', pri: 'boost', tickled: 0 } })
    const t = run([{ kind: 'sched.step', count: 2 }], woke.m)
    const un = schedEvents(t.last).find((e) => e.kind === 'sched.unboost')
    expect(un).toMatchObject({ vcpu: 'A.0', atUs: 10_000, credit: -100 })
    expect(vc(t.m, 'A.0').pri).toBe('under')
  })

  it('UNDER -> OVER when accounting leaves credit < 0, OVER -> UNDER at 0 (credit 0 is UNDER)', () => {
    // Two busy VMs of equal weight on one pCPU: each gets 150 per period but burns 300 a slice.
    const { m } = run([init(1), vm('A'), vm('B'), busy('A.0'), busy('B.0'), runMs(91)])
    const acc = run([runMs(0)], m)
    void acc
    const seen = new Set<string>()
    let cur = m
    for (let i = 0; i < 12; i++) {
      const r = run([{ kind: 'sched.step', count: 1 }], cur)
      cur = r.m
      for (const e of schedEvents(r.last))
        if (e.kind === 'sched.acct')
          for (const v of e.acct.vcpus) seen.add(`${v.priBefore}->${v.pri}:${v.after < 0}`)
    }
    expect(seen.has('under->over:true')).toBe(true)
    expect(seen.has('over->under:false')).toBe(true)
  })

  it('a waking OVER vCPU is not boosted', () => {
    const s = run([init(1), vm('A'), vm('B'), busy('A.0'), busy('B.0')]).m
    // Force A over: hand it a negative balance, then block and wake it.
    const forced: Machine = {
      ...s,
      sched: {
        ...s.sched,
        vcpus: s.sched.vcpus.map((v) =>
          v.id === 'A.0' ? { ...v, pri: 'over', credit: -50, state: 'blocked' } : v,
        ),
        cpus: s.sched.cpus.map((c) => ({ ...c, runq: c.runq.filter((x) => x !== 'A.0') })),
      },
    }
    const r = run([io('A.0', 1000, 1000, 'second')], forced)
    expect(schedEvents(r.last).find((e) => e.kind === 'sched.thread')).toMatchObject({
      wake: { priBefore: 'over', pri: 'over' },
    })
  })

  it('a waking I/O vCPU preempts a busy one (BOOST > UNDER) and runs at once', () => {
    const { m } = run([init(1), vm('A'), vm('IO'), busy('A.0'), io('IO.0', 500, 9500)])
    const r = run([runMs(100)], m)
    const wakes = r.m.sched.vcpus.find((v) => v.id === 'IO.0')
    // IO first waits behind A (both boosted at start), then runs 0.5 ms every 10 ms from 30 ms.
    expect(wakes?.ranUs).toBe(7 * 500)
    // Step until IO wakes while A runs: the wake tickles pCPU 0, which switches at once.
    let cur = r.m
    let preempt: SchedEvent | undefined
    for (let i = 0; i < 20 && !preempt; i++) {
      const s = run([{ kind: 'sched.step', count: 1 }], cur)
      cur = s.m
      preempt = schedEvents(s.last).find((e) => e.kind === 'sched.switch' && e.why === 'preempt')
    }
    expect(preempt).toMatchObject({ from: 'A.0', to: 'IO.0', pri: 'boost' })
  })

  it('a capped domain is parked below -cap and unparked without a boost', () => {
    // A alone on one pCPU with cap 20: 60 credits a period; parked once credit < -60.
    const { m } = run([init(1), vm('A', null, 20), busy('A.0'), runMs(29)])
    const parks: string[] = []
    let cur = m
    for (let i = 0; i < 40; i++) {
      const s = run([{ kind: 'sched.step', count: 1 }], cur)
      cur = s.m
      for (const e of schedEvents(s.last)) {
        if (e.kind === 'sched.acct')
          for (const v of e.acct.vcpus) {
            if (v.parkedNow) parks.push(`park@${e.acct.atUs}`)
            if (v.unparkedNow) parks.push(`unpark@${e.acct.atUs}`)
          }
        if (e.kind === 'sched.wake') {
          expect(e.noBoost).toBe('parked')
          parks.push('wake-no-boost')
        }
      }
    }
    expect(parks[0]).toMatch(/^park@/)
    expect(parks).toContain('wake-no-boost')
    expect(parks.some((p) => p.startsWith('unpark@'))).toBe(true)
    // Not work-conserving: over 3 s A gets 20 % of the pCPU although nothing else runs.
    const long = run([runMs(2000)], cur)
    const r = schedEvents(long.last)[0]
    if (r?.kind !== 'sched.run') throw new Error('no run')
    const share = (r.shares[0]?.ranUs ?? 0) / 2_000_000
    expect(share).toBeGreaterThan(0.17)
    expect(share).toBeLessThan(0.23)
  })

  it('without a cap an OVER vCPU alone still gets the whole pCPU (work-conserving)', () => {
    const { m } = run([init(1), vm('A', 256), busy('A.0'), runMs(90)])
    const r = run([runMs(2000)], m)
    const e = schedEvents(r.last)[0]
    if (e?.kind !== 'sched.run') throw new Error('no run')
    expect(e.shares[0]?.ranUs).toBe(2_000_000)
  })

  it('an idle pCPU steals a queued vCPU from a busy peer', () => {
    // Both vCPUs placed on different pCPUs; a third wakes onto a busy one and is stolen.
    const { m } = run([init(2), vm('A', null, null, 3), busy('A.0'), busy('A.1'), runMs(1)])
    const r = run([busy('A.2')], m)
    void r
    const rr = run([runMs(100)], m)
    expect(vc(rr.m, 'A.0').ranUs + vc(rr.m, 'A.1').ranUs).toBeGreaterThan(190_000)
  })

  it('the credit floor is -300 and a vCPU above 300 stops earning with its credit halved', () => {
    const s = run([init(1), vm('A'), busy('A.0'), runMs(20)]).m
    const sim = new Sim({
      ...s.sched,
      vcpus: s.sched.vcpus.map((v) => ({ ...v, credit: 250, active: true })),
      activeVms: ['A'],
    })
    sim.acct()
    // Alone: fair 300 = peak, +300 => 550 > 300 => inactive, 275.
    expect(sim.vcpu('A.0')).toMatchObject({ credit: 275, active: false })
    const sim2 = new Sim({
      ...s.sched,
      vms: [...s.sched.vms, { name: 'B', weight: 65535, cap: 0, vcpus: 1 }],
      vcpus: [
        ...s.sched.vcpus.map((v) => ({ ...v, credit: -900, active: true })),
        { ...(s.sched.vcpus[0] as SchedVcpu), id: 'B.0', vm: 'B', active: true },
      ],
      activeVms: ['A', 'B'],
    })
    sim2.acct()
    expect(sim2.vcpu('A.0').credit).toBe(-CREDIT.creditsPerTslice)
  })
})

describe('bad input', () => {
  it('a weight of 0 or above 65535 and a cap over vCPUs x 100 are refused (libxl ranges)', () => {
    expect(refuse([init(1)], vm('A', 0))).toEqual({
      code: 'sched',
      error: { code: 'weight-range', weight: 0, max: 65535 },
    })
    expect(refuse([init(1)], vm('A', null, 201, 2))).toEqual({
      code: 'sched',
      error: { code: 'cap-range', cap: 201, max: 200 },
    })
    expect(
      refuse([init(1), vm('A')], { kind: 'sched.set', name: 'A', weight: null, cap: 101 }),
    ).toMatchObject({ error: { code: 'cap-range', max: 100 } })
  })
  it('a run longer than 2 s is refused before any work', () => {
    expect(refuse([init(1)], runMs(2001))).toMatchObject({
      error: { code: 'too-long', us: 2_001_000, max: 2_000_000 },
    })
  })
  it('a step with no vCPU refuses at once instead of running for ever', () => {
    expect(refuse([init(1)], { kind: 'sched.step', count: 1 })).toMatchObject({
      error: { code: 'nothing-happens' },
    })
  })
})

describe('KVM: vCPUs as host threads', () => {
  it('shares follow cpu.weight and a halting vCPU halt-polls 200 us first', () => {
    const { m } = run([init(1, 'kvm'), vm('A', 100), vm('B', 300), busy('A.0'), busy('B.0')])
    const r = run([runMs(400)], m)
    const e = schedEvents(r.last)[0]
    if (e?.kind !== 'sched.run') throw new Error('no run')
    const a = e.shares[0]?.ranUs ?? 0
    const b = e.shares[1]?.ranUs ?? 0
    expect(b / a).toBeGreaterThan(2.7)
    expect(b / a).toBeLessThan(3.3)
    const h = run([init(1, 'kvm'), vm('C'), io('C.0', 1000, 5000)])
    const seq = run([runMs(1), runMs(1)], h.m)
    // The thread blocked at 1 ms; the vCPU thread keeps the pCPU for 200 us of polling.
    expect(vc(seq.m, 'C.0').ranUs).toBe(1200)
  })
})

describe('the VMCS follows its vCPU (VMCLEAR, VMPTRLD, VMLAUNCH again)', () => {
  const vmx = (op: Op): Op => op
  const setup: Op[] = [
    init(2),
    { kind: 'vmx.vmxon', region: null },
    ...minimalSetup('vcpu0'),
    { kind: 'vmx.vmlaunch' },
    // A VM exit back to the VMM on pCPU 0 (HLT exits when the VMM asks; CPUID always does).
    vmx({ kind: 'vmx.guest', instr: { op: 'cpuid' } }),
  ]
  const launchedOn0 = run(setup).m

  it('after VMCLEAR on pCPU 0 and VMPTRLD on pCPU 1, VMRESUME is VMfailValid(5)', () => {
    const r = run(
      [
        { kind: 'vmx.vmclear', target: byName('vcpu0') },
        { kind: 'sched.cpu', pcpu: 1 },
        { kind: 'vmx.vmxon', region: byName('vmxon1') },
        { kind: 'vmx.vmptrld', target: byName('vcpu0') },
        { kind: 'vmx.vmresume' },
      ],
      launchedOn0,
    )
    expect(r.last[0]).toMatchObject({ kind: 'vmx.fail', vmfail: 'valid', error: 5 })
    const ok = run([{ kind: 'vmx.vmlaunch' }], r.m)
    expect(ok.m.vmx.cpu.mode).toBe('non-root')
    expect(ok.m.vmx.regions.find((x) => x.name === 'vcpu0')?.launch).toBe('launched')
  })

  it('VMRESUME on the new pCPU with no VMPTRLD there is VMfailInvalid', () => {
    const r = run(
      [
        { kind: 'sched.cpu', pcpu: 1 },
        { kind: 'vmx.vmxon', region: byName('vmxon1') },
        { kind: 'vmx.vmresume' },
      ],
      launchedOn0,
    )
    expect(r.last[0]).toMatchObject({ kind: 'vmx.fail', vmfail: 'invalid', error: null })
  })

  it('each pCPU keeps its own VMX state; the VMCS region is the same one', () => {
    const r = run([{ kind: 'sched.cpu', pcpu: 1 }], launchedOn0)
    expect(r.m.vmx.cpu.mode).toBe('off')
    expect(r.m.vmx.regions).toBe(launchedOn0.vmx.regions)
    const back = run([{ kind: 'sched.cpu', pcpu: 0 }], r.m)
    expect(back.m.vmx.cpu).toEqual(launchedOn0.vmx.cpu)
    expect(refuse([init(2)], { kind: 'sched.cpu', pcpu: 2 })).toMatchObject({
      error: { code: 'bad-pcpu' },
    })
  })

  it('the scheduler counts a VMCS move when a vCPU resumes on another pCPU', () => {
    const { m } = run([init(2), vm('A', null, null, 3), busy('A.0'), busy('A.1'), busy('A.2')])
    const r = run([runMs(300)], m)
    const e = schedEvents(r.last)[0]
    if (e?.kind !== 'sched.run') throw new Error('no run')
    expect(e.vmcsMoves).toBeGreaterThan(0)
  })
})

describe('determinism', () => {
  it('the same script gives the same state', () => {
    const ops: Op[] = [
      init(2),
      vm('A', 256, null, 2),
      vm('B', 512),
      busy('A.0'),
      io('A.1', 700, 3300),
      busy('B.0'),
      runMs(500),
    ]
    expect(run(ops).m.sched).toEqual(run(ops).m.sched)
  })
})
