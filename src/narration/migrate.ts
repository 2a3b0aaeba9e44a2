// What a live migration step did, in English and Simplified Chinese (hw-facts-2 §3.4-3.5).
import type { Localized } from '../console/index.ts'
import {
  type MigrateEvent,
  type MigrateRound,
  type StopRule,
  type StopWhy,
  exhaustive,
} from '../engine/index.ts'
import { msText, pagesText } from '../console/format/migrate.ts'
import { tidyZh } from './zh.ts'

const RULE: Record<StopRule, Localized> = {
  qemu: { en: 'QEMU’s rule', zh: 'QEMU 的规则' },
  xen: { en: 'Xen’s rule (migration stream v2)', zh: 'Xen 的规则（迁移流 v2）' },
  'xen-legacy': { en: 'Xen’s legacy rule (xc_domain_save)', zh: 'Xen 的旧规则（xc_domain_save）' },
}

const WHY: Record<StopWhy, Localized> = {
  'below-threshold': {
    en: 'what is left is below bandwidth × downtime limit, so sending it with the guest paused fits the limit',
    zh: '剩下的页少于带宽 × 停机时间上限，暂停客户机后发送它们不会超过上限',
  },
  'few-dirty': { en: 'fewer than 50 pages are dirty', zh: '脏页少于 50 个' },
  'max-iterations': {
    en: 'the round limit is reached (5 live rounds in stream v2, 29 iterations in the legacy code)',
    zh: '达到了轮数上限（迁移流 v2 为 5 轮在线拷贝，旧代码为 29 次迭代）',
  },
  'few-sent': { en: 'fewer than 50 pages were sent in this round', zh: '本轮发送的页少于 50 个' },
  'three-times-ram': {
    en: 'more than 3 × the guest’s RAM has been sent in total',
    zh: '累计发送量已超过客户机内存的 3 倍',
  },
}

function roundWords(r: MigrateRound, threshold: number, of: number): Localized {
  const head: Localized = {
    en: `Round ${r.index} of ${of}`,
    zh: `第 ${r.index} 轮（共 ${of} 轮）`,
  }
  if (r.kind === 'stop-copy')
    return {
      en: `${head.en}, stop-and-copy: the guest is paused and the last ${r.sent} dirty pages go over in ${msText(r.durationMs)}. That is the downtime (CPU and device state are not sized in this model).`,
      zh: tidyZh(
        `${head.zh}，停机拷贝：客户机暂停，最后 ${r.sent} 个脏页在 ${msText(r.durationMs)} 内发完。这就是停机时间（本模型不计 CPU 与设备状态的大小）。`,
      ),
    }
  if (r.kind === 'postcopy')
    return {
      en: `${head.en}, post-copy: the destination runs the guest now. The ${r.sent} pages it still lacked arrive in the background, and ${r.faults} times the guest touched one first: a fault that fetches that page at once over the return path. If the link failed now the VM would be lost, its memory split between two hosts.`,
      zh: tidyZh(
        `${head.zh}，后拷贝：现在由目的主机运行客户机。它还缺的 ${r.sent} 个页在后台陆续到达，其中 ${r.faults} 次客户机先访问到缺页：缺页异常通过返回通道立即取回该页。此时链路一旦中断，虚拟机就会丢失，因为它的内存分散在两台主机上。`,
      ),
    }
  const sent =
    r.index === 1
      ? { en: `sends all ${r.sent} pages of RAM`, zh: `发送全部 ${r.sent} 个内存页` }
      : {
          en: `sends the ${r.sent} pages dirtied during round ${r.index - 1}`,
          zh: `发送第 ${r.index - 1} 轮中被弄脏的 ${r.sent} 个页`,
        }
  const thr =
    r.throttlePct > 0
      ? {
          en: ` with the vCPU throttled to ${100 - r.throttlePct}% of its time`,
          zh: `，vCPU 被限制为只运行 ${100 - r.throttlePct}% 的时间`,
        }
      : { en: '', zh: '' }
  const body: Localized = {
    en: `${head.en} ${sent.en} in ${msText(r.durationMs)}${thr.en}; meanwhile the guest dirtied ${r.dirtied} pages (threshold ${pagesText(threshold)}).`,
    zh: `${head.zh}${sent.zh}，用时 ${msText(r.durationMs)}${thr.zh}；其间客户机弄脏了 ${r.dirtied} 个页（阈值 ${pagesText(threshold)}）。`,
  }
  const d = r.decision
  let then: Localized
  switch (d.kind) {
    case 'continue':
      then = { en: 'Still too many: another round.', zh: '仍然太多：再来一轮。' }
      break
    case 'stop':
      then = { en: `Stop: ${WHY[d.why].en}.`, zh: `停止：${WHY[d.why].zh}。` }
      break
    case 'last-live':
      then = {
        en: `Stop soon: ${WHY[d.why].en}, so these pages are sent once more with the guest running, then the guest is suspended.`,
        zh: `即将停止：${WHY[d.why].zh}，所以在客户机运行时再发送一次这些页，然后挂起客户机。`,
      }
      break
    case 'postcopy':
      then = {
        en: 'Pre-copy gives way to post-copy: the guest stops here and resumes on the destination.',
        zh: '预拷贝让位于后拷贝：客户机在这里停下，然后在目的主机上继续运行。',
      }
      break
    case 'give-up':
      then = {
        en: 'The model’s round cap is reached and pre-copy has not converged: QEMU itself would keep iterating for ever.',
        zh: '达到了模型的轮数上限，预拷贝仍未收敛：QEMU 本身会一直迭代下去。',
      }
      break
    case 'done':
      then = { en: '', zh: '' }
      break
    default:
      return exhaustive(d)
  }
  const step =
    r.throttleAfterPct !== r.throttlePct
      ? {
          en: ` Auto-converge: the guest dirtied more than half of what was sent, twice, so the throttle goes to ${r.throttleAfterPct}%.`,
          zh: `自动收敛：客户机弄脏的量两次超过发送量的一半，于是限制提高到 ${r.throttleAfterPct}%。`,
        }
      : { en: '', zh: '' }
  const exits =
    r.exits === null || r.exits.count === 0
      ? { en: '', zh: '' }
      : r.exits.reason === 62
        ? {
            en: ` PML logged the first writes, 512 GPAs per log page: ${r.exits.count} exits 62 (log full).`,
            zh: `PML 记录了首次写，每个日志页 512 个 GPA：共 ${r.exits.count} 次 62 号退出（日志满）。`,
          }
        : {
            en: ` Dirty logging by write protection cost ${r.exits.count} exits 48 (EPT violation), one per page’s first write.`,
            zh: `用写保护记录脏页，每个页的首次写引起一次 48 号退出（EPT 违例），共 ${r.exits.count} 次。`,
          }
  return {
    en: `${body.en} ${then.en}${step.en}${exits.en}`.trim(),
    zh: tidyZh(`${body.zh}${then.zh}${step.zh}${exits.zh}`),
  }
}

export function describeMigrateEvent(e: MigrateEvent): Localized {
  switch (e.kind) {
    case 'migrate.vm':
      return {
        en: `A VM with ${e.pages} pages of 4 KiB RAM. Its workload makes ${e.dirtyRate} stores a second, all within its first ${e.wws} pages: the writable working set, the pages pre-copy will keep resending.`,
        zh: tidyZh(
          `一台有 ${e.pages} 个 4 KiB 内存页的虚拟机。它的负载每秒写 ${e.dirtyRate} 次，全部落在前 ${e.wws} 个页中：这就是可写工作集，预拷贝会一再重发这些页。`,
        ),
      }
    case 'migrate.link':
      return {
        en: `The link carries ${e.bandwidthMiB} MiB/s and the downtime limit is ${e.downtimeMs} ms, so QEMU switches over once fewer than ${pagesText(e.thresholdPages)} pages are left (bandwidth × limit ÷ 4 KiB).`,
        zh: tidyZh(
          `链路带宽 ${e.bandwidthMiB} MiB/s，停机时间上限 ${e.downtimeMs} ms，所以剩余页少于 ${pagesText(e.thresholdPages)} 个时 QEMU 就切换（带宽 × 上限 ÷ 4 KiB）。`,
        ),
      }
    case 'migrate.start':
      return {
        en: `Migration starts under ${RULE[e.rule].en}${e.autoConverge ? ' with auto-converge' : ''}${e.postcopyAfter === null ? '' : `, post-copy after round ${e.postcopyAfter}`}. Dirty logging is on (${e.log === 'pml' ? 'Intel PML' : 'write protection, KVM_GET_DIRTY_LOG'}). The run will take ${e.rounds} rounds.`,
        zh: tidyZh(
          `迁移开始，采用${RULE[e.rule].zh}${e.autoConverge ? '，并开启自动收敛' : ''}${e.postcopyAfter === null ? '' : `，第 ${e.postcopyAfter} 轮后转为后拷贝`}。脏页记录已开启（${e.log === 'pml' ? 'Intel PML' : '写保护，KVM_GET_DIRTY_LOG'}）。这次迁移共 ${e.rounds} 轮。`,
        ),
      }
    case 'migrate.round':
      return roundWords(e.round, e.thresholdPages, e.of)
    case 'migrate.done':
      if (e.verdict === 'converged')
        return {
          en: `Migrated. The guest was paused for ${msText(e.downtimeMs)}; the whole migration took ${msText(e.totalMs)} and sent ${e.totalSent} pages. The destination’s memory now equals the source’s.`,
          zh: tidyZh(
            `迁移完成。客户机暂停了 ${msText(e.downtimeMs)}；整个迁移用时 ${msText(e.totalMs)}，共发送 ${e.totalSent} 个页。目的主机的内存现在与源主机完全相同。`,
          ),
        }
      if (e.verdict === 'postcopy')
        return {
          en: `Migrated by post-copy in ${msText(e.totalMs)}: almost no downtime, paid for by ${e.faults} page faults on the destination.`,
          zh: tidyZh(
            `通过后拷贝完成迁移，用时 ${msText(e.totalMs)}：几乎没有停机时间，代价是目的主机上的 ${e.faults} 次缺页异常。`,
          ),
        }
      return {
        en: `Not converged after ${e.rounds} rounds: each round the guest dirties about as many pages as were sent${e.rateAboveLink ? ', because it stores faster than the link sends' : ''}. Pre-copy alone never ends here: throttle the guest (auto-converge) or switch to post-copy.`,
        zh: tidyZh(
          `${e.rounds} 轮后仍未收敛：每一轮客户机弄脏的页都和发送的差不多${e.rateAboveLink ? '，因为它写得比链路发送得还快' : ''}。单靠预拷贝在这里永远结束不了：需要限制客户机（自动收敛）或转为后拷贝。`,
        ),
      }
    case 'migrate.guest':
      return {
        en: `The guest runs for ${e.ms} ms: ${e.stores} stores, landing on ${e.pagesTouched} different pages of its working set.${e.sinceFile ? ` ${e.sinceFile.pages} pages now differ from checkpoint ${e.sinceFile.name}: that file no longer matches the running VM.` : ''}`,
        zh: tidyZh(
          `客户机运行 ${e.ms} ms：写了 ${e.stores} 次，落在工作集中 ${e.pagesTouched} 个不同的页上。${e.sinceFile ? `现在有 ${e.sinceFile.pages} 个页与检查点 ${e.sinceFile.name} 不同：这个文件已经和正在运行的虚拟机不一致了。` : ''}`,
        ),
      }
    case 'migrate.checkpoint':
      return {
        en: `Checkpoint ${e.file}: like xl save, the VM is paused and the migration stream goes into a file instead of over the network, in one pass with no dirty logging, since nothing changes while it is paused: all ${e.pages} pages (${e.written} of them written since boot), then the vCPU state, here the workload’s position (store ${e.stores}). At the link’s rate that takes ${msText(e.writeMs)}. Device state is not modelled.`,
        zh: tidyZh(
          `检查点 ${e.file}：和 \`xl save\` 一样，虚拟机暂停，迁移流写进文件而不是发往网络；因为暂停期间什么都不会变，一遍写完，不需要脏页记录：全部 ${e.pages} 个页（其中 ${e.written} 个自启动以来被写过），然后是 vCPU 状态，这里就是负载的位置（第 ${e.stores} 次写）。按链路的速率，这需要 ${msText(e.writeMs)}。本模型不包含设备状态。`,
        ),
      }
    case 'migrate.restore':
      return {
        en: `Restore ${e.file}: all ${e.pages} pages are read back (${msText(e.readMs)} at the link’s rate) and the vCPU resumes at store ${e.stores}. ${e.reverted} pages go back to their saved contents and the ${e.undone} stores made after the checkpoint are gone, as if they never happened.`,
        zh: tidyZh(
          `恢复 ${e.file}：全部 ${e.pages} 个页被读回（按链路速率需要 ${msText(e.readMs)}），vCPU 从第 ${e.stores} 次写处继续。${e.reverted} 个页回到保存时的内容，检查点之后的 ${e.undone} 次写都消失了，就像从未发生过。`,
        ),
      }
    default:
      return exhaustive(e)
  }
}
