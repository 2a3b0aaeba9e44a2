import type { Phase } from './types.ts'

// Pre-copy (Clark et al. 2005, Fig. 1) under QEMU's stop rule, then the same VM under Xen's
// (hw-facts-2 §3.4-3.5). The workload is uniform stores over a 30,000-page working set.
export const phases: readonly Phase[] = [
  {
    id: 'vm',
    setup: true,
    script: 'migrate vm 262144 wws=30000 dirty=20000',
    say: {
      en: 'A 1 GiB VM (262,144 pages of 4 KiB) runs a workload that makes 20,000 stores a second, all inside its first 30,000 pages: its writable working set. Those are the pages pre-copy will have to send more than once.',
      zh: '一台 1 GiB 的虚拟机（262,144 个 4 KiB 页）运行一个每秒写 20,000 次的负载，所有写都落在前 30,000 个页里：这就是它的可写工作集。预拷贝要多次发送的正是这些页。',
    },
    title: { en: 'A VM and its working set', zh: '虚拟机与它的工作集' },
  },
  {
    id: 'link',
    setup: true,
    script: 'migrate link 128 downtime=300',
    say: {
      en: 'QEMU’s defaults: the stream may use 128 MiB/s and the guest may be paused for 300 ms. QEMU switches over once what is left can be sent within the limit: 128 MiB/s × 300 ms ÷ 4 KiB = 9,830.4 pages. (At 1 Gbit/s the same limit allows about 9,155 pages.)',
      zh: 'QEMU 的默认值：迁移流最多用 128 MiB/s，客户机最多暂停 300 ms。当剩下的页能在上限内发完时 QEMU 就切换：128 MiB/s × 300 ms ÷ 4 KiB = 9,830.4 页。（在 1 Gbit/s 链路上，同样的上限约允许 9,155 页。）',
    },
    title: { en: 'The link and the limit', zh: '链路与上限' },
    // The values are QEMU's defaults, which the panel already showed: the step names them.
    pauses: [
      {
        step: 1,
        why: {
          en: 'These are QEMU’s defaults, which the model already used: the picture stays as it was, and this step only says them out loud.',
          zh: '这些就是 QEMU 的默认值，模型本来就在用：画面不变，这一步只是把它们说出来。',
        },
      },
    ],
  },
  {
    id: 'start',
    script: 'migrate start qemu',
    say: {
      en: 'Migration starts. KVM turns on dirty logging for the guest’s memory (KVM_MEM_LOG_DIRTY_PAGES): every page’s first write after a sync sets its bit in the dirty bitmap, which QEMU reads with KVM_GET_DIRTY_LOG.',
      zh: '迁移开始。KVM 为客户机内存打开脏页记录（`KVM_MEM_LOG_DIRTY_PAGES`）：每次同步之后，一个页的首次写会在脏页位图中置位，QEMU 用 `KVM_GET_DIRTY_LOG` 读取位图。',
    },
    title: { en: 'Dirty logging on', zh: '开启脏页记录' },
  },
  {
    id: 'round1',
    script: 'migrate round',
    say: {
      en: 'Round 1 sends all of RAM: 262,144 pages at 128 MiB/s take 8 seconds. The guest keeps running and writing the whole time, so by the end almost every page of its working set is dirty again.',
      zh: '第 1 轮发送全部内存：262,144 个页以 128 MiB/s 发送需要 8 秒。客户机在此期间一直运行、一直在写，所以结束时它的工作集几乎又全部变脏了。',
    },
    title: { en: 'Round 1: all of RAM', zh: '第 1 轮：全部内存' },
  },
  {
    id: 'round2',
    questions: [{ step: 1, kind: 'round-sent' }],
    script: 'migrate round',
    say: {
      en: 'Round 2 sends only the pages dirtied during round 1. It is much shorter, so the guest has less time to dirty pages: fewer are dirty at its end.',
      zh: '第 2 轮只发送第 1 轮中被弄脏的页。这一轮短得多，客户机弄脏页的时间也少了：结束时的脏页更少。',
    },
    title: { en: 'Round 2: what round 1 left', zh: '第 2 轮：第 1 轮留下的脏页' },
  },
  {
    id: 'round3',
    questions: [{ step: 1, kind: 'migrate-decision' }],
    script: 'migrate round',
    say: {
      en: 'Round 3 is shorter again, and this time fewer pages are dirty than the threshold: QEMU decides to stop the guest.',
      zh: '第 3 轮又更短了，这次脏页少于阈值：QEMU 决定暂停客户机。',
    },
    title: { en: 'Round 3: below the threshold', zh: '第 3 轮：低于阈值' },
  },
  {
    id: 'stop-copy',
    questions: [{ step: 1, kind: 'round-sent' }],
    script: `migrate round
migrate round`,
    say: {
      en: 'Stop-and-copy: with the guest paused nothing is dirtied, so the last pages go over and the destination’s memory equals the source’s. The pause is the downtime. Clark et al. measured 60 ms for a Quake 3 server and about 210 ms for SPECweb99; about 165 ms for a simple web server is a recalled, approximate figure.',
      zh: '停机拷贝：客户机暂停后不再产生脏页，于是最后这些页发过去，目的主机的内存与源主机完全相同。这段暂停就是停机时间。Clark 等人测得 Quake 3 服务器为 60 ms，SPECweb99 约为 210 ms；简单网页服务器约 165 ms 是凭记忆引用的近似数字。',
    },
    title: { en: 'Stop-and-copy', zh: '停机拷贝' },
  },
  {
    id: 'xen',
    questions: [{ step: 6, kind: 'migrate-decision' }],
    script: `migrate start xen
migrate run`,
    say: {
      en: 'The same VM under Xen’s rule: Xen ignores bandwidth and looks only at the dirty count (fewer than 50) or the number of live rounds (5). Here 5 rounds pass, the pages the last check found are sent live once more, and only then is the guest suspended: more pages sent in all, but a shorter pause than QEMU’s.',
      zh: '同一台虚拟机改用 Xen 的规则：Xen 不看带宽，只看脏页数（少于 50）或在线轮数（5 轮）。这里跑满 5 轮，最后一次检查发现的页在线再发一次，然后才挂起客户机：总发送量更多，但暂停比 QEMU 短。',
    },
    title: { en: 'Xen’s rule instead', zh: '换成 Xen 的规则' },
  },
]
