// The scheduling model's ops: build a host and its VMs, give vCPUs guest threads, run the
// scheduler (step by decision, or for a stretch of time), and pick the pCPU VT-x runs on.
import { type Result, err, ok } from '../core/result.ts'
import type { Machine } from '../machine.ts'
import { type LogicalCpu, initialVmxState } from '../vmx/types.ts'
import type { SchedError } from './errors.ts'
import type { SchedEvent } from './events.ts'
import type { SchedOp } from './ops.ts'
import { Sim, placeVcpu } from './sim.ts'
import {
  CGROUP_WEIGHT_DEFAULT,
  CGROUP_WEIGHT_MAX,
  CREDIT,
  GUEST_QUANTUM_US,
  type PcpuVmx,
  SCHED_LIMITS,
  SCHED_MAX_RUN_US,
  type SchedState,
  type SchedVcpu,
  XEN_WEIGHT_MAX,
  eevdfSliceUs,
  initialSchedState,
} from './types.ts'

export interface SchedStep {
  readonly machine: Machine
  readonly events: readonly SchedEvent[]
}

type R = Result<SchedStep, SchedError>

function withSched(m: Machine, s: SchedState, events: readonly SchedEvent[]): R {
  return ok({ machine: { ...m, sched: s }, events })
}

function checkWeight(s: SchedState, weight: number): SchedError | null {
  const max = s.kind === 'kvm' ? CGROUP_WEIGHT_MAX : XEN_WEIGHT_MAX
  return weight < 1 || weight > max ? { code: 'weight-range', weight, max } : null
}

function checkCap(s: SchedState, cap: number, vcpus: number): SchedError | null {
  if (s.kind === 'kvm' && cap !== 0) return { code: 'kvm-cap' }
  return cap > vcpus * 100 ? { code: 'cap-range', cap, max: vcpus * 100 } : null
}

export function applySched(m: Machine, op: SchedOp): R {
  const s = m.sched
  if (op.kind === 'sched.init') {
    const cpus = Array.from({ length: op.pcpus }, () => ({
      running: null,
      runq: [],
      resched: false,
      idleUs: 0,
    }))
    const next: SchedState = {
      ...initialSchedState,
      kind: op.sched,
      pcpus: op.pcpus,
      cpus,
      vmxCpus: Array.from({ length: op.pcpus }, () => null),
    }
    return withSched(m, next, [
      {
        kind: 'sched.init',
        sched: op.sched,
        pcpus: op.pcpus,
        sliceUs: op.sched === 'xen' ? CREDIT.tsliceMs * 1000 : eevdfSliceUs(op.pcpus),
        cite: op.sched === 'xen' ? 'xen-credit-const' : 'kvm-vcpu-thread',
      },
    ])
  }
  if (s.kind === null) return err({ code: 'no-sched' })
  switch (op.kind) {
    case 'sched.vm': {
      if (s.vms.some((v) => v.name === op.name)) return err({ code: 'duplicate-vm', name: op.name })
      if (s.vms.length >= SCHED_LIMITS.vms)
        return err({ code: 'too-many', what: 'vms', max: SCHED_LIMITS.vms })
      const weight = op.weight ?? (s.kind === 'xen' ? CREDIT.defaultWeight : CGROUP_WEIGHT_DEFAULT)
      const cap = op.cap ?? 0
      const bad = checkWeight(s, weight) ?? checkCap(s, cap, op.vcpus)
      if (bad) return err(bad)
      const placed: number[] = []
      const vcpus: SchedVcpu[] = []
      for (let i = 0; i < op.vcpus; i++) {
        const p = placeVcpu(s.cpus, [...s.vcpus.map((v) => v.pcpu), ...placed])
        placed.push(p)
        vcpus.push({
          id: `${op.name}.${i}`,
          vm: op.name,
          threads: [],
          guestCur: 0,
          guestLeft: GUEST_QUANTUM_US,
          // No guest thread yet: the vCPU halts until one is created.
          state: 'blocked',
          pcpu: p,
          lastRanOn: null,
          credit: 0,
          residual: 0,
          pri: 'under',
          active: false,
          parked: false,
          startUs: 0,
          sliceEnd: 0,
          vruntime: 0,
          pollUntil: null,
          ranUs: 0,
          vmcsMoves: 0,
        })
      }
      const vm = { name: op.name, weight, cap, vcpus: op.vcpus }
      return withSched(m, { ...s, vms: [...s.vms, vm], vcpus: [...s.vcpus, ...vcpus] }, [
        {
          kind: 'sched.vm',
          ...vm,
          placed,
          cite: s.kind === 'xen' ? 'xen-credit-const' : 'kvm-vcpu-thread',
        },
      ])
    }
    case 'sched.set': {
      const vm = s.vms.find((v) => v.name === op.name)
      if (!vm) return err({ code: 'unknown-vm', name: op.name })
      const weight = op.weight ?? vm.weight
      const cap = op.cap ?? vm.cap
      const bad = checkWeight(s, weight) ?? checkCap(s, cap, vm.vcpus)
      if (bad) return err(bad)
      const next = { ...vm, weight, cap }
      return withSched(m, { ...s, vms: s.vms.map((v) => (v === vm ? next : v)) }, [
        { kind: 'sched.set', name: vm.name, weight, cap, cite: 'xen-credit-limits' },
      ])
    }
    case 'sched.thread': {
      const v = s.vcpus.find((x) => x.id === op.vcpu)
      if (!v) return err({ code: 'unknown-vcpu', vcpu: op.vcpu })
      if (v.threads.some((t) => t.name === op.name))
        return err({ code: 'thread-exists', vcpu: op.vcpu, name: op.name })
      if (v.threads.length >= SCHED_LIMITS.threads)
        return err({ code: 'too-many', what: 'threads', max: SCHED_LIMITS.threads })
      const sim = new Sim(s)
      const w = sim.vcpu(v.id)
      w.threads.push({
        name: op.name,
        kind: op.mode,
        runUs: op.runUs,
        sleepUs: op.sleepUs,
        left: op.runUs,
        wakeAt: null,
        ranUs: 0,
      })
      // The guest has work again: the halted vCPU wakes (and is boosted under Xen). One event
      // says both, since they are one step.
      let wake: Extract<SchedEvent, { kind: 'sched.thread' }>['wake'] = null
      if (w.state === 'blocked') {
        w.guestCur = w.threads.length - 1
        sim.wake(w, op.name)
        const e = sim.events.pop()
        if (e?.kind === 'sched.wake')
          wake = { priBefore: e.priBefore, pri: e.pri, tickled: e.tickled }
      }
      const ev: SchedEvent = {
        kind: 'sched.thread',
        vcpu: v.id,
        name: op.name,
        mode: op.mode,
        runUs: op.runUs,
        sleepUs: op.sleepUs,
        wake,
        cite: wake !== null && s.kind === 'xen' ? 'xen-credit-wake' : 'kvm-vcpu-thread',
      }
      return withSched(m, sim.state(), [ev])
    }
    case 'sched.step': {
      if (s.vcpus.length === 0) return err({ code: 'nothing-happens', us: SCHED_MAX_RUN_US })
      const sim = new Sim(s)
      const limit = s.nowUs + SCHED_MAX_RUN_US
      // Every event the scheduler emits is a decision (switch, wake, block, unboost, acct).
      const count = () => sim.counts.decisions
      for (;;) {
        sim.instant()
        if (count() >= op.count || sim.now >= limit) break
        sim.step()
        if (count() >= op.count) break
      }
      if (sim.events.length === 0) return err({ code: 'nothing-happens', us: SCHED_MAX_RUN_US })
      return withSched(m, sim.state(), sim.events)
    }
    case 'sched.run': {
      if (op.us > SCHED_MAX_RUN_US)
        return err({ code: 'too-long', us: op.us, max: SCHED_MAX_RUN_US })
      const sim = new Sim(s)
      sim.recording = false
      const end = s.nowUs + op.us
      while (sim.now < end) {
        sim.instant()
        sim.step()
      }
      const before = new Map(s.vcpus.map((v) => [v.id, v]))
      const next = sim.state()
      return withSched(m, next, [
        {
          kind: 'sched.run',
          fromUs: s.nowUs,
          toUs: end,
          shares: next.vcpus.map((v) => ({
            vcpu: v.id,
            ranUs: v.ranUs - (before.get(v.id)?.ranUs ?? 0),
          })),
          idleUs: next.cpus.map((c, i) => c.idleUs - (s.cpus[i]?.idleUs ?? 0)),
          switches: sim.counts.switches,
          wakes: sim.counts.wakes,
          boosts: sim.counts.boosts,
          accts: sim.counts.accts,
          vmcsMoves: next.vcpus.reduce(
            (n, v) => n + v.vmcsMoves - (before.get(v.id)?.vmcsMoves ?? 0),
            0,
          ),
          cite: s.kind === 'xen' ? 'xen-credit-acct' : 'kvm-vcpu-thread',
        },
      ])
    }
    case 'sched.cpu': {
      if (op.pcpu >= s.pcpus) return err({ code: 'bad-pcpu', pcpu: op.pcpu, pcpus: s.pcpus })
      const from = s.vmxCpu
      const saved: PcpuVmx = { cpu: m.vmx.cpu, tlb: m.vmx.tlb }
      const stored = s.vmxCpus.map((c, i) => (i === from ? saved : c))
      const next = stored[op.pcpu] ?? { cpu: initialVmxState.cpu, tlb: [] }
      const vmx = { ...m.vmx, cpu: next.cpu, tlb: next.tlb }
      return ok({
        machine: { ...m, vmx, sched: { ...s, vmxCpu: op.pcpu, vmxCpus: stored } },
        events: [
          {
            kind: 'sched.cpu',
            pcpu: op.pcpu,
            from,
            currentVmcs: vmcsName(m, next.cpu),
            mode: next.cpu.mode,
            cite: 'vmcs-migrate',
          },
        ],
      })
    }
  }
}

function vmcsName(m: Machine, cpu: LogicalCpu): string | null {
  if (cpu.currentVmcs === null) return null
  return m.vmx.regions.find((r) => r.addr === cpu.currentVmcs)?.name ?? null
}

/** Every pCPU's VT-x state: the selected one live in `machine.vmx`, the others as saved. */
export function pcpuVmx(m: Machine): readonly (PcpuVmx | null)[] {
  const s = m.sched
  return Array.from({ length: Math.max(1, s.pcpus) }, (_, i) =>
    i === s.vmxCpu ? { cpu: m.vmx.cpu, tlb: m.vmx.tlb } : (s.vmxCpus[i] ?? null),
  )
}
