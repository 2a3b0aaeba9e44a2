// What a scheduling step did, in English and Simplified Chinese (hw-facts-2 §4.4-4.5).
import type { Localized } from '../console/index.ts'
import { type Priority, type SchedEvent, exhaustive } from '../engine/index.ts'
import { msOf } from '../console/format/sched.ts'
import { tidyZh } from './zh.ts'

const PRI: Record<Priority, string> = { boost: 'BOOST', under: 'UNDER', over: 'OVER' }

function switchWords(e: Extract<SchedEvent, { kind: 'sched.switch' }>): Localized {
  const why: Record<typeof e.why, Localized> = {
    slice: { en: 'its 30 ms slice is over', zh: '它的时间片用完了' },
    block: { en: 'its guest has nothing to run and halted', zh: '它的客户机无事可做，已停机' },
    preempt: {
      en: 'a waking vCPU of higher priority tickled this pCPU',
      zh: '一个优先级更高的 vCPU 醒来，通知了这个物理 CPU',
    },
    park: {
      en: 'accounting parked it: its domain used more than its cap',
      zh: '记账把它挂起了：它的域用得超过了上限',
    },
    idle: { en: 'the pCPU was idle', zh: '这个物理 CPU 原本空闲' },
  }
  const w = why[e.why]
  if (e.to === null)
    return {
      en: `${msOf(e.atUs)}: pCPU ${e.pcpu} stops running ${e.from ?? 'anything'} (${w.en}) and goes idle: nothing runnable is queued, and no busy peer has work to steal.`,
      zh: tidyZh(
        `${msOf(e.atUs)}：物理 CPU ${e.pcpu} 不再运行 ${e.from ?? ''}（${w.zh}），转为空闲：队列里没有可运行的 vCPU，别的物理 CPU 也没有可以偷来的任务。`,
      ),
    }
  const pri = e.pri === null ? '' : PRI[e.pri]
  const head: Localized = {
    en: `${msOf(e.atUs)}: pCPU ${e.pcpu} switches from ${e.from ?? 'idle'} to ${e.to} (${w.en}). ${e.to} is ${pri}${e.credit === null ? '' : ` with ${e.credit} ${e.pri === null ? '' : 'credits'}`}.`,
    zh: `${msOf(e.atUs)}：物理 CPU ${e.pcpu} 从${e.from === null ? '空闲状态' : ` ${e.from} `}切换到 ${e.to}（${w.zh}）。${e.to} 的优先级是 ${pri}${e.credit === null ? '' : `，信用值为 ${e.credit}`}。`,
  }
  const steal: Localized =
    e.stolenFrom === null
      ? { en: '', zh: '' }
      : {
          en: ` Its own queue had nothing better, so it stole ${e.to} from pCPU ${e.stolenFrom}'s queue.`,
          zh: `本地队列里没有更好的，于是它从物理 CPU ${e.stolenFrom} 的队列里偷来了 ${e.to}。`,
        }
  const moved: Localized =
    e.movedFrom === null
      ? { en: '', zh: '' }
      : {
          en: ` ${e.to} last ran on pCPU ${e.movedFrom}, so its VMCS must follow: VMCLEAR on pCPU ${e.movedFrom} writes it back and makes it clear, VMPTRLD loads it here, and VMLAUNCH (not VMRESUME) enters the guest.`,
          zh: `${e.to} 上次在物理 CPU ${e.movedFrom} 上运行，所以它的 VMCS 必须跟过来：在物理 CPU ${e.movedFrom} 上执行 VMCLEAR 把它写回内存并置为“清除”，在这里执行 VMPTRLD 载入，再用 VMLAUNCH（而不是 VMRESUME）进入客户机。`,
        }
  return {
    en: head.en + steal.en + moved.en,
    zh: tidyZh(head.zh + steal.zh + moved.zh),
  }
}

export function describeSchedEvent(e: SchedEvent): Localized {
  switch (e.kind) {
    case 'sched.init':
      return e.sched === 'xen'
        ? {
            en: `A host with ${e.pcpus} physical CPU${e.pcpus > 1 ? 's' : ''} under Xen’s credit scheduler. Each pCPU has a run queue sorted by priority; a vCPU runs for a 30 ms slice; every 10 ms a tick burns the running vCPU’s credits (10 per ms), and every 30 ms accounting hands out 300 credits per pCPU by weight.`,
            zh: tidyZh(
              `一台有 ${e.pcpus} 个物理 CPU 的主机，使用 Xen 的信用值调度器。每个物理 CPU 有一个按优先级排序的运行队列；vCPU 一次运行 30 ms 的时间片；每 10 ms 的时钟节拍扣除正在运行的 vCPU 的信用值（每毫秒 10 个），每 30 ms 的记账按权重为每个物理 CPU 发放 300 个信用值。`,
            ),
          }
        : {
            en: `A Linux host with ${e.pcpus} physical CPU${e.pcpus > 1 ? 's' : ''} running KVM. Every vCPU is an ordinary thread of its QEMU process; the host’s fair scheduler shares the CPUs among them by weight, in slices of ${msOf(e.sliceUs)}. There are no credits and no boost: the hypervisor does not schedule, Linux does.`,
            zh: tidyZh(
              `一台有 ${e.pcpus} 个物理 CPU 的 Linux 主机，运行 KVM。每个 vCPU 都是它的 QEMU 进程里的一个普通线程；主机的公平调度器按权重在它们之间分配 CPU，时间片为 ${msOf(e.sliceUs)}。这里没有信用值，也没有 BOOST：调度的不是虚拟机监控器，而是 Linux。`,
            ),
          }
    case 'sched.vm':
      return {
        en: `VM ${e.name}: ${e.vcpus} vCPU${e.vcpus > 1 ? 's' : ''}, weight ${e.weight}${e.cap ? `, capped at ${e.cap}% of one pCPU` : ', no cap'}. Its vCPUs wait on pCPU ${e.placed.join(', ')}, halted until the guest has a thread to run.`,
        zh: tidyZh(
          `虚拟机 ${e.name}：${e.vcpus} 个 vCPU，权重 ${e.weight}${e.cap ? `，上限为一个物理 CPU 的 ${e.cap}%` : '，不设上限'}。它的 vCPU 放在物理 CPU ${e.placed.join('、')} 上，在客户机有线程可运行之前处于停机状态。`,
        ),
      }
    case 'sched.set':
      return {
        en: `VM ${e.name} now has weight ${e.weight} and ${e.cap === 0 ? 'no cap' : `a cap of ${e.cap}% of one pCPU`}. The next accounting uses them.`,
        zh: tidyZh(
          `虚拟机 ${e.name} 现在的权重为 ${e.weight}，${e.cap === 0 ? '不设上限' : `上限为一个物理 CPU 的 ${e.cap}%`}。下一次记账时生效。`,
        ),
      }
    case 'sched.thread': {
      const w = e.wake
      const wake: Localized =
        w === null
          ? { en: '', zh: '' }
          : w.pri === 'boost' && w.priBefore !== 'boost'
            ? {
                en: ` Its halted vCPU wakes: it was UNDER, so Xen boosts it to BOOST${w.tickled === null ? '' : ` and tickles pCPU ${w.tickled}`}.`,
                zh: `它停机的 vCPU 醒来：原本是 UNDER，所以 Xen 把它提升为 BOOST${w.tickled === null ? '' : `，并通知物理 CPU ${w.tickled}`}。`,
              }
            : {
                en: ` Its halted vCPU wakes${w.tickled === null ? '' : ` and tickles pCPU ${w.tickled}`}.`,
                zh: `它停机的 vCPU 醒来${w.tickled === null ? '' : `，并通知物理 CPU ${w.tickled}`}。`,
              }
      const body: Localized =
        e.mode === 'busy'
          ? {
              en: `The guest on ${e.vcpu} starts thread ${e.name}, which always wants the CPU. The guest kernel schedules its threads on its vCPU; the host schedules the vCPU on a pCPU: two levels, each with its own policy.`,
              zh: tidyZh(
                `${e.vcpu} 上的客户机启动线程 \`${e.name}\`，它一直需要 CPU。客户机内核把自己的线程调度到 vCPU 上；主机再把 vCPU 调度到物理 CPU 上：两级调度，各有各的策略。`,
              ),
            }
          : {
              en: `The guest on ${e.vcpu} starts thread ${e.name}: it computes for ${msOf(e.runUs)}, then waits ${msOf(e.sleepUs)} for I/O, over and over, like a server answering requests.`,
              zh: tidyZh(
                `${e.vcpu} 上的客户机启动线程 \`${e.name}\`：它计算 ${msOf(e.runUs)}，然后等待 ${msOf(e.sleepUs)} 的 I/O，如此反复，就像一个应答请求的服务器。`,
              ),
            }
      return { en: body.en + wake.en, zh: tidyZh(body.zh + wake.zh) }
    }
    case 'sched.switch':
      return switchWords(e)
    case 'sched.wake': {
      const not: Record<NonNullable<typeof e.noBoost>, Localized> = {
        over: {
          en: 'It is OVER (out of credit), so it is not boosted.',
          zh: '它处于 OVER（信用值已用完），所以不会被提升。',
        },
        parked: {
          en: 'It wakes because accounting unparked it; the parked flag is cleared only after the wake, so it is not boosted.',
          zh: '它是因为记账解除了挂起而醒来；挂起标志在唤醒之后才清除，所以它不会被提升。',
        },
        boost: {
          en: 'It is still BOOST from an earlier wake.',
          zh: '它仍是上一次唤醒时的 BOOST。',
        },
        kvm: {
          en: 'Under KVM it is just a host thread waking: no boost, it waits its turn by virtual runtime.',
          zh: '在 KVM 下它只是一个醒来的主机线程：没有 BOOST，按虚拟运行时间排队。',
        },
      }
      const how: Localized =
        e.noBoost === null
          ? {
              en: `It was UNDER, so Xen boosts it to BOOST, above every UNDER and OVER vCPU.`,
              zh: `它原本是 UNDER，所以 Xen 把它提升为 BOOST，高于所有 UNDER 和 OVER 的 vCPU。`,
            }
          : not[e.noBoost]
      const tick: Localized =
        e.tickled === null
          ? { en: '', zh: '' }
          : {
              en: ` It tickles pCPU ${e.tickled} to run the scheduler now.`,
              zh: `它通知物理 CPU ${e.tickled} 立即运行调度器。`,
            }
      return {
        en: `${msOf(e.atUs)}: ${e.vcpu} wakes (its thread ${e.thread} has work). ${how.en}${tick.en}`,
        zh: tidyZh(
          `${msOf(e.atUs)}：${e.vcpu} 醒来（它的线程 \`${e.thread}\` 有事可做）。${how.zh}${tick.zh}`,
        ),
      }
    }
    case 'sched.block':
      return e.vcpuBlocks
        ? {
            en: `${msOf(e.atUs)}: thread ${e.thread} on ${e.vcpu} waits for I/O and the guest has nothing else to run: the vCPU halts and gives its pCPU back.`,
            zh: tidyZh(
              `${msOf(e.atUs)}：${e.vcpu} 上的线程 \`${e.thread}\` 等待 I/O，客户机没有别的事可做：vCPU 停机，把物理 CPU 让出来。`,
            ),
          }
        : {
            en: `${msOf(e.atUs)}: thread ${e.thread} on ${e.vcpu} waits for I/O; the guest kernel runs its next thread on the same vCPU.`,
            zh: tidyZh(
              `${msOf(e.atUs)}：${e.vcpu} 上的线程 \`${e.thread}\` 等待 I/O；客户机内核在同一个 vCPU 上运行它的下一个线程。`,
            ),
          }
    case 'sched.unboost':
      return {
        en: `${msOf(e.atUs)}: a 10 ms tick finds ${e.vcpu} running while BOOST: it is using real CPU time, so it drops back to UNDER (credit ${e.credit}). A vCPU that blocks before any tick sees it keeps its boost.`,
        zh: tidyZh(
          `${msOf(e.atUs)}：10 ms 的时钟节拍发现 ${e.vcpu} 以 BOOST 身份在运行：它在真正消耗 CPU，于是降回 UNDER（信用值 ${e.credit}）。在任何时钟节拍看到之前就阻塞的 vCPU 会一直保持 BOOST。`,
        ),
      }
    case 'sched.acct': {
      const a = e.acct
      if (a.vcpus.length === 0)
        return {
          en: `${msOf(a.atUs)}: accounting, but no vCPU is active (none has been found running at a tick), so no credit is handed out.`,
          zh: tidyZh(
            `${msOf(a.atUs)}：记账，但没有活跃的 vCPU（还没有哪个在时钟节拍时被发现正在运行），所以不发放信用值。`,
          ),
        }
      const doms = a.domains.map((d) => ({
        en: `${d.vm} ${d.fairShare}${d.perVcpu !== d.fairShare ? ` (${d.perVcpu} per vCPU)` : ''}${d.capPerVcpu !== null ? `, capped at ${d.peak}` : ''}`,
        zh: `${d.vm} ${d.fairShare}${d.perVcpu !== d.fairShare ? `（每个 vCPU ${d.perVcpu}）` : ''}${d.capPerVcpu !== null ? `，上限 ${d.peak}` : ''}`,
      }))
      const vs = a.vcpus.map((v) => ({
        en: `${v.vcpu} ${v.before} + ${v.added} = ${v.after}, ${PRI[v.pri]}${v.parkedNow ? ', parked' : ''}${v.unparkedNow ? ', unparked' : ''}${v.stoppedEarning ? ', above 300: stops earning, halved' : ''}${v.clamped ? ', floored at -300' : ''}`,
        zh: `${v.vcpu} ${v.before} + ${v.added} = ${v.after}，${PRI[v.pri]}${v.parkedNow ? '，被挂起' : ''}${v.unparkedNow ? '，解除挂起' : ''}${v.stoppedEarning ? '，超过 300：不再获得信用值并减半' : ''}${v.clamped ? '，下限为 -300' : ''}`,
      }))
      return {
        en: `${msOf(a.atUs)}: accounting. ${a.creditTotal} credits shared by weight (total ${a.weightTotal}): ${doms.map((d) => d.en).join('; ')}. ${vs.map((v) => v.en).join('; ')}. Credit below 0 is OVER, 0 or more is UNDER.`,
        zh: tidyZh(
          `${msOf(a.atUs)}：记账。${a.creditTotal} 个信用值按权重（总权重 ${a.weightTotal}）分配：${doms.map((d) => d.zh).join('；')}。${vs.map((v) => v.zh).join('；')}。信用值小于 0 为 OVER，大于等于 0 为 UNDER。`,
        ),
      }
    }
    case 'sched.run': {
      const span = e.toUs - e.fromUs
      const pct = (us: number) => (span > 0 ? Math.round((us / span) * 1000) / 10 : 0)
      const shares = e.shares.map((s) => `${s.vcpu} ${pct(s.ranUs)}%`).join(', ')
      const idle = e.idleUs.map((u, i) => `pCPU ${i} ${pct(u)}%`).join(', ')
      return {
        en: `${msOf(span)} later (at ${msOf(e.toUs)}): CPU time ${shares}; idle ${idle}. ${e.switches} switches, ${e.boosts} boosted wake-ups, ${e.accts} accountings, ${e.vmcsMoves} VMCS moves between pCPUs.`,
        zh: tidyZh(
          `过了 ${msOf(span)}（到 ${msOf(e.toUs)}）：CPU 时间 ${e.shares.map((s) => `${s.vcpu} ${pct(s.ranUs)}%`).join('，')}；空闲：${e.idleUs.map((u, i) => `物理 CPU ${i} ${pct(u)}%`).join('，')}。共 ${e.switches} 次切换，${e.boosts} 次 BOOST 唤醒，${e.accts} 次记账，${e.vmcsMoves} 次 VMCS 在物理 CPU 之间迁移。`,
        ),
      }
    }
    case 'sched.cpu':
      return {
        en: `The VT-x commands now run on pCPU ${e.pcpu}. It has its own VMX state: ${e.mode === 'off' ? 'it is not in VMX operation yet' : `VMX ${e.mode} operation`}, current VMCS ${e.currentVmcs ?? 'none'}. The VMCS regions are memory, the same for every pCPU; which one is current, and its cached copy, belong to one pCPU.`,
        zh: tidyZh(
          `VT-x 命令现在在物理 CPU ${e.pcpu} 上执行。它有自己的 VMX 状态：${e.mode === 'off' ? '还没有进入 VMX 操作' : `VMX ${e.mode === 'root' ? '根' : '非根'}操作`}，${e.currentVmcs === null ? '没有当前 VMCS' : `当前 VMCS 为 ${e.currentVmcs}`}。VMCS 区域是内存，对所有物理 CPU 都一样；哪一个是当前 VMCS 以及它缓存的副本，则只属于某一个物理 CPU。`,
        ),
      }
    default:
      return exhaustive(e)
  }
}
