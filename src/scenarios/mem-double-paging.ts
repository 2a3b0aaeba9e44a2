import type { Phase } from './types.ts'

// Hypervisor swapping and double paging (WAL02 §3.3-3.4, hw-facts-2 §3.2): the host swaps a
// page the guest later pages out itself; then the same pressure through a balloon.
export const phases: readonly Phase[] = [
  {
    id: 'guest',
    setup: true,
    script: `mem host 32 seed=2
mem vm a 16 kernel=4 anon=10 active=4`,
    say: {
      en: 'One guest of 16 pages: 4 kernel pages, a workload of 10 anonymous pages of which only 4 are in active use, and 2 free pages.',
      zh: '一台 16 页的客户机：4 个内核页，10 个匿名页的负载，其中只有 4 个正在使用，另有 2 个空闲页。',
    },
    title: { en: 'A guest with idle pages', zh: '有空闲页的客户机' },
  },
  {
    id: 'host-swap',
    script: 'mem swap a 9',
    say: {
      en: 'The host is short of memory and swaps without asking the guest. It picks page 9, an idle one, so a good choice by luck; it writes the frame to its swap file (disk I/O 1) and frees it.',
      zh: '主机内存紧张，不询问客户机就开始换出。它选中了页 9，碰巧是个空闲页，算是选得不错；它把页框写进自己的交换文件（第 1 次磁盘 I/O）并释放它。',
    },
    title: { en: 'The host swaps a page', zh: '主机换出一个页' },
  },
  {
    id: 'double',
    questions: [{ step: 1, kind: 'pageout-ios' }],
    script: 'mem pageout a 9',
    say: {
      en: 'Later the guest, short of memory itself, picks the same idle page to page out to its own disk. To write it, its disk driver must read it, and that read faults: the host reads the page back from its swap (I/O 2) just so the guest can write it to its own swap (I/O 3). Three I/Os for one page, and the host ends up holding a frame for a page the guest has just freed.',
      zh: '后来客户机自己也缺内存，选中同一个空闲页换出到自己的磁盘。要写出它，磁盘驱动得先读它，而这次读引起缺页：主机从自己的交换区把页读回（第 2 次 I/O），只为了让客户机把它写进自己的交换区（第 3 次 I/O）。一个页三次 I/O，而主机最后还为客户机刚释放的页占着一个页框。',
    },
    title: { en: 'Double paging', zh: '双重换页' },
  },
  {
    id: 'balloon',
    questions: [
      { step: 1, kind: 'balloon-actual' },
      { step: 2, kind: 'balloon-source' },
    ],
    script: 'mem balloon a 4',
    say: {
      en: 'The same pressure through the balloon: the guest is asked for 4 pages and chooses them itself, its free pages first (page 9 among them, so the frame the host wasted comes back), then one idle page written once to its own disk. One I/O, and every page given up frees a host frame.',
      zh: '用气球施加同样的压力：向客户机要 4 个页，由它自己挑选，先是空闲页（其中有页 9，主机浪费的那个页框就此收回），再把一个空闲匿名页写到自己的磁盘一次。只有一次 I/O，交出的每个页都释放一个主机页框。',
    },
    title: { en: 'The balloon way', zh: '用气球的做法' },
  },
]
