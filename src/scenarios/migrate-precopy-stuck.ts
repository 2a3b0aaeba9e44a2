import type { Phase } from './types.ts'

// Pre-copy that cannot converge, then QEMU's two ways out: auto-converge throttling and
// post-copy (hw-facts-2 §3.5). The guest stores 50,000 times a second over 60,000 pages; the
// link sends 32,768 pages a second.
export const phases: readonly Phase[] = [
  {
    id: 'vm',
    setup: true,
    script: 'migrate vm 262144 wws=60000 dirty=50000',
    say: {
      en: 'A busier guest: 50,000 stores a second over a 60,000-page working set, on QEMU’s default 128 MiB/s link, which sends only 32,768 pages a second. The threshold is still 9,830.4 pages.',
      zh: '一台更忙的客户机：每秒写 50,000 次，工作集 60,000 页；链路仍是 QEMU 默认的 128 MiB/s，每秒只能发送 32,768 个页。阈值仍是 9,830.4 页。',
    },
    title: { en: 'A guest that writes fast', zh: '写得很快的客户机' },
  },
  {
    id: 'stuck',
    questions: [
      { step: 3, kind: 'round-sent' },
      { step: 9, kind: 'migrate-decision' },
    ],
    script: `migrate start qemu max-rounds=8
migrate run`,
    say: {
      en: 'Each round is long enough for the guest to dirty most of its working set again, so the dirty count settles far above the threshold. QEMU has no round limit and would iterate for ever; the model stops after 8 rounds and reports that pre-copy did not converge.',
      zh: '每一轮都长到足以让客户机把工作集的大部分再次弄脏，所以脏页数稳定在远高于阈值的水平。QEMU 没有轮数上限，会一直迭代下去；模型在 8 轮后停下，并报告预拷贝没有收敛。',
    },
    title: { en: 'Pre-copy never converges', zh: '预拷贝永不收敛' },
  },
  {
    id: 'throttle',
    questions: [{ step: 11, kind: 'migrate-decision' }],
    script: `migrate start qemu auto-converge
migrate run`,
    say: {
      en: 'With auto-converge, each sync where the guest dirtied more than half of what was sent counts; the second such sync throttles the vCPUs to 20%, and every second one after that adds 10% (at most 99%). A throttled vCPU sleeps pct ÷ (1 − pct) × 10 ms in every 10 ms slice, so it dirties less, and pre-copy finally gets below the threshold, at the price of a slowed guest.',
      zh: '开启自动收敛后，每次同步时若客户机弄脏的量超过发送量的一半就计数一次；第二次时把 vCPU 限制到 20%，之后每两次再加 10%（最多 99%）。被限制的 vCPU 在每 10 ms 的时间片里睡眠 p ÷ (1 − p) × 10 ms（p 为限制比例），于是弄脏的页变少，预拷贝终于降到阈值以下，代价是客户机变慢。',
    },
    title: { en: 'Auto-converge throttles the guest', zh: '自动收敛限制客户机' },
  },
  {
    id: 'postcopy',
    questions: [{ step: 4, kind: 'migrate-decision' }],
    script: `migrate start qemu postcopy=3 pml
migrate run`,
    say: {
      en: 'Post-copy instead: after 3 live rounds the guest stops and resumes on the destination at once. Pages it still lacks are pushed in the background, and a touch of a missing page faults and fetches that page over the return path (userfaultfd). Dirty logging uses Intel PML this time: a 512-entry log per vCPU, one exit 62 each time it fills, instead of one exit per first write.',
      zh: '改用后拷贝：3 轮在线拷贝之后，客户机停下并立即在目的主机上继续运行。它还缺的页在后台推送；访问缺失的页会触发缺页异常，并通过返回通道（`userfaultfd`）立即取回该页。这次用 Intel PML 记录脏页：每个 vCPU 一个 512 项的日志，每填满一次才有一次 62 号退出，而不是每个首次写一次退出。',
    },
    title: { en: 'Post-copy', zh: '后拷贝' },
  },
]
