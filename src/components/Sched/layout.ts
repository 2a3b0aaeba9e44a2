// The scheduler panel's picture from one frame: per pCPU the last 120 ms of what ran (a
// timeline), its run queue, every vCPU's priority, credit and CPU time as text, the last
// accounting, and each pCPU's VT-x state when VMX is in use. Pure.
import {
  type AcctRecord,
  type EngineEvent,
  type Machine,
  type Priority,
  type SchedEvent,
  isModuleEvent,
  pcpuVmx,
} from '../../engine/index.ts'

/** The timeline shows this much time, ending at the machine's clock. */
export const SCHED_WINDOW_US = 120_000

export interface SegView {
  readonly vcpu: string | null
  readonly thread: string | null
  /** Index of its VM (colour and pattern), null when idle. */
  readonly vm: number | null
  readonly fromUs: number
  readonly toUs: number
  /** Percent of the window. */
  readonly left: number
  readonly width: number
}

export interface RowView {
  readonly pcpu: number
  readonly segs: readonly SegView[]
  readonly running: { readonly id: string; readonly pri: Priority } | null
  readonly queue: readonly { readonly id: string; readonly pri: Priority }[]
  readonly idleUs: number
  readonly focus: boolean
}

export type VcpuState = 'running' | 'queued' | 'halted' | 'parked'

export interface VcpuRow {
  readonly id: string
  readonly vm: string
  readonly vmIndex: number
  readonly weight: number
  readonly cap: number
  readonly state: VcpuState
  readonly pcpu: number
  readonly pri: Priority
  readonly credit: number
  readonly active: boolean
  readonly vruntimeUs: number
  readonly ranUs: number
  readonly lastRanOn: number | null
  readonly vmcsMoves: number
  /** The guest thread it runs, and all its threads. */
  readonly thread: string | null
  readonly threads: readonly string[]
  readonly focus: boolean
}

export interface VmxRow {
  readonly pcpu: number
  readonly mode: 'off' | 'root' | 'non-root'
  readonly vmcs: string | null
  readonly launch: 'clear' | 'launched' | null
  readonly selected: boolean
  /** The same VMCS is current on another pCPU too: the SDM forbids it. */
  readonly sharedWith: number | null
  readonly focus: boolean
}

export type SchedLayout =
  | { readonly kind: 'empty' }
  | {
      readonly kind: 'host'
      readonly sched: 'xen' | 'kvm'
      readonly pcpus: number
      readonly nowUs: number
      readonly fromUs: number
      readonly toUs: number
      readonly ticks: readonly {
        readonly atUs: number
        readonly pct: number
        readonly acct: boolean
      }[]
      readonly rows: readonly RowView[]
      readonly vcpus: readonly VcpuRow[]
      readonly acct: AcctRecord | null
      readonly acctFocus: boolean
      readonly timelineFocus: boolean
      readonly headFocus: boolean
      readonly vmx: readonly VmxRow[] | null
      /** The `sched run` summary this step shows, if it is one. */
      readonly run: Extract<SchedEvent, { kind: 'sched.run' }> | null
    }

const schedEvent = (e: EngineEvent | null): SchedEvent | null =>
  e !== null && isModuleEvent('sched', e) ? e : null

export function layoutSched(m: Machine, event: EngineEvent | null): SchedLayout {
  const s = m.sched
  if (s.kind === null) return { kind: 'empty' }
  const e = schedEvent(event)
  const toUs = Math.max(s.nowUs, SCHED_WINDOW_US)
  const fromUs = toUs - SCHED_WINDOW_US
  const pct = (us: number) => ((us - fromUs) / SCHED_WINDOW_US) * 100
  const vmIndex = new Map(s.vms.map((v, i) => [v.name, i]))
  const byId = new Map(s.vcpus.map((v) => [v.id, v]))
  const pcpuFocus = e?.kind === 'sched.switch' ? e.pcpu : null
  const rows: RowView[] = s.cpus.map((c, p) => ({
    pcpu: p,
    segs: s.segments
      .filter((g) => g.pcpu === p && g.endUs > fromUs)
      .map((g) => {
        const from = Math.max(g.startUs, fromUs)
        const vm = g.vcpu === null ? null : (byId.get(g.vcpu)?.vm ?? null)
        return {
          vcpu: g.vcpu,
          thread: g.thread,
          vm: vm === null ? null : (vmIndex.get(vm) ?? 0),
          fromUs: g.startUs,
          toUs: g.endUs,
          left: pct(from),
          width: pct(g.endUs) - pct(from),
        }
      }),
    running:
      c.running === null ? null : { id: c.running, pri: byId.get(c.running)?.pri ?? 'under' },
    queue: c.runq.map((id) => ({ id, pri: byId.get(id)?.pri ?? 'under' })),
    idleUs: c.idleUs,
    focus: pcpuFocus === p,
  }))
  const vcpuFocus = (id: string, vm: string): boolean => {
    if (e === null) return false
    switch (e.kind) {
      case 'sched.wake':
      case 'sched.block':
      case 'sched.unboost':
        return e.vcpu === id
      case 'sched.thread':
        return e.vcpu === id
      case 'sched.vm':
      case 'sched.set':
        return e.name === vm && id.endsWith('.0')
      default:
        return false
    }
  }
  const vcpus: VcpuRow[] = s.vcpus.map((v) => {
    const vm = s.vms.find((x) => x.name === v.vm)
    const running = s.cpus[v.pcpu]?.running === v.id
    const state: VcpuState = v.parked
      ? 'parked'
      : v.state === 'blocked'
        ? 'halted'
        : running
          ? 'running'
          : 'queued'
    const th = v.threads[v.guestCur]
    return {
      id: v.id,
      vm: v.vm,
      vmIndex: vmIndex.get(v.vm) ?? 0,
      weight: vm?.weight ?? 0,
      cap: vm?.cap ?? 0,
      state,
      pcpu: v.pcpu,
      pri: v.pri,
      credit: v.credit,
      active: v.active,
      vruntimeUs: Math.round(v.vruntime),
      ranUs: v.ranUs,
      // A running vCPU's VMCS is on the pCPU it runs on.
      lastRanOn: running ? v.pcpu : v.lastRanOn,
      vmcsMoves: v.vmcsMoves,
      thread: state === 'halted' || !th || th.wakeAt !== null ? null : th.name,
      threads: v.threads.map((t) => t.name),
      focus: vcpuFocus(v.id, v.vm),
    }
  })
  const ticks = []
  for (let t = Math.ceil(fromUs / 10_000) * 10_000; t <= toUs; t += 10_000)
    ticks.push({ atUs: t, pct: pct(t), acct: s.kind === 'xen' && t > 0 && t % 30_000 === 0 })
  const vmxInUse = m.vmx.regions.length > 0 || s.vmxCpu !== 0
  const cpusVmx = pcpuVmx(m)
  const vmx: VmxRow[] | null = vmxInUse
    ? cpusVmx.map((c, p) => {
        const cur = c?.cpu.currentVmcs ?? null
        const region = cur === null ? null : m.vmx.regions.find((r) => r.addr === cur)
        const other = cpusVmx.findIndex(
          (o, q) => q !== p && cur !== null && o?.cpu.currentVmcs === cur,
        )
        return {
          pcpu: p,
          mode: c?.cpu.mode ?? 'off',
          vmcs: region?.name ?? null,
          launch: region?.launch ?? null,
          selected: p === s.vmxCpu,
          sharedWith: other < 0 ? null : other,
          focus: e?.kind === 'sched.cpu' ? e.pcpu === p : false,
        }
      })
    : null
  const rowFocus = rows.some((r) => r.focus) || vcpus.some((v) => v.focus)
  const acctFocus = e?.kind === 'sched.acct'
  const timelineFocus = e?.kind === 'sched.run'
  const vmxFocus = vmx?.some((r) => r.focus) ?? false
  return {
    kind: 'host',
    sched: s.kind,
    pcpus: s.pcpus,
    nowUs: s.nowUs,
    fromUs,
    toUs,
    ticks,
    rows,
    vcpus,
    acct: s.lastAcct,
    acctFocus,
    timelineFocus,
    // Another module's step (a VT-x instruction) is that panel's to mark, not this one's.
    headFocus: e !== null && !rowFocus && !acctFocus && !timelineFocus && !vmxFocus,
    vmx,
    run: e?.kind === 'sched.run' ? e : null,
  }
}
