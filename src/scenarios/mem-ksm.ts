import type { Phase } from './types.ts'

// Linux KSM (ksm.rst, mm/ksm.c; hw-facts-2 §3.3): the stable and unstable trees, the
// checksum-unchanged rule, the counters, and the worked examples of 100 identical pages.
export const phases: readonly Phase[] = [
  {
    id: 'vms',
    setup: true,
    script: `mem host 64
mem vm a 24 kernel=8 anon=8 cache=6 active=10 image=fedora
mem vm b 24 kernel=8 anon=8 cache=6 active=10 image=fedora
mem ksm madvise a
mem ksm madvise b`,
    say: {
      en: 'Two identical KVM guests: the same kernel and page cache, different workloads, 2 zeroed free pages each. QEMU madvises their RAM MADV_MERGEABLE, so ksmd will scan it.',
      zh: '两台相同的 KVM 客户机：内核和页缓存相同，负载不同，各有 2 个清零的空闲页。QEMU 把它们的内存标记为 `MADV_MERGEABLE`，于是 `ksmd` 会扫描它们。',
    },
    title: { en: 'Two identical guests', zh: '两台相同的客户机' },
  },
  {
    id: 'first',
    script: 'mem ksm scan',
    say: {
      en: 'The first full scan merges nothing. KSM puts a page in the unstable tree only if its checksum did not change since the previous scan, and there was no previous scan: every page is recorded as volatile. At the end of each full scan the unstable tree is thrown away.',
      zh: '第一次完整扫描什么也没合并。只有当页的校验和自上次扫描以来没有变化，KSM 才把它放进不稳定树，而此前没有扫描过：每个页都记为易变。每次完整扫描结束时，不稳定树被丢弃。',
    },
    title: { en: 'The first scan only looks', zh: '第一次扫描只看不动' },
  },
  {
    id: 'unstable',
    script: `mem ksm scan 2
mem ksm scan 24`,
    say: {
      en: 'The second scan: a’s pages have stable checksums and nothing like them is in the stable tree, so they go into the unstable tree, which is not write-protected (a page there may change under KSM’s feet). Then b’s first pages: each matches one of a’s in the unstable tree, and the two are merged into a write-protected KSM page that moves to the stable tree.',
      zh: '第二次扫描：a 的页校验和没变，稳定树里也没有相同的页，于是它们进入不稳定树，而不稳定树不加写保护（其中的页可能在 KSM 不知情时被改动）。接着是 b 的头几个页：每个都与不稳定树中 a 的一个页匹配，两者合并成一个写保护的 KSM 页，移入稳定树。',
    },
    title: { en: 'Unstable tree, then merges', zh: '不稳定树，然后合并' },
  },
  {
    id: 'rest',
    questions: [{ step: 1, kind: 'pages-sharing' }],
    script: `mem ksm scan 2
mem ksm scan`,
    say: {
      en: 'The scan goes on to its end. The kernel and page-cache pages pair up, the four zeroed pages share one KSM page, and the workloads’ own pages stay in the unstable tree: pages_unshared.',
      zh: '扫描继续到底。内核页和页缓存页两两配对，四个清零的页共享一个 KSM 页，负载自己的页留在不稳定树中：即 `pages_unshared`。',
    },
    title: { en: 'The end of the scan', zh: '扫描结束' },
    now: {
      en: 'pages_shared 15, pages_sharing 17, pages_unshared 16, pages_volatile 0, full_scans 2.',
      zh: '`pages_shared` 15，`pages_sharing` 17，`pages_unshared` 16，`pages_volatile` 0，`full_scans` 2。',
    },
  },
  {
    id: 'cow',
    questions: [{ step: 1, kind: 'write-fault' }],
    script: 'mem write b 3 content=mine',
    say: {
      en: 'Guest b writes to kernel page 3. The KSM page is write-protected, so the write faults and b gets a private copy (the kernel counts it in cow_ksm).',
      zh: '客户机 b 写内核页 3。KSM 页有写保护，所以这次写入引起缺页，b 得到一份私有副本（内核把它计入 `cow_ksm`）。',
    },
    title: { en: 'Copy on write', zh: '写时复制' },
  },
  {
    id: 'hundred',
    questions: [{ step: 6, kind: 'pages-sharing' }],
    script: `mem host 128
mem vm w 100 anon=100
mem write w 0 to=99 content=same
mem ksm madvise w
mem ksm scan
mem ksm scan`,
    say: {
      en: 'The documented example: 100 identical mergeable pages. After two full scans there is one KSM page (pages_shared = 1) and 99 more sites sharing it (pages_sharing = 99): 99 pages saved.',
      zh: '文档中的例子：100 个相同的可合并页。两次完整扫描后，只剩一个 KSM 页（`pages_shared` = 1），另有 99 处共享它（`pages_sharing` = 99）：省下 99 个页。',
    },
    title: { en: '100 identical pages', zh: '100 个相同的页' },
    now: {
      en: 'pages_shared 1, pages_sharing 99.',
      zh: '`pages_shared` 1，`pages_sharing` 99。',
    },
  },
  {
    id: 'zero-pages',
    questions: [{ step: 7, kind: 'pages-sharing' }],
    script: `mem host 128
mem vm z 100 anon=100 zero=50
mem write z 0 to=49 content=same
mem ksm madvise z
mem ksm zero on
mem ksm scan
mem ksm scan`,
    say: {
      en: 'The same with use_zero_pages = 1 and 50 of the 100 pages zero-filled: those 50 are mapped to the kernel’s zero page and counted in ksm_zero_pages, not in pages_sharing; the other 50 give pages_shared = 1, pages_sharing = 49.',
      zh: '同样的例子，但 `use_zero_pages` = 1，且 100 个页中有 50 个全为零：这 50 个页映射到内核的零页，计入 `ksm_zero_pages`，不计入 `pages_sharing`；另外 50 个页得到 `pages_shared` = 1，`pages_sharing` = 49。',
    },
    title: { en: 'With use_zero_pages', zh: '开启 use_zero_pages' },
    now: {
      en: 'ksm_zero_pages 50, pages_shared 1, pages_sharing 49.',
      zh: '`ksm_zero_pages` 50，`pages_shared` 1，`pages_sharing` 49。',
    },
  },
]
