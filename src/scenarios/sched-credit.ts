import type { Phase } from './types.ts'

// Xen's credit scheduler (hw-facts-2 §4.4, xen/common/sched/credit.c): weights, the 30 ms
// accounting, BOOST / UNDER / OVER, a cap that parks a domain, and a waking I/O vCPU that is
// boosted past a busy one. One pCPU, so every decision is visible.
export const phases: readonly Phase[] = [
  {
    id: 'host',
    setup: true,
    script: `sched xen pcpus=1
sched vm A weight=256
sched vm B weight=512`,
    say: {
      en: 'One physical CPU under Xen’s credit scheduler and two VMs with one vCPU each: A with the default weight 256, B with 512. Weights are relative: B should get twice A’s CPU time.',
      zh: '一个物理 CPU，使用 Xen 的信用值调度器；两台各有一个 vCPU 的虚拟机：A 使用默认权重 256，B 为 512。权重是相对的：B 应当得到 A 两倍的 CPU 时间。',
    },
    title: { en: 'Two VMs, weights 256 and 512', zh: '两台虚拟机，权重 256 与 512' },
  },
  {
    id: 'start',
    questions: [{ step: 3, kind: 'sched-next' }],
    script: `sched thread A.0 loop busy
sched thread B.0 loop busy
sched step`,
    say: {
      en: 'Each guest starts a busy thread, so each halted vCPU wakes. A waking vCPU that is UNDER is boosted to BOOST; both are boosted, so A, queued first, runs first.',
      zh: '两个客户机各启动一个忙线程，于是停机的 vCPU 都被唤醒。处于 UNDER 的 vCPU 醒来时被提升为 BOOST；两者都被提升，所以先排队的 A 先运行。',
    },
    title: { en: 'Both vCPUs wake boosted', zh: '两个 vCPU 醒来时都被提升' },
  },
  {
    id: 'ticks',
    questions: [{ step: 3, kind: 'sched-next' }],
    script: `sched step
sched step`,
    say: {
      en: 'At 10 ms the tick finds A running while boosted: it is using real CPU, so it drops to UNDER, and 10 ms cost it 100 credits. At 30 ms accounting runs. Only A is active (B has not been seen running at a tick yet), so A gets all 300 credits: −200 + 300 = 100. A’s slice is over and B, still BOOST, runs.',
      zh: '10 ms 时时钟节拍发现 A 以 BOOST 身份在运行：它在真正消耗 CPU，于是降为 UNDER，这 10 ms 花掉了 100 个信用值。30 ms 时进行记账。只有 A 是活跃的（还没有哪个时钟节拍看到 B 在运行），所以 A 得到全部 300 个信用值：−200 + 300 = 100。A 的时间片用完，仍是 BOOST 的 B 开始运行。',
    },
    title: { en: 'Ticks burn, accounting pays', zh: '时钟节拍扣除，记账发放' },
  },
  {
    id: 'split',
    questions: [{ step: 3, kind: 'sched-next' }],
    script: 'sched step 2',
    say: {
      en: 'At 40 ms B loses its boost. At 60 ms both are active, so the 300 credits are shared by weight: B ⌈300 × 512 ÷ 768⌉ = 200, A ⌈300 × 256 ÷ 768⌉ = 100. B had burned 200, so it is at 0, which is still UNDER; A is at 100. B’s slice ends and A runs again.',
      zh: '40 ms 时 B 失去 BOOST。60 ms 时两者都已活跃，300 个信用值按权重分配：B 得到 ⌈300 × 512 ÷ 768⌉ = 200，A 得到 ⌈300 × 256 ÷ 768⌉ = 100。B 已经花掉 200，所以回到 0，仍然是 UNDER；A 为 100。B 的时间片结束，A 再次运行。',
    },
    title: { en: 'Credits shared by weight', zh: '按权重分配信用值' },
  },
  {
    id: 'long-run',
    questions: [{ step: 1, kind: 'cpu-share' }],
    script: 'sched run 600',
    say: {
      en: 'Over these 600 ms A gets 35% of the pCPU and B 65%, close to the one third and two thirds the weights ask for. Whoever runs a whole slice burns 300 credits and falls OVER (credit below 0); the other, UNDER, goes first at the next choice. The scheduler is work-conserving: an OVER vCPU still runs when nothing UNDER waits.',
      zh: '在这 600 ms 里，A 得到物理 CPU 的 35%，B 得到 65%，接近权重要求的三分之一和三分之二。运行满一个时间片的 vCPU 花掉 300 个信用值，落入 OVER（信用值小于 0）；另一个处于 UNDER，下一次选择时优先运行。这个调度器是“工作保持”的：没有 UNDER 的 vCPU 在等待时，OVER 的 vCPU 照样运行。',
    },
    title: { en: 'Shares follow the weights', zh: '份额与权重成正比' },
  },
  {
    id: 'cap',
    questions: [{ step: 2, kind: 'cpu-share' }],
    script: `sched set B cap=25
sched run 615`,
    say: {
      en: 'A cap of 25 limits B to a quarter of one pCPU: each accounting gives B at most ⌈25 × 300 ÷ 100⌉ = 75 credits, and once its credit falls below −75 B is parked, not run at all, until accounting brings it back to 0 or more. The unpark is not a wake-up that boosts. Over these 615 ms B gets 24.4% and A, though weighted half as much, 75.6%: for a capped domain the scheduler is no longer work-conserving.',
      zh: '上限 25 把 B 限制在一个物理 CPU 的四分之一：每次记账最多给 B ⌈25 × 300 ÷ 100⌉ = 75 个信用值；一旦信用值低于 −75，B 就被挂起，完全不运行，直到记账让它回到 0 或以上。解除挂起时的唤醒不会提升优先级。在这 615 ms 里 B 得到 24.4%，权重只有 B 一半的 A 得到 75.6%：对被限额的域来说，调度器不再是工作保持的。',
    },
    title: { en: 'A cap parks B', zh: '上限让 B 被挂起' },
  },
  {
    id: 'io',
    questions: [{ step: 3, kind: 'sched-next' }],
    script: `sched vm C
sched thread C.0 net io run=0.5 sleep=9.5
sched step`,
    say: {
      en: 'A third VM, C, runs a network thread: 0.5 ms of work, then 9.5 ms waiting for the next packet. Its vCPU wakes UNDER, is boosted to BOOST and tickles the pCPU, which preempts the busy vCPU at once instead of making C wait up to 30 ms.',
      zh: '第三台虚拟机 C 运行一个网络线程：工作 0.5 ms，然后等 9.5 ms 的下一个数据包。它的 vCPU 以 UNDER 醒来，被提升为 BOOST 并通知物理 CPU，后者立即抢占正在忙的 vCPU，而不是让 C 等上最多 30 ms。',
    },
    title: { en: 'A waking I/O vCPU is boosted', zh: '醒来的 I/O vCPU 被提升' },
  },
  {
    id: 'io-run',
    questions: [{ step: 2, kind: 'sched-next' }],
    script: `sched step 2
sched run 300`,
    say: {
      en: 'After half a millisecond C’s thread waits again and its vCPU halts, giving the pCPU back. C never runs across a 10 ms tick, so no tick ever finds it running: it stays BOOST and preempts on every packet. In these 300 ms C uses 5% of the CPU and never waits behind a busy vCPU, while A (72.8%) and B (22.2%, capped) share the rest.',
      zh: '半毫秒之后 C 的线程又开始等待，它的 vCPU 停机，把物理 CPU 让出来。C 从不跨过 10 ms 的时钟节拍运行，所以没有哪个时钟节拍看到它在运行：它一直保持 BOOST，每来一个数据包就抢占一次。在这 300 ms 里 C 只用了 5% 的 CPU，从不需要排在忙的 vCPU 后面；A（72.8%）和 B（22.2%，受上限约束）分享其余的时间。',
    },
    title: { en: 'Boosted on every packet', zh: '每个数据包都被提升' },
  },
]
