// The scheduler itself, run in steps of SCHED_STEP_US: Xen's credit scheduler as credit.c
// writes it (burn_credits, csched_acct, csched_unit_wake, csched_schedule with its load
// balance), or KVM's vCPU threads under a fair host scheduler (an approximation of EEVDF, see
// kvmPick). Pure: it works on private copies and returns the next state with its events.
import type { SchedEvent, SwitchWhy } from './events.ts'
import {
  type AcctDomain,
  type AcctVcpu,
  CGROUP_WEIGHT_DEFAULT,
  CREDIT,
  GUEST_QUANTUM_US,
  type GuestThread,
  KVM_HALT_POLL_US,
  PRIORITY,
  type Pcpu,
  type Priority,
  SCHED_STEP_US,
  type SchedState,
  type SchedVcpu,
  type SchedVm,
  type Segment,
  eevdfSliceUs,
} from './types.ts'

type Mut<T> = { -readonly [K in keyof T]: T[K] }
type WThread = Mut<GuestThread>
type WVcpu = Omit<Mut<SchedVcpu>, 'threads'> & { threads: WThread[] }
type WPcpu = Omit<Mut<Pcpu>, 'runq'> & { runq: string[] }

const TICK_US = (CREDIT.tsliceMs / CREDIT.ticksPerTslice) * 1000
const TSLICE_US = CREDIT.tsliceMs * 1000
/** Segments the state keeps for the timeline (older ones are dropped). */
const KEEP_SEGMENTS = 4000

/** A private, mutable copy of the state one command works on. */
export class Sim {
  readonly xen: boolean
  now: number
  doneAt: number
  vms: SchedVm[]
  vcpus: WVcpu[]
  cpus: WPcpu[]
  activeVms: string[]
  balance: number
  segments: Segment[]
  lastAcct: SchedState['lastAcct']
  sortPending = false
  readonly events: SchedEvent[] = []
  /** Off for `sched run`, which reports only counts: a 10 s run makes ~10^5 decisions. */
  recording = true
  readonly counts = { switches: 0, wakes: 0, boosts: 0, accts: 0, decisions: 0 }
  /** Per pCPU, the index of its newest segment (extended while the same thread runs). */
  private readonly lastSeg: (number | undefined)[] = []

  constructor(readonly base: SchedState) {
    this.xen = base.kind === 'xen'
    this.now = base.nowUs
    this.doneAt = base.doneAtUs
    this.vms = [...base.vms]
    this.vcpus = base.vcpus.map((v) => ({ ...v, threads: v.threads.map((t) => ({ ...t })) }))
    this.cpus = base.cpus.map((c) => ({ ...c, runq: [...c.runq] }))
    this.activeVms = [...base.activeVms]
    this.balance = base.creditBalance
    this.segments = [...base.segments]
    this.lastAcct = base.lastAcct
    this.sortPending = base.sortPending
    this.byId = new Map(this.vcpus.map((v) => [v.id, v]))
    this.segments.forEach((g, i) => (this.lastSeg[g.pcpu] = i))
  }

  state(): SchedState {
    const segments =
      this.segments.length > KEEP_SEGMENTS
        ? this.segments.slice(this.segments.length - KEEP_SEGMENTS)
        : this.segments
    return {
      ...this.base,
      nowUs: this.now,
      doneAtUs: this.doneAt,
      vms: this.vms,
      vcpus: this.vcpus,
      cpus: this.cpus,
      activeVms: this.activeVms,
      creditBalance: this.balance,
      segments,
      lastAcct: this.lastAcct,
      sortPending: this.sortPending,
    }
  }

  /** The vCPUs by id: looked up on every queue operation, so not by a linear search. */
  private readonly byId: Map<string, WVcpu>

  vcpu(id: string): WVcpu {
    const v = this.byId.get(id)
    if (!v) throw new Error(`no vCPU ${id}`)
    return v
  }
  vmOf(v: WVcpu): SchedVm {
    const m = this.vms.find((x) => x.name === v.vm)
    if (!m) throw new Error(`no VM ${v.vm}`)
    return m
  }

  emit(e: SchedEvent): void {
    if (e.kind === 'sched.switch') this.counts.switches++
    if (e.kind === 'sched.wake') {
      this.counts.wakes++
      if (e.pri === 'boost') this.counts.boosts++
    }
    if (e.kind === 'sched.acct') this.counts.accts++
    this.counts.decisions++
    if (this.recording) this.events.push(e)
  }

  // ---- the guest's level: threads on a vCPU ----

  /** The guest kernel's next runnable thread from `from` on (round robin), or -1. */
  nextThread(v: WVcpu, from: number): number {
    const n = v.threads.length
    for (let k = 0; k < n; k++) {
      const i = (from + k) % n
      if (v.threads[i]?.wakeAt === null) return i
    }
    return -1
  }

  hasWork(v: WVcpu): boolean {
    return this.nextThread(v, 0) >= 0
  }

  // ---- Xen credit accounting ----

  /** burn_credits: elapsed x 10 credits per ms with the remainder carried (credit.c). */
  burn(v: WVcpu): void {
    const delta = this.now - v.startUs
    if (delta <= 0) return
    const val = delta * CREDIT.creditsPerMs + v.residual
    const credits = Math.floor(val / 1000)
    v.residual = val % 1000
    v.credit -= credits
    v.startUs += (credits * 1000) / CREDIT.creditsPerMs
  }

  acctStart(v: WVcpu): void {
    if (v.active) return
    v.active = true
    if (!this.activeVms.includes(v.vm)) this.activeVms.unshift(v.vm)
  }

  acctStop(v: WVcpu): void {
    v.active = false
    if (!this.vcpus.some((x) => x.vm === v.vm && x.active))
      this.activeVms = this.activeVms.filter((n) => n !== v.vm)
  }

  /** csched_acct, line by line (unsigned arithmetic is exact here: every value is >= 0). */
  acct(): void {
    const cps = CREDIT.creditsPerTslice
    const actives = (vm: string) => this.vcpus.filter((v) => v.vm === vm && v.active)
    let weightTotal = 0
    for (const name of this.activeVms) {
      const vm = this.vms.find((m) => m.name === name)
      if (vm) weightTotal += vm.weight * actives(name).length
    }
    let creditTotal = cps * this.cpus.length
    if (this.balance < 0) creditTotal -= this.balance
    const domains: AcctDomain[] = []
    const rows: AcctVcpu[] = []
    if (weightTotal === 0) {
      this.balance = 0
      this.record(creditTotal, weightTotal, domains, rows)
      return
    }
    let weightLeft = weightTotal
    let newBalance = 0
    let xtra = false
    for (const name of [...this.activeVms]) {
      const vm = this.vms.find((m) => m.name === name)
      const list = actives(name)
      if (!vm || list.length === 0) continue
      const n = list.length
      weightLeft -= vm.weight * n
      let peak = n * cps
      if (this.balance < 0)
        peak += Math.floor((-this.balance * vm.weight * n + (weightTotal - 1)) / weightTotal)
      let capPer: number | null = null
      if (vm.cap !== 0) {
        const capCredits = Math.floor((vm.cap * cps + 99) / 100)
        if (capCredits < peak) peak = capCredits
        capPer = Math.floor((capCredits + (n - 1)) / n)
      }
      let fair = Math.floor((creditTotal * vm.weight * n + (weightTotal - 1)) / weightTotal)
      const fairShare = fair
      if (fair < peak) {
        xtra = true
      } else {
        // Give other domains a chance at unused credits.
        if (weightLeft !== 0)
          creditTotal += Math.floor(((fair - peak) * weightTotal + (weightLeft - 1)) / weightLeft)
        if (xtra) this.activeVms = [name, ...this.activeVms.filter((x) => x !== name)]
        fair = peak
      }
      const perVcpu = Math.floor((fair + (n - 1)) / n)
      domains.push({
        vm: name,
        activeVcpus: n,
        weight: vm.weight,
        cap: vm.cap,
        fairShare,
        peak,
        perVcpu,
        capPerVcpu: capPer,
      })
      for (const v of list) {
        const before = v.credit
        const priBefore = v.pri
        let credit = before + perVcpu
        let parkedNow = false
        let unparkedNow = false
        let stopped = false
        let clamped = false
        if (credit < 0) {
          v.pri = 'over'
          if (vm.cap !== 0 && capPer !== null && credit < -capPer && !v.parked) {
            v.parked = true
            parkedNow = true
            this.pause(v)
          }
          if (credit < -cps) {
            credit = -cps
            clamped = true
          }
        } else {
          v.pri = 'under'
          if (v.parked) {
            // Unpause first, clear the flag after: the wake sees it parked and does not boost.
            unparkedNow = true
            v.credit = credit
            this.unpause(v)
            v.parked = false
          }
          if (credit > cps) {
            this.acctStop(v)
            credit = Math.trunc(credit / 2)
            stopped = true
          }
        }
        v.credit = credit
        newBalance += credit
        rows.push({
          vcpu: v.id,
          before,
          added: perVcpu,
          after: credit,
          priBefore,
          pri: v.pri,
          parkedNow,
          unparkedNow,
          stoppedEarning: stopped,
          clamped,
        })
      }
    }
    this.balance = newBalance
    this.sortPending = true
    this.record(creditTotal, weightTotal, domains, rows)
  }

  record(creditTotal: number, weightTotal: number, domains: AcctDomain[], vcpus: AcctVcpu[]): void {
    const acct = { atUs: this.now, creditTotal, weightTotal, domains, vcpus, balance: this.balance }
    this.lastAcct = acct
    this.emit({ kind: 'sched.acct', acct, cite: 'xen-credit-acct' })
  }

  /** sched_unit_pause_nosync: off the queue, or off its pCPU at the next schedule. */
  pause(v: WVcpu): void {
    const c = this.cpus[v.pcpu]
    if (!c) return
    if (c.running === v.id) c.resched = true
    else c.runq = c.runq.filter((x) => x !== v.id)
  }

  /** sched_unit_unpause: a vCPU with work wakes, still flagged parked, so without a boost. */
  unpause(v: WVcpu): void {
    if (v.state !== 'runnable') return
    const th = v.threads[this.nextThread(v, v.guestCur)]
    this.wake(v, th?.name ?? '', true)
  }

  /** csched_runq_sort: UNDER and BOOST move ahead of OVER, order otherwise kept. */
  sortQueues(): void {
    for (const c of this.cpus) {
      const up = c.runq.filter((id) => PRIORITY[this.vcpu(id).pri] >= PRIORITY.under)
      const down = c.runq.filter((id) => PRIORITY[this.vcpu(id).pri] < PRIORITY.under)
      c.runq = [...up, ...down]
    }
    this.sortPending = false
  }

  // ---- queues and wake-ups ----

  /** __runq_insert: behind every vCPU of the same or higher priority (Xen); at the end (KVM). */
  insert(c: WPcpu, v: WVcpu): void {
    if (!this.xen) {
      c.runq.push(v.id)
      return
    }
    const at = c.runq.findIndex((id) => PRIORITY[v.pri] > PRIORITY[this.vcpu(id).pri])
    if (at < 0) c.runq.push(v.id)
    else c.runq.splice(at, 0, v.id)
  }

  /** The idle pCPUs not yet told to reschedule, starting after `from`. */
  idlers(from: number): number[] {
    const out: number[] = []
    for (let k = 1; k <= this.cpus.length; k++) {
      const p = (from + k) % this.cpus.length
      const c = this.cpus[p]
      if (c && c.running === null && !c.resched) out.push(p)
    }
    return out
  }

  /** runq_insert then __runq_tickle; returns the pCPU tickled, if any. */
  enqueueWake(v: WVcpu): number | null {
    const c = this.cpus[v.pcpu]
    if (!c) return null
    this.insert(c, v)
    const cur = c.running === null ? null : this.vcpu(c.running)
    let tickled: number | null = null
    const idle = this.idlers(v.pcpu)
    if (cur === null) tickled = v.pcpu
    else if (idle.length > 0) tickled = idle[0] ?? null
    else if (this.xen && PRIORITY[v.pri] > PRIORITY[cur.pri]) tickled = v.pcpu
    if (tickled !== null) {
      const t = this.cpus[tickled]
      if (t) t.resched = true
    }
    return tickled
  }

  /** csched_unit_wake (Xen) or a task wake-up (KVM) for a vCPU whose guest has work again. */
  wake(v: WVcpu, thread: string, unpausing = false): void {
    const priBefore = v.pri
    let noBoost: Extract<SchedEvent, { kind: 'sched.wake' }>['noBoost'] = null
    if (this.xen) {
      if (v.pri === 'under' && !v.parked) v.pri = 'boost'
      else noBoost = v.parked ? 'parked' : v.pri === 'over' ? 'over' : 'boost'
    } else {
      noBoost = 'kvm'
      // A waking task is placed no earlier than the queue's least vruntime (approximation).
      const c = this.cpus[v.pcpu]
      if (c) {
        const others = [...c.runq, ...(c.running ? [c.running] : [])].map(
          (id) => this.vcpu(id).vruntime,
        )
        if (others.length > 0) v.vruntime = Math.max(v.vruntime, Math.min(...others))
      }
    }
    v.state = 'runnable'
    const tickled = v.parked && !unpausing ? null : this.enqueueWake(v)
    this.emit({
      kind: 'sched.wake',
      atUs: this.now,
      vcpu: v.id,
      thread,
      priBefore,
      pri: v.pri,
      noBoost,
      tickled,
      cite: this.xen ? 'xen-credit-wake' : 'kvm-vcpu-thread',
    })
  }

  // ---- one instant: wake-ups, accounting, ticks, then the pCPUs that must reschedule ----

  instant(): void {
    if (this.doneAt >= this.now) return
    this.doneAt = this.now
    for (const v of this.vcpus) {
      let woke: string | null = null
      for (const t of v.threads) {
        if (t.wakeAt !== null && t.wakeAt <= this.now) {
          t.wakeAt = null
          t.left = t.runUs
          woke ??= t.name
        }
      }
      if (woke === null) continue
      if (v.state === 'blocked') this.wake(v, woke)
      else if (v.state === 'running' && v.pollUntil !== null) {
        // KVM: the interrupt came while the vCPU thread was halt-polling: no sleep at all.
        v.pollUntil = null
        v.guestCur = this.nextThread(v, v.guestCur)
        v.guestLeft = GUEST_QUANTUM_US
        this.emit({
          kind: 'sched.wake',
          atUs: this.now,
          vcpu: v.id,
          thread: woke,
          priBefore: v.pri,
          pri: v.pri,
          noBoost: 'kvm',
          tickled: null,
          cite: 'kvm-vcpu-thread',
        })
      }
    }
    if (this.xen && this.now > 0 && this.now % TSLICE_US === 0) this.acct()
    if (this.xen && this.now > 0 && this.now % TICK_US === 0) {
      for (const c of this.cpus) {
        if (c.running === null) continue
        const v = this.vcpu(c.running)
        if (v.pri === 'boost') {
          v.pri = 'under'
          this.burn(v)
          this.emit({
            kind: 'sched.unboost',
            atUs: this.now,
            vcpu: v.id,
            credit: v.credit,
            cite: 'xen-credit-wake',
          })
        } else this.burn(v)
        this.acctStart(v)
      }
      if (this.sortPending) this.sortQueues()
    }
    for (let p = 0; p < this.cpus.length; p++) {
      const c = this.cpus[p] as WPcpu
      const cur = c.running === null ? null : this.vcpu(c.running)
      if (cur && cur.pollUntil !== null && cur.pollUntil <= this.now) {
        cur.pollUntil = null
        cur.state = 'blocked'
      }
      const due =
        cur === null
          ? c.resched || c.runq.length > 0 || this.stealable(p, PRIORITY.idle)
          : c.resched || cur.state === 'blocked' || cur.parked || this.now >= cur.sliceEnd
      if (due) this.schedule(p)
    }
  }

  /** Some busy peer holds a queued vCPU of priority above `pri` (what csched_runq_steal takes). */
  stealable(p: number, pri: number): boolean {
    return this.cpus.some(
      (c, q) =>
        q !== p &&
        c.running !== null &&
        c.runq.some((id) => (this.xen ? PRIORITY[this.vcpu(id).pri] > pri : true)),
    )
  }

  /** csched_schedule on pCPU p (or the KVM host's pick). */
  schedule(p: number): void {
    const c = this.cpus[p] as WPcpu
    const cur = c.running === null ? null : this.vcpu(c.running)
    let why: SwitchWhy = 'idle'
    if (cur) {
      why = cur.parked
        ? 'park'
        : cur.state === 'blocked'
          ? 'block'
          : this.now >= cur.sliceEnd
            ? 'slice'
            : 'preempt'
      if (this.xen) this.burn(cur)
      cur.startUs -= this.now
      cur.lastRanOn = p
      if (cur.state === 'running') {
        cur.state = 'runnable'
        if (!cur.parked) this.insert(c, cur)
      }
    }
    let stolenFrom: number | null = null
    let next: WVcpu | null = null
    if (this.xen) {
      const head = c.runq[0] === undefined ? null : this.vcpu(c.runq[0])
      const headPri = head ? PRIORITY[head.pri] : PRIORITY.idle
      if (headPri <= PRIORITY.over) {
        // csched_load_balance: a busy peer's queued vCPU of strictly higher priority.
        for (let k = 1; k < this.cpus.length && next === null; k++) {
          const q = (p + k) % this.cpus.length
          const peer = this.cpus[q] as WPcpu
          if (peer.running === null || peer.runq.length === 0) continue
          const id = peer.runq.find((x) => PRIORITY[this.vcpu(x).pri] > headPri)
          if (id !== undefined) {
            peer.runq = peer.runq.filter((x) => x !== id)
            next = this.vcpu(id)
            stolenFrom = q
          }
        }
      }
      if (next === null && head) {
        next = head
        c.runq.shift()
      }
    } else {
      next = this.kvmPick(c)
      if (next === null) {
        // Idle balance (approximation): pull the least-vruntime task of the longest queue.
        let best: number | null = null
        this.cpus.forEach((peer, q) => {
          if (
            q !== p &&
            peer.runq.length > 0 &&
            (best === null || peer.runq.length > (this.cpus[best]?.runq.length ?? 0))
          )
            best = q
        })
        if (best !== null) {
          next = this.kvmPick(this.cpus[best] as WPcpu)
          stolenFrom = best
        }
      }
    }
    c.resched = false
    c.running = next?.id ?? null
    if (next) {
      next.state = 'running'
      next.pcpu = p
      next.startUs += this.now
      next.sliceEnd = this.now + (this.xen ? TSLICE_US : eevdfSliceUs(this.cpus.length))
      if (next.threads[next.guestCur]?.wakeAt !== null) {
        next.guestCur = Math.max(0, this.nextThread(next, next.guestCur))
        next.guestLeft = GUEST_QUANTUM_US
      }
    }
    const movedFrom =
      next && next.lastRanOn !== null && next.lastRanOn !== p ? next.lastRanOn : null
    if (next && movedFrom !== null) next.vmcsMoves++
    if ((cur?.id ?? null) === (next?.id ?? null)) return
    this.emit({
      kind: 'sched.switch',
      atUs: this.now,
      pcpu: p,
      from: cur?.id ?? null,
      to: next?.id ?? null,
      why,
      pri: next ? next.pri : null,
      credit: next ? (this.xen ? next.credit : Math.round(next.vruntime)) : null,
      stolenFrom,
      movedFrom,
      cite:
        movedFrom !== null
          ? 'vmcs-migrate'
          : !this.xen
            ? 'kvm-vcpu-thread'
            : stolenFrom !== null
              ? 'xen-credit-steal'
              : 'xen-credit-pri',
    })
  }

  /** The host's fair pick: least vruntime first, FIFO among equals (no EEVDF lag or deadline). */
  kvmPick(c: WPcpu): WVcpu | null {
    let best: WVcpu | null = null
    for (const id of c.runq) {
      const v = this.vcpu(id)
      if (best === null || v.vruntime < best.vruntime) best = v
    }
    if (best) c.runq = c.runq.filter((x) => x !== best.id)
    return best
  }

  // ---- one step of time: every running vCPU runs its guest thread ----

  step(): void {
    const t0 = this.now
    const t1 = t0 + SCHED_STEP_US
    for (let p = 0; p < this.cpus.length; p++) {
      const c = this.cpus[p] as WPcpu
      const v = c.running === null ? null : this.vcpu(c.running)
      if (v === null || v.state !== 'running') {
        c.idleUs += SCHED_STEP_US
        this.segment(p, null, null, t0, t1)
        continue
      }
      if (!this.xen) v.vruntime += (SCHED_STEP_US * CGROUP_WEIGHT_DEFAULT) / this.vmOf(v).weight
      v.ranUs += SCHED_STEP_US
      if (v.pollUntil !== null) {
        this.segment(p, v.id, null, t0, t1)
        continue
      }
      const th = v.threads[v.guestCur]
      if (!th || th.wakeAt !== null) {
        this.segment(p, v.id, null, t0, t1)
        continue
      }
      this.segment(p, v.id, th.name, t0, t1)
      th.ranUs += SCHED_STEP_US
      v.guestLeft -= SCHED_STEP_US
      if (th.kind === 'io') {
        th.left -= SCHED_STEP_US
        if (th.left <= 0) {
          th.wakeAt = t1 + th.sleepUs
          const nxt = this.nextThread(v, v.guestCur + 1)
          const blocks = nxt < 0
          this.emit({
            kind: 'sched.block',
            atUs: t1,
            vcpu: v.id,
            thread: th.name,
            vcpuBlocks: blocks,
            cite: this.xen ? 'xen-credit-pri' : 'kvm-vcpu-thread',
          })
          if (blocks) {
            if (this.xen) {
              v.state = 'blocked'
              c.resched = true
            } else v.pollUntil = t1 + KVM_HALT_POLL_US
          } else {
            v.guestCur = nxt
            v.guestLeft = GUEST_QUANTUM_US
          }
          continue
        }
      }
      if (v.guestLeft <= 0) {
        v.guestCur = Math.max(0, this.nextThread(v, v.guestCur + 1))
        v.guestLeft = GUEST_QUANTUM_US
      }
    }
    this.now = t1
  }

  segment(p: number, vcpu: string | null, thread: string | null, t0: number, t1: number): void {
    const i = this.lastSeg[p]
    const last = i === undefined ? undefined : this.segments[i]
    if (
      i !== undefined &&
      last &&
      last.vcpu === vcpu &&
      last.thread === thread &&
      last.endUs === t0
    ) {
      this.segments[i] = { ...last, endUs: t1 }
      return
    }
    this.lastSeg[p] = this.segments.push({ pcpu: p, vcpu, thread, startUs: t0, endUs: t1 }) - 1
  }
}

/** Initial placement (csched_res_pick prefers an idle pCPU): the least loaded, lowest index. */
export function placeVcpu(cpus: readonly Pcpu[], taken: readonly number[]): number {
  let best = 0
  let load = Infinity
  cpus.forEach((c, p) => {
    const l = (c.running === null ? 0 : 1) + c.runq.length + taken.filter((x) => x === p).length
    if (l < load) {
      load = l
      best = p
    }
  })
  return best
}

export type { Priority }
