// JSON fields and text lines of vCPU scheduling (CONSOLE.md `sched ...`). Times are in ms
// (three decimals). JSON fields:
//   sched xen|kvm: scheduler xen-credit|kvm, pcpus, slice_ms
//   sched vm:      vm, vcpus, weight, cap, placed [pCPU per vCPU]
//   sched set:     vm, weight, cap
//   sched thread:  vcpu, thread, mode busy|io, run_ms, sleep_ms, wake {priority_before,
//                  priority, tickled} when the halted vCPU woke for it, else null
//   sched step:    decisions [{event switch|wake|block|unboost|acct, at_ms, ...}], in order:
//     switch:  pcpu, from, to, why slice|block|preempt|park|idle, priority, credit (Xen) or
//              vruntime (KVM), stolen_from, vmcs_moved_from (VMCLEAR there, VMLAUNCH here)
//     wake:    vcpu, thread, priority_before, priority, not_boosted over|parked|boost|kvm|null,
//              tickled
//     block:   vcpu, thread, vcpu_halts
//     unboost: vcpu, credit
//     acct:    credit_total, weight_total, balance, domains [{vm, active_vcpus, weight, cap,
//              fair, peak, per_vcpu, park_below}], vcpus [{vcpu, before, added, after,
//              priority_before, priority, parked, unparked, stopped_earning, clamped}]
//   sched run:     from_ms, to_ms, shares [{vcpu, ran_ms, percent}], idle_ms [per pCPU],
//                  switches, wakes, boosts, accountings, vmcs_moves
//   sched cpu:     pcpu, from, vmx_mode off|root|non-root, current_vmcs
import {
  type AcctRecord,
  type SchedError,
  type SchedEvent,
  exhaustive,
} from '../../engine/index.ts'
import type { JsonObject } from '../format.ts'

/** Microseconds as milliseconds for JSON (three decimals). */
export const msJson = (us: number): number => Math.round(us) / 1000
/** Microseconds as text: "30 ms", "0.5 ms". */
export const msOf = (us: number): string => `${Number((us / 1000).toFixed(3))} ms`

const PRI_TEXT = { boost: 'BOOST', under: 'UNDER', over: 'OVER' } as const
export const priText = (p: keyof typeof PRI_TEXT | null): string => (p ? PRI_TEXT[p] : 'idle')

function acctJson(a: AcctRecord): JsonObject {
  return {
    credit_total: a.creditTotal,
    weight_total: a.weightTotal,
    balance: a.balance,
    domains: a.domains.map((d) => ({
      vm: d.vm,
      active_vcpus: d.activeVcpus,
      weight: d.weight,
      cap: d.cap,
      fair: d.fairShare,
      peak: d.peak,
      per_vcpu: d.perVcpu,
      park_below: d.capPerVcpu === null ? null : -d.capPerVcpu,
    })),
    vcpus: a.vcpus.map((v) => ({
      vcpu: v.vcpu,
      before: v.before,
      added: v.added,
      after: v.after,
      priority_before: PRI_TEXT[v.priBefore],
      priority: PRI_TEXT[v.pri],
      parked: v.parkedNow,
      unparked: v.unparkedNow,
      stopped_earning: v.stoppedEarning,
      clamped: v.clamped,
    })),
  }
}

/** A decision of `sched step`: one entry of the command's `decisions` list. */
const decision = (o: JsonObject): JsonObject => ({ decisions: [o] })

export function schedEventJson(e: SchedEvent): JsonObject {
  switch (e.kind) {
    case 'sched.init':
      return {
        scheduler: e.sched === 'xen' ? 'xen-credit' : 'kvm',
        pcpus: e.pcpus,
        slice_ms: msJson(e.sliceUs),
      }
    case 'sched.vm':
      return { vm: e.name, vcpus: e.vcpus, weight: e.weight, cap: e.cap, placed: [...e.placed] }
    case 'sched.set':
      return { vm: e.name, weight: e.weight, cap: e.cap }
    case 'sched.thread':
      return {
        vcpu: e.vcpu,
        thread: e.name,
        mode: e.mode,
        run_ms: e.mode === 'io' ? msJson(e.runUs) : null,
        sleep_ms: e.mode === 'io' ? msJson(e.sleepUs) : null,
        wake:
          e.wake === null
            ? null
            : {
                priority_before: PRI_TEXT[e.wake.priBefore],
                priority: PRI_TEXT[e.wake.pri],
                tickled: e.wake.tickled,
              },
      }
    case 'sched.switch':
      return decision({
        event: 'switch',
        at_ms: msJson(e.atUs),
        pcpu: e.pcpu,
        from: e.from,
        to: e.to,
        why: e.why,
        priority: e.pri === null ? null : PRI_TEXT[e.pri],
        credit: e.credit,
        stolen_from: e.stolenFrom,
        vmcs_moved_from: e.movedFrom,
      })
    case 'sched.wake':
      return decision({
        event: 'wake',
        at_ms: msJson(e.atUs),
        vcpu: e.vcpu,
        thread: e.thread,
        priority_before: PRI_TEXT[e.priBefore],
        priority: PRI_TEXT[e.pri],
        not_boosted: e.noBoost,
        tickled: e.tickled,
      })
    case 'sched.block':
      return decision({
        event: 'block',
        at_ms: msJson(e.atUs),
        vcpu: e.vcpu,
        thread: e.thread,
        vcpu_halts: e.vcpuBlocks,
      })
    case 'sched.unboost':
      return decision({ event: 'unboost', at_ms: msJson(e.atUs), vcpu: e.vcpu, credit: e.credit })
    case 'sched.acct':
      return decision({ event: 'acct', at_ms: msJson(e.acct.atUs), ...acctJson(e.acct) })
    case 'sched.run': {
      const span = e.toUs - e.fromUs
      return {
        from_ms: msJson(e.fromUs),
        to_ms: msJson(e.toUs),
        shares: e.shares.map((s) => ({
          vcpu: s.vcpu,
          ran_ms: msJson(s.ranUs),
          percent: span > 0 ? Math.round((s.ranUs / span) * 1000) / 10 : 0,
        })),
        idle_ms: e.idleUs.map(msJson),
        switches: e.switches,
        wakes: e.wakes,
        boosts: e.boosts,
        accountings: e.accts,
        vmcs_moves: e.vmcsMoves,
      }
    }
    case 'sched.cpu':
      return { pcpu: e.pcpu, from: e.from, vmx_mode: e.mode, current_vmcs: e.currentVmcs }
    default:
      return exhaustive(e)
  }
}

const WHY_TEXT = {
  slice: 'its slice ended',
  block: 'its guest halted',
  preempt: 'preempted by a higher priority',
  park: 'parked over its cap',
  idle: 'the pCPU was idle',
} as const

export function schedEventText(e: SchedEvent): string {
  switch (e.kind) {
    case 'sched.init':
      return e.sched === 'xen'
        ? `Xen credit scheduler, ${e.pcpus} pCPU${e.pcpus > 1 ? 's' : ''}: ${msOf(e.sliceUs)} slices, 300 credits per pCPU per slice`
        : `Linux host running KVM, ${e.pcpus} pCPU${e.pcpus > 1 ? 's' : ''}: vCPU threads under the fair scheduler, base slice ${msOf(e.sliceUs)}`
    case 'sched.vm':
      return `VM ${e.name}: ${e.vcpus} vCPU${e.vcpus > 1 ? 's' : ''}, weight ${e.weight}${e.cap ? `, cap ${e.cap}%` : ''}, queued on pCPU ${e.placed.join(', ')}`
    case 'sched.set':
      return `VM ${e.name}: weight ${e.weight}, cap ${e.cap === 0 ? 'none' : `${e.cap}%`}`
    case 'sched.thread':
      return `${
        e.mode === 'busy'
          ? `thread ${e.name} on ${e.vcpu}: busy`
          : `thread ${e.name} on ${e.vcpu}: runs ${msOf(e.runUs)}, then waits ${msOf(e.sleepUs)} for I/O`
      }${e.wake === null ? '' : `; ${e.vcpu} wakes ${priText(e.wake.priBefore)} -> ${priText(e.wake.pri)}${e.wake.tickled === null ? '' : `, tickles pCPU ${e.wake.tickled}`}`}`
    case 'sched.switch': {
      const to =
        e.to === null
          ? 'idle'
          : `${e.to}${e.pri === null ? '' : ` (${priText(e.pri)}, credit ${e.credit})`}`
      const extra = [
        e.stolenFrom === null ? '' : `, stolen from pCPU ${e.stolenFrom}`,
        e.movedFrom === null
          ? ''
          : `; its VMCS moves from pCPU ${e.movedFrom}: VMCLEAR there, VMPTRLD and VMLAUNCH here`,
      ].join('')
      return `${msOf(e.atUs)} pCPU ${e.pcpu}: ${e.from ?? 'idle'} -> ${to}, ${WHY_TEXT[e.why]}${extra}`
    }
    case 'sched.wake':
      return `${msOf(e.atUs)} ${e.vcpu} wakes (${e.thread}): ${priText(e.priBefore)} -> ${priText(e.pri)}${e.tickled === null ? '' : `, tickles pCPU ${e.tickled}`}`
    case 'sched.block':
      return `${msOf(e.atUs)} ${e.vcpu}: ${e.thread} waits for I/O${e.vcpuBlocks ? '; the vCPU halts' : ''}`
    case 'sched.unboost':
      return `${msOf(e.atUs)} tick: ${e.vcpu} was running boosted, back to UNDER (credit ${e.credit})`
    case 'sched.acct': {
      const a = e.acct
      const vs = a.vcpus
        .map(
          (v) =>
            `${v.vcpu} ${v.before}+${v.added}=${v.after} ${PRI_TEXT[v.pri]}${v.parkedNow ? ' parked' : ''}${v.unparkedNow ? ' unparked' : ''}`,
        )
        .join(', ')
      return `${msOf(a.atUs)} accounting: ${a.creditTotal} credits over weight ${a.weightTotal}${vs ? `: ${vs}` : ' (no active vCPU)'}`
    }
    case 'sched.run': {
      const span = e.toUs - e.fromUs
      const shares = e.shares
        .map(
          (s) =>
            `${s.vcpu} ${msOf(s.ranUs)} (${span > 0 ? Math.round((s.ranUs / span) * 1000) / 10 : 0}%)`,
        )
        .join(', ')
      return `ran ${msOf(e.fromUs)} to ${msOf(e.toUs)}: ${shares}; idle ${e.idleUs.map(msOf).join(' / ')}; ${e.switches} switches, ${e.boosts} boosts, ${e.vmcsMoves} VMCS moves`
    }
    case 'sched.cpu':
      return `VT-x commands now run on pCPU ${e.pcpu}: ${e.mode === 'off' ? 'not in VMX operation' : `VMX ${e.mode}`}, current VMCS ${e.currentVmcs ?? 'none'}`
    default:
      return exhaustive(e)
  }
}

export function describeSchedError(e: SchedError): string {
  switch (e.code) {
    case 'no-sched':
      return "no host yet: 'sched xen' or 'sched kvm' first"
    case 'unknown-vm':
      return `no VM named ${e.name}`
    case 'duplicate-vm':
      return `a VM named ${e.name} exists already`
    case 'unknown-vcpu':
      return `no vCPU ${e.vcpu} (vCPUs are named VM.N, from 0)`
    case 'too-many':
      return `the model holds at most ${e.max} ${e.what === 'vms' ? 'VMs' : 'threads per vCPU'}`
    case 'thread-exists':
      return `${e.vcpu} already has a thread named ${e.name}`
    case 'cap-range':
      return `cap ${e.cap} is out of range 0..${e.max}: libxl refuses it ("Cpu cap out of range" for this many vCPUs)`
    case 'weight-range':
      return `weight ${e.weight} is out of range 1..${e.max}`
    case 'kvm-cap':
      return 'a cap is the credit scheduler’s; under KVM it would be the cgroup’s cpu.max, which the model does not have'
    case 'bad-pcpu':
      return `pCPU ${e.pcpu} does not exist: this host has ${e.pcpus} (0 to ${e.pcpus - 1})`
    case 'too-long':
      return `${e.us / 1000} ms is longer than one run may be (${e.max / 1000} ms)`
    case 'nothing-happens':
      return 'no vCPU has anything to run: give one a thread (sched thread VM.0 NAME busy)'
    default:
      return exhaustive(e)
  }
}
