// Console rows of vCPU scheduling (CONSOLE.md `sched ...`): a host under Xen's credit scheduler
// or KVM, its VMs and their guest threads, running the scheduler, and the pCPU VT-x runs on.
import {
  CGROUP_WEIGHT_MAX,
  SCHED_LIMITS,
  SCHED_MAX_RUN_US,
  SCHED_STEP_US,
  type SchedOp,
  XEN_WEIGHT_MAX,
} from '../../engine/index.ts'
import { type ArgReader, intField } from '../args.ts'
import { ArgFailure } from '../errors.ts'
import type { CommandDef } from '../registry.ts'

const PCPUS = intField('pcpus', 'a CPU count', SCHED_LIMITS.pcpus, 'the model has 1 to 8 pCPUs', 1)
const VCPUS = intField(
  'vcpus',
  'a vCPU count',
  SCHED_LIMITS.vcpus,
  'the model gives a VM 1 to 8 vCPUs',
  1,
)
const COUNT = intField('N', 'a count', 1000, 'decisions to step', 1)
const PCPU = intField('PCPU', 'a pCPU number', SCHED_LIMITS.pcpus - 1, 'pCPUs are numbered from 0')

/**
 * Weight: libxl refuses 0 and anything above 65535 ("Cpu weight out of range, valid values are
 * within range from 1 to 65535"); the hypervisor itself would ignore a 0 (csched_dom_cntl).
 */
function weightOption(a: ArgReader): number | null {
  const o = a.optionText('weight')
  if (o === null) return null
  const n = /^\d+$/.test(o.value) ? Number(o.value) : NaN
  if (!Number.isSafeInteger(n))
    throw new ArgFailure(o.column, `expected weight=N (a whole number), got '${o.value}'`)
  if (n < 1 || n > XEN_WEIGHT_MAX)
    throw new ArgFailure(
      o.column,
      `weight=${o.value} is out of range 1..${XEN_WEIGHT_MAX}: libxl refuses it ("Cpu weight out of range"); Xen itself ignores a weight of 0 and keeps the old one (KVM's cpu.weight is 1..${CGROUP_WEIGHT_MAX})`,
    )
  return n
}

function capOption(a: ArgReader, vcpus: number | null): number | null {
  const o = a.optionText('cap')
  if (o === null) return null
  const n = /^\d+$/.test(o.value) ? Number(o.value) : NaN
  if (!Number.isSafeInteger(n))
    throw new ArgFailure(o.column, `expected cap=PERCENT (a whole number), got '${o.value}'`)
  if (vcpus !== null && n > vcpus * 100)
    throw new ArgFailure(
      o.column,
      `cap=${o.value} is out of range 0..${vcpus * 100}: libxl refuses a cap above 100 per vCPU ("Cpu cap out of range, valid range is from 0 to ${vcpus * 100} for specified number of vcpus")`,
    )
  return n
}

/** Milliseconds with up to two decimals, a whole number of 50 us steps. */
function msValue(text: string, column: number, key: string, minUs: number, maxUs: number): number {
  const m = /^(\d{1,6})(?:\.(\d{1,2}))?$/.exec(text)
  if (!m)
    throw new ArgFailure(column, `expected ${key} in milliseconds (like 30 or 0.5), got '${text}'`)
  const us = Number(m[1]) * 1000 + Number((m[2] ?? '').padEnd(2, '0')) * 10
  if (us % SCHED_STEP_US !== 0)
    throw new ArgFailure(column, `${key} ${text} ms is not a multiple of the model's 0.05 ms step`)
  if (us < minUs || us > maxUs)
    throw new ArgFailure(
      column,
      `${key} ${text} ms is out of range ${minUs / 1000}..${maxUs / 1000} ms`,
    )
  return us
}

const hostRow = (sched: 'xen' | 'kvm'): CommandDef<SchedOp> => ({
  words: ['sched', sched],
  usage: `sched ${sched} [pcpus=N]`,
  topic: 'cpu',
  summary:
    sched === 'xen'
      ? {
          en: 'A fresh host under Xen’s credit scheduler with N physical CPUs (default 1): 30 ms slices, 10 ms ticks, 300 credits per pCPU per slice, priorities BOOST, UNDER and OVER.',
          zh: '一台新的主机，使用 Xen 的信用值调度器，有 N 个物理 CPU（默认 1）：时间片 30 ms，每 10 ms 一次时钟节拍，每个物理 CPU 每个时间片发放 300 个信用值，优先级为 BOOST、UNDER 与 OVER。',
        }
      : {
          en: 'A fresh Linux host running KVM with N physical CPUs: each vCPU is an ordinary host thread under the fair scheduler (EEVDF base slice 0.75 ms x (1 + log2 N)), weighted by cgroup cpu.weight; a halting vCPU halt-polls 200 us first.',
          zh: '一台新的运行 KVM 的 Linux 主机，有 N 个物理 CPU：每个 vCPU 都是普通的主机线程，由公平调度器调度（EEVDF 基本时间片 0.75 ms ×（1 + log2 N）），权重由 `cgroup` 的 `cpu.weight` 决定；停机的 vCPU 先轮询 200 µs。',
        },
  example: `sched ${sched} pcpus=2`,
  parse: (a): SchedOp => {
    const pcpus = a.intOption('pcpus', PCPUS) ?? 1
    a.done()
    return { kind: 'sched.init', sched, pcpus }
  },
})

export const schedCommands: readonly CommandDef<SchedOp>[] = [
  hostRow('xen'),
  hostRow('kvm'),
  {
    words: ['sched', 'vm'],
    usage: 'sched vm NAME [vcpus=N] [weight=W] [cap=PERCENT]',
    topic: 'cpu',
    summary: {
      en: 'A VM with N vCPUs (default 1). Xen: weight 1..65535 (default 256) and cap in percent of one pCPU (0 = none, at most 100 per vCPU). KVM: weight is the cgroup cpu.weight (1..10000, default 100). Its vCPUs are named NAME.0, NAME.1, ...',
      zh: '一台有 N 个 vCPU 的虚拟机（默认 1 个）。Xen：`weight` 为 1..65535（默认 256），`cap` 是占一个物理 CPU 的百分比（0 表示不限，每个 vCPU 至多 100）。KVM：`weight` 是 `cgroup` 的 `cpu.weight`（1..10000，默认 100）。它的 vCPU 名为 NAME.0、NAME.1……',
    },
    example: 'sched vm A weight=256',
    parse: (a): SchedOp => {
      const name = a.name('a VM name')
      const vcpus = a.intOption('vcpus', VCPUS) ?? 1
      const weight = weightOption(a)
      const cap = capOption(a, vcpus)
      a.done()
      return { kind: 'sched.vm', name, vcpus, weight, cap }
    },
  },
  {
    words: ['sched', 'set'],
    usage: 'sched set NAME [weight=W] [cap=PERCENT]',
    topic: 'cpu',
    summary: {
      en: 'Change a VM’s weight or cap (xl sched-credit -w / -c); the next accounting uses them.',
      zh: '修改虚拟机的权重或上限（`xl sched-信用值 -w` / `-c`）；下一次记账时生效。',
    },
    example: 'sched set A cap=20',
    parse: (a): SchedOp => {
      const name = a.name('a VM name')
      const weight = weightOption(a)
      const cap = capOption(a, null)
      if (weight === null && cap === null) throw a.missing('expected weight=W or cap=PERCENT')
      a.done()
      return { kind: 'sched.set', name, weight, cap }
    },
  },
  {
    words: ['sched', 'thread'],
    usage: 'sched thread VCPU NAME busy | io run=MS sleep=MS',
    topic: 'cpu',
    summary: {
      en: 'A guest thread on vCPU VCPU (like A.0), run by the guest’s own scheduler: busy always wants the CPU; io runs run= ms of CPU, then waits sleep= ms for its I/O. A halted vCPU wakes.',
      zh: '在 vCPU VCPU（如 A.0）上的一个客户机线程，由客户机自己的调度器运行：`busy` 一直要 CPU；`io` 用 `run=` 毫秒 CPU，然后等待 `sleep=` 毫秒的 I/O。停机的 vCPU 会被唤醒。',
    },
    example: 'sched thread B.0 disk io run=0.5 sleep=9.5',
    parse: (a): SchedOp => {
      const vcpu = a.name('a vCPU (VM.N)')
      const name = a.name('a thread name')
      const mode = a.word('busy or io', ['busy', 'io'] as const)
      if (mode === 'busy') {
        a.done()
        return { kind: 'sched.thread', vcpu, name, mode, runUs: 0, sleepUs: 0 }
      }
      const run = a.optionText('run')
      const sleep = a.optionText('sleep')
      if (run === null || sleep === null)
        throw a.missing('expected run=MS sleep=MS for an io thread')
      const runUs = msValue(run.value, run.column, 'run=', SCHED_STEP_US, 1_000_000)
      const sleepUs = msValue(sleep.value, sleep.column, 'sleep=', SCHED_STEP_US, 1_000_000)
      a.done()
      return { kind: 'sched.thread', vcpu, name, mode, runUs, sleepUs }
    },
  },
  {
    words: ['sched', 'step'],
    usage: 'sched step [N]',
    topic: 'cpu',
    summary: {
      en: 'Run the scheduler until its next decision (or N): a switch on a pCPU, a wake-up, a block, a tick that ends a boost, or the 30 ms accounting.',
      zh: '运行调度器直到它的下一个决定（或 N 个）：某个物理 CPU 上的切换、唤醒、阻塞、结束 BOOST 的时钟节拍，或每 30 ms 一次的记账。',
    },
    example: 'sched step',
    parse: (a): SchedOp => {
      const count = a.optionalInt(COUNT) ?? 1
      a.done()
      return { kind: 'sched.step', count }
    },
  },
  {
    words: ['sched', 'run'],
    usage: 'sched run MS',
    topic: 'cpu',
    summary: {
      en: 'Run MS milliseconds (at most 2 s) and report each vCPU’s share of CPU time, the idle time per pCPU, and how many switches, wake-ups, boosts, accountings and VMCS moves happened.',
      zh: '运行 MS 毫秒（至多 2 秒），报告每个 vCPU 得到的 CPU 时间、每个物理 CPU 的空闲时间，以及切换、唤醒、BOOST、记账与 VMCS 迁移的次数。',
    },
    example: 'sched run 300',
    parse: (a): SchedOp => {
      const [t, extra] = a.rest()
      if (!t) throw a.missing('expected MS, the time to run in milliseconds')
      if (extra) throw new ArgFailure(extra.column, `unexpected '${extra.text}'`)
      const us = msValue(t.text, t.column, 'run', SCHED_STEP_US, SCHED_MAX_RUN_US)
      a.done()
      return { kind: 'sched.run', us }
    },
  },
  {
    words: ['sched', 'cpu'],
    usage: 'sched cpu PCPU',
    topic: 'vmx',
    summary: {
      en: 'Run the VT-x commands that follow on physical CPU PCPU: each pCPU has its own VMX mode, current-VMCS pointer and TLB, while VMCS regions are memory every pCPU sees.',
      zh: '让后面的 VT-x 命令在物理 CPU PCPU 上执行：每个物理 CPU 有自己的 VMX 模式、当前 VMCS 指针和 TLB，而 VMCS 区域是所有物理 CPU 都能看到的内存。',
    },
    example: 'sched cpu 1',
    parse: (a): SchedOp => {
      const pcpu = a.int(PCPU)
      a.done()
      return { kind: 'sched.cpu', pcpu }
    },
  },
]
