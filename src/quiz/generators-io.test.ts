// The Xen, I/O, CPU, overcommit, migration and scheduling question kinds (generators-io.ts):
// each answer is the value the step's events carry (a forged event changes it), and a
// multiple-choice question holds its right option exactly once among distinct options.
import { describe, expect, it } from 'vitest'
import { runScript } from '../console/index.ts'
import type { EngineEvent, Frame } from '../engine/index.ts'
import { loadAllScenarios, scenarioScript } from '../scenarios/index.ts'
import { checkAnswer, generateQuestion } from './questions.ts'
import type { Generated } from './types.ts'

const SCENARIOS = await loadAllScenarios()
const cache = new Map<string, readonly Frame[]>()
function framesOf(id: string): readonly Frame[] {
  const hit = cache.get(id)
  if (hit) return hit
  const s = SCENARIOS.find((x) => x.id === id)
  if (!s) throw new Error(`no scenario ${id}`)
  const { source, phaseOf } = scenarioScript(s)
  const frames = runScript(source, { phaseOf }).trace.frames
  cache.set(id, frames)
  return frames
}

/** The frame index of step `step` (1-based) of phase `phase`. */
function at(frames: readonly Frame[], phase: string, step: number): number {
  const first = frames.findIndex((f) => f.phaseId === phase)
  if (first < 0) throw new Error(`no phase ${phase}`)
  return first + step - 1
}

function gen(frames: readonly Frame[], index: number, kind: string): Generated {
  const g = generateQuestion(frames, index, kind)
  if (!g.ok) throw new Error(g.error.message.en)
  return g.value
}

/** The step's events (its own and the rest of its console line's). */
function line(frames: readonly Frame[], index: number): EngineEvent[] {
  const l = frames[index]?.line
  return frames
    .slice(index)
    .filter((f, i, a) => f.line === l && a.slice(0, i).every((g) => g.line === l))
    .map((f) => f.event)
}

/** The trace with the first `kind` event of the step's line changed by `patch`. */
function forge(
  frames: readonly Frame[],
  index: number,
  kind: EngineEvent['kind'],
  patch: Readonly<Record<string, unknown>>,
  last = false,
): readonly Frame[] {
  const l = frames[index]?.line
  const hits: number[] = []
  for (let i = index; i < frames.length && frames[i]?.line === l; i++)
    if (frames[i]?.event.kind === kind) hits.push(i)
  const target = last ? hits[hits.length - 1] : hits[0]
  if (target === undefined) throw new Error(`no ${kind} on the step's line`)
  return frames.map((f, i) =>
    i === target ? { ...f, event: { ...f.event, ...patch } as unknown as EngineEvent } : f,
  )
}

function wellFormed(g: Generated): void {
  for (const t of [g.prompt, g.explanation, g.answerText]) {
    expect(t.en.trim()).not.toBe('')
    expect(t.zh.trim()).not.toBe('')
  }
  if (g.type !== 'choice') return
  const ids = g.choices.map((c) => c.id)
  expect(new Set(ids).size).toBe(ids.length)
  expect(ids.filter((id) => id === g.answer)).toHaveLength(1)
  expect(new Set(g.choices.map((c) => c.label.en)).size).toBe(ids.length)
  expect(g.choices.length).toBeGreaterThanOrEqual(2)
  for (const id of ids) expect(checkAnswer(g, id)).toBe(id === g.answer)
}

interface Case {
  readonly kind: string
  readonly scenario: string
  readonly phase: string
  readonly step: number
  /** The answer read straight from the step's events, independently of the generator. */
  readonly expected: (
    events: readonly EngineEvent[],
    frames: readonly Frame[],
    i: number,
  ) => string | number
  /** A forged event and the answer it must give. */
  readonly forge?: {
    readonly kind: EngineEvent['kind']
    readonly patch: Readonly<Record<string, unknown>>
    readonly last?: boolean
    readonly answer: string | number
  }
}

function one<K extends EngineEvent['kind']>(
  events: readonly EngineEvent[],
  kind: K,
): Extract<EngineEvent, { kind: K }> {
  const e = events.find((x) => x.kind === kind)
  if (!e) throw new Error(`no ${kind}`)
  return e as Extract<EngineEvent, { kind: K }>
}

const CASES: readonly Case[] = [
  {
    kind: 'hyp-hops',
    scenario: 'cpu-where-hypervisor-lives',
    phase: 'hosted',
    step: 2,
    // Counted from the line's hop events, not read from their `of` field.
    expected: (ev) => ev.filter((e) => e.kind === 'hyp.hop').length,
    forge: { kind: 'hyp.hop', patch: { of: 3 }, answer: 3 },
  },
  {
    kind: 'ioways-exits',
    scenario: 'io-five-ways',
    phase: 'virtio-qemu',
    step: 1,
    // The sum of the per-reason counts, independent of the model's own total.
    expected: (ev) =>
      Object.values(one(ev, 'ioways.way').result.counts.exits).reduce((a, b) => a + b, 0),
  },
  {
    kind: 'ring-prod',
    scenario: 'xen-ring-wraparound',
    phase: 'wrap',
    step: 2,
    expected: (ev) => one(ev, 'ring.push').new,
    forge: { kind: 'ring.push', patch: { new: 7 }, answer: 7 },
  },
  {
    kind: 'ring-slots',
    scenario: 'xen-ring-wraparound',
    phase: 'wrap',
    step: 1,
    expected: (ev) => one(ev, 'ring.queue').slots.join(', '),
    forge: { kind: 'ring.queue', patch: { slots: [3, 4, 5] }, answer: '3, 4, 5' },
  },
  {
    kind: 'ring-pending',
    scenario: 'xen-ring-wraparound',
    phase: 'mask',
    step: 1,
    expected: (ev) => one(ev, 'ring.consume').available,
    forge: { kind: 'ring.consume', patch: { available: 5 }, answer: 5 },
  },
  {
    kind: 'evtchn-deliver',
    scenario: 'xen-event-channels',
    phase: 'send',
    step: 4,
    expected: (ev) => (one(ev, 'evtchn.pending').wasPending ? 'already' : 'other'),
    forge: { kind: 'evtchn.pending', patch: { wasPending: false, masked: true }, answer: 'masked' },
  },
  {
    kind: 'evtchn-deliver',
    scenario: 'xen-event-channels',
    phase: 'send',
    step: 1,
    expected: (ev) => (one(ev, 'evtchn.upcall').delivered ? 'upcall' : 'upcall-masked'),
    forge: { kind: 'evtchn.upcall', patch: { delivered: false }, answer: 'upcall-masked' },
  },
  {
    kind: 'grant-count',
    scenario: 'xen-blkfront-read',
    phase: 'request',
    step: 1,
    expected: (ev) => ev.filter((e) => e.kind === 'grant.access').length,
  },
  {
    kind: 'rx-outcome',
    scenario: 'e1000-receive',
    phase: 'held',
    step: 1,
    expected: (ev) => one(ev, 'e1000.rx-end').outcome,
    forge: { kind: 'e1000.rx-end', patch: { outcome: 'overrun' }, answer: 'overrun' },
  },
  {
    kind: 'rx-outcome',
    scenario: 'xen-netback-rx',
    phase: 'copy',
    step: 1,
    expected: (ev) => one(ev, 'net.rx').mode,
    forge: { kind: 'net.rx', patch: { mode: 'flip' }, answer: 'flip' },
  },
  {
    kind: 'kvm-exit',
    scenario: 'kvm-run-loop',
    phase: 'out',
    step: 2,
    expected: (ev) => (one(ev, 'kvm.user').exitReason === 2 ? 'io' : 'mmio'),
    forge: { kind: 'kvm.user', patch: { exitReason: 6 }, answer: 'mmio' },
  },
  {
    kind: 'kvm-exit',
    scenario: 'kvm-run-loop',
    phase: 'pit',
    step: 1,
    expected: (ev) => (one(ev, 'kvm.kernel').toUser ? 'user' : 'kernel'),
  },
  {
    kind: 'e1000-icr',
    scenario: 'e1000-transmit',
    phase: 'kick',
    step: 5,
    expected: (ev) => String(one(ev, 'e1000.irq').icr),
    forge: { kind: 'e1000.irq', patch: { icr: 0x80 }, answer: '128' },
  },
  {
    kind: 'used-idx',
    scenario: 'virtio-event-idx-wrap',
    phase: 'delayed',
    step: 2,
    expected: (ev) => {
      const u = ev.filter((e) => e.kind === 'virtio.used-idx')
      const z = u[u.length - 1]
      return z?.kind === 'virtio.used-idx' ? z.new : -1
    },
    forge: { kind: 'virtio.used-idx', patch: { new: 9 }, last: true, answer: 9 },
  },
  {
    kind: 'dma-outcome',
    scenario: 'iommu-dma-walk',
    phase: 'blocked',
    step: 1,
    expected: (ev) => `fault-${one(ev, 'iommu.fault').fr}`,
    forge: { kind: 'iommu.fault', patch: { fr: 6 }, answer: 'fault-6' },
  },
  {
    kind: 'dma-outcome',
    scenario: 'iommu-dma-walk',
    phase: 'cached',
    step: 1,
    expected: (ev) => one(ev, 'iommu.dma').via,
    forge: { kind: 'iommu.dma', patch: { via: 'walk' }, answer: 'walk' },
  },
  {
    kind: 'vf-rid',
    scenario: 'iommu-sriov-two-guests',
    phase: 'pf',
    step: 4,
    expected: (ev) => String(one(ev, 'sriov.vf').rid),
    forge: { kind: 'sriov.vf', patch: { rid: 0x584 }, answer: String(0x584) },
  },
  {
    kind: 'instr-outcome',
    scenario: 'cpu-popek-goldberg',
    phase: 'trap',
    step: 3,
    expected: (ev) => one(ev, 'guest.instr').outcome,
    forge: { kind: 'guest.instr', patch: { outcome: 'emulated' }, answer: 'emulated' },
  },
  {
    kind: 'vmm-entries',
    scenario: 'cpu-all-ways',
    phase: 'trap',
    step: 2,
    expected: (ev) => {
      const c = one(ev, 'guest.run').counts
      return c.traps + c.exits + c.hypercalls + c.callouts
    },
  },
  {
    kind: 'share-outcome',
    scenario: 'mem-esx-sharing',
    phase: 'merge',
    step: 1,
    expected: (ev) => one(ev, 'mem.share').outcome,
    forge: { kind: 'mem.share', patch: { outcome: 'joined' }, answer: 'joined' },
  },
  {
    kind: 'write-fault',
    scenario: 'mem-esx-sharing',
    phase: 'last',
    step: 1,
    expected: (ev) => one(ev, 'mem.write').faults[0]?.kind ?? 'none',
    forge: { kind: 'mem.write', patch: { faults: [] }, answer: 'none' },
  },
  {
    kind: 'pages-sharing',
    scenario: 'mem-ksm',
    phase: 'hundred',
    step: 6,
    expected: (ev) => one(ev, 'mem.ksm-scan').counters.pagesSharing,
  },
  {
    kind: 'balloon-source',
    scenario: 'mem-balloon',
    phase: 'pressure',
    step: 1,
    expected: (ev) => (one(ev, 'mem.inflate').pagedOut.length > 0 ? 'pageout' : 'other'),
    forge: { kind: 'mem.inflate', patch: { pagedOut: [] }, answer: 'cache' },
  },
  {
    kind: 'balloon-actual',
    scenario: 'mem-balloon',
    phase: 'too-big',
    step: 1,
    expected: (ev) => one(ev, 'mem.inflate-ack').actual,
    forge: { kind: 'mem.inflate-ack', patch: { actual: 3 }, answer: 3 },
  },
  {
    kind: 'pageout-ios',
    scenario: 'mem-double-paging',
    phase: 'double',
    step: 1,
    expected: (ev) => one(ev, 'mem.pageout').ios,
    forge: { kind: 'mem.pageout', patch: { ios: 1, doublePaged: false }, answer: 1 },
  },
  {
    kind: 'reclaim-victim',
    scenario: 'mem-overcommit',
    phase: 'hard',
    step: 2,
    expected: (ev) => {
      const r = one(ev, 'mem.reclaim')
      return `${r.victim}-${r.method}`
    },
    forge: { kind: 'mem.reclaim', patch: { victim: 0 }, answer: '0-swap' },
  },
  {
    kind: 'round-sent',
    scenario: 'migrate-precopy-converges',
    phase: 'round2',
    step: 1,
    expected: (ev) => one(ev, 'migrate.round').round.sent,
  },
  {
    kind: 'migrate-decision',
    scenario: 'migrate-precopy-converges',
    phase: 'round3',
    step: 1,
    expected: (ev) => one(ev, 'migrate.round').round.decision.kind,
  },
  {
    kind: 'checkpoint-pages',
    scenario: 'migrate-checkpoint',
    phase: 'restore',
    step: 1,
    expected: (ev) => one(ev, 'migrate.restore').reverted,
    forge: { kind: 'migrate.restore', patch: { reverted: 11 }, answer: 11 },
  },
  {
    kind: 'guest-stores',
    scenario: 'migrate-checkpoint',
    phase: 'run',
    step: 1,
    expected: (ev) => one(ev, 'migrate.guest').stores,
    forge: { kind: 'migrate.guest', patch: { stores: 12 }, answer: 12 },
  },
  {
    kind: 'sched-next',
    scenario: 'sched-credit',
    phase: 'ticks',
    step: 3,
    expected: (ev) => one(ev, 'sched.switch').to ?? 'idle',
    forge: { kind: 'sched.switch', patch: { to: null }, answer: 'idle' },
  },
  {
    kind: 'cpu-share',
    scenario: 'sched-credit',
    phase: 'long-run',
    step: 1,
    expected: (ev) => {
      const r = one(ev, 'sched.run')
      const total = r.shares.reduce((n, s) => n + s.ranUs, 0) + r.idleUs.reduce((n, s) => n + s, 0)
      return String(Math.round((Math.min(...r.shares.map((s) => s.ranUs)) / total) * 100))
    },
  },
  {
    kind: 'hypercall-rc',
    scenario: 'xen-invalid-update',
    phase: 'flags',
    step: 1,
    expected: (ev) => String(one(ev, 'xenpv.hypercall').rc),
    forge: { kind: 'xenpv.hypercall', patch: { rc: -16 }, answer: '-16' },
  },
  {
    kind: 'hypercall-done',
    scenario: 'xen-mmu-update-batching',
    phase: 'partial',
    step: 2,
    expected: (ev) => one(ev, 'xenpv.hypercall').done,
    forge: { kind: 'xenpv.hypercall', patch: { done: 2 }, answer: 2 },
  },
  {
    kind: 'ptwr-outcome',
    scenario: 'xen-direct-paging',
    phase: 'not-l1',
    step: 1,
    expected: (ev) => one(ev, 'xenpv.direct-write').ptwr,
    forge: {
      kind: 'xenpv.direct-write',
      patch: { ptwr: 'emulated', refusal: null },
      answer: 'emulated',
    },
  },
]

describe('question kinds for Xen, I/O, CPU, overcommit, migration and scheduling', () => {
  for (const c of CASES) {
    describe(`${c.kind} (${c.scenario} ${c.phase} step ${c.step})`, () => {
      const frames = framesOf(c.scenario)
      const i = at(frames, c.phase, c.step)

      it('answers with what the step’s events say', () => {
        const g = gen(frames, i, c.kind)
        expect(g.answer).toBe(c.expected(line(frames, i), frames, i))
        wellFormed(g)
      })

      const f = c.forge
      if (f)
        it('follows the event: a forged one changes the answer', () => {
          const g = gen(forge(frames, i, f.kind, f.patch, f.last), i, c.kind)
          expect(g.answer).toBe(f.answer)
          expect(g.answer).not.toBe(gen(frames, i, c.kind).answer)
          wellFormed(g)
        })
    })
  }

  it('every kind of this file is covered above', async () => {
    const { IO_GENERATORS } = await import('./generators-io.ts')
    const covered = new Set(CASES.map((c) => c.kind))
    expect(Object.keys(IO_GENERATORS).filter((k) => !covered.has(k))).toEqual([])
  })

  it('a step without the event is an error naming the kind, not a question', () => {
    const frames = framesOf('kvm-run-loop')
    for (const kind of [
      'ring-prod',
      'evtchn-deliver',
      'dma-outcome',
      'cpu-share',
      'ptwr-outcome',
    ]) {
      const g = generateQuestion(frames, 0, kind)
      expect(g.ok).toBe(false)
      if (!g.ok) {
        expect(g.error.code).toBe('no-event')
        expect(g.error.message.en).toContain(kind)
      }
    }
  })

  it('an e1000 ICR question never offers the right value twice, even with no cause bits', () => {
    const frames = framesOf('e1000-transmit')
    const i = at(frames, 'kick', 5)
    for (const icr of [0x1, 0x2, 0x3, 0x80, 0xd3]) {
      const g = gen(forge(frames, i, 'e1000.irq', { icr }), i, 'e1000-icr')
      expect(g.answer).toBe(String(icr))
      wellFormed(g)
    }
  })

  it('ring slots wrap with the ring size: index & (size − 1)', () => {
    const frames = framesOf('xen-ring-wraparound')
    const g = gen(frames, at(frames, 'wrap', 1), 'ring-slots')
    // Indices 0xffffffff, 0, 1 in an 8-slot ring (hw-facts §5.1).
    expect(g.answer).toBe('7, 0, 1')
    expect(g.type === 'choice' && g.choices.map((c) => c.id)).toContain('7, 8, 9')
  })
})
