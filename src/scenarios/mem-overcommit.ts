import type { Phase } from './types.ts'

// ESX reclamation (WAL02 §5.3, §6.3; hw-facts-2 §3.2): the free-memory state picks ballooning
// or swapping, the shares-per-page ratio with the idle memory tax picks the VM.
export const phases: readonly Phase[] = [
  {
    id: 'full',
    setup: true,
    script: `mem host 100 seed=5
mem vm web 48 kernel=6 anon=38 cache=4 active=42 shares=1000
mem vm batch 48 kernel=6 anon=30 cache=8 active=6 shares=1500`,
    say: {
      en: 'A host of 100 frames runs two guests of 48 pages: web is busy (42 of its pages active) with 1000 shares; batch holds more shares (1500) but sits mostly idle (6 active pages). 96 frames are in use.',
      zh: '一台 100 个页框的主机运行两台 48 页的客户机：`web` 很忙（42 个页活跃），份额 1000；`batch` 份额更多（1500），但大多空闲（6 个活跃页）。已用 96 个页框。',
    },
    title: { en: 'A full host', zh: '满载的主机' },
  },
  {
    id: 'no-tax',
    questions: [{ step: 2, kind: 'reclaim-victim' }],
    script: `mem tax 0
mem reclaim`,
    say: {
      en: 'Only 4 % is free: the soft state, where ESX reclaims by ballooning, 2 frames to get back to 6 %. Without an idle tax, the victim is the VM with the fewest shares per page, S ÷ P: web. The busy guest gives up memory while the idle one keeps pages it does not use.',
      zh: '只剩 4% 空闲：处于 `soft` 状态，ESX 用气球回收，需收回 2 个页框才能回到 6%。没有空闲税时，受害者是每页份额 S ÷ P 最少的虚拟机：`web`。忙碌的客户机交出内存，空闲的那台却留着用不上的页。',
    },
    title: { en: 'Pure shares: the busy VM pays', zh: '只看份额：忙的虚拟机买单' },
  },
  {
    id: 'tax',
    questions: [{ step: 4, kind: 'reclaim-victim' }],
    script: `mem host 100 seed=5
mem vm web 48 kernel=6 anon=38 cache=4 active=42 shares=1000
mem vm batch 48 kernel=6 anon=30 cache=8 active=6 shares=1500
mem reclaim`,
    say: {
      en: 'The same host with ESX’s default idle memory tax of 75 %: an idle page costs k = 4 times an active one. batch’s ratio falls to 1500 ÷ (48 × (12/48 + 4 × 36/48)) = 1500 ÷ 156 ≈ 9.6 (its 6 kernel pages count as active) against web’s 1000 ÷ 48 ≈ 20.8, so batch is ballooned, and its guest gives up free pages it was not using.',
      zh: '同一台主机，使用 ESX 默认的 75% 空闲内存税：一个空闲页按活跃页的 k = 4 倍计。`batch` 的比值降到 `1500 ÷ (48 × (12/48 + 4 × 36/48))` = 1500 ÷ 156 ≈ 9.6（它的 6 个内核页算作活跃），而 `web` 为 1000 ÷ 48 ≈ 20.8，于是对 `batch` 充气，它的客户机交出自己没在用的空闲页。',
    },
    title: { en: 'The idle memory tax', zh: '空闲内存税' },
  },
  {
    id: 'hard',
    questions: [{ step: 2, kind: 'reclaim-victim' }],
    script: `mem vm cron 4 kernel=4
mem reclaim`,
    say: {
      en: 'A third guest boots and free memory falls to 2 %: the hard state. Now ESX swaps, from the VM with the lowest ratio, pages chosen at random: the host cannot know which of batch’s pages the guest still needs.',
      zh: '第三台客户机启动，空闲内存降到 2%：进入 `hard` 状态。现在 ESX 从比值最低的虚拟机换出页，随机挑选：主机无法知道 `batch` 的哪些页客户机还需要。',
    },
    title: { en: 'Hard state: swap at random', zh: '空闲仅剩 2%：随机换出' },
  },
  {
    id: 'fault',
    questions: [{ step: 1, kind: 'write-fault' }],
    script: 'mem write batch 13',
    say: {
      en: 'batch touches page 13, one the host swapped: the store faults and the host reads the page back from its swap before the guest can go on. With swapping, every such touch is a disk read the guest did not ask for.',
      zh: '`batch` 访问页 13，它已被主机换出：这次写入引起缺页，主机得先从交换区把页读回，客户机才能继续。用换出回收，每一次这样的访问都是一次客户机并没有要求的磁盘读。',
    },
    title: { en: 'A swapped page is touched', zh: '访问被换出的页' },
  },
]
