import type { Phase } from './types.ts'

// virtio-balloon (hw-facts-2 §3.1) with the guest choosing the pages (WAL02 §3.2): inflate from
// the free list, then under pressure from page cache and the guest's own swap, deflate with
// MUST_TELL_HOST, deflate-on-OOM, and a target bigger than the guest.
export const phases: readonly Phase[] = [
  {
    id: 'host',
    setup: true,
    script: `mem host 48 seed=1
mem vm a 24 kernel=4 anon=8 cache=6 active=6 must-tell-host deflate-on-oom
mem vm b 16 kernel=4 anon=6 cache=2 active=4`,
    say: {
      en: 'A host of 48 frames and two guests that have touched all their RAM: a has 24 pages (kernel, a workload of 8 anonymous pages, 6 of page cache, 6 free), b has 16. Guest a’s virtio-balloon negotiated MUST_TELL_HOST and DEFLATE_ON_OOM.',
      zh: '一台有 48 个页框的主机，两台已经用遍自己内存的客户机：a 有 24 页（内核、8 个匿名页的负载、6 个页缓存页、6 个空闲页），b 有 16 页。客户机 a 的 `virtio-balloon` 协商了 MUST_TELL_HOST 与 DEFLATE_ON_OOM。',
    },
    title: { en: 'Two guests on one host', zh: '一台主机上的两台客户机' },
  },
  {
    id: 'inflate',
    questions: [{ step: 1, kind: 'balloon-source' }],
    script: 'mem balloon a 8',
    say: {
      en: 'The host wants 8 pages back from a. It cannot tell which of a’s pages matter, so it only sets num_pages = 8. Guest a’s balloon driver allocates 8 pages like any kernel allocation: its 6 free pages first, then 2 pages of idle page cache, which are clean and cost no I/O to drop. It reports their PFNs on the inflate queue, the host frees the frames behind them, and the driver sets actual = 8.',
      zh: '主机想从 a 收回 8 个页。它不知道 a 的哪些页重要，所以只设置 `num_pages` = 8。客户机 a 的气球驱动像普通内核分配一样申请 8 个页：先拿 6 个空闲页，再拿 2 个空闲的页缓存页，它们是干净的，丢弃不需要 I/O。驱动把它们的 PFN 放进充气队列，主机释放背后的页框，驱动设置 `actual` = 8。',
    },
    title: { en: 'Inflate: the guest chooses', zh: '充气：由客户机选择' },
  },
  {
    id: 'pressure',
    questions: [{ step: 1, kind: 'balloon-source' }],
    script: 'mem balloon a 16',
    say: {
      en: 'Eight more. Nothing is free now, so the guest reclaims: it drops its remaining page cache, then pages anonymous pages out to its own virtual disk, idle ones before active ones. The balloon made the guest page, but the guest picked what to page.',
      zh: '再要 8 个。现在没有空闲页了，客户机开始回收：先丢弃剩下的页缓存，再把匿名页换出到它自己的虚拟磁盘，先换出空闲的，再换出活跃的。是气球迫使客户机换页，但换哪些页由客户机决定。',
    },
    title: { en: 'Under pressure the guest pages', zh: '压力之下客户机换页' },
  },
  {
    id: 'deflate',
    questions: [{ step: 1, kind: 'balloon-actual' }],
    script: 'mem balloon a 10',
    say: {
      en: 'The host lowers num_pages to 10: deflate by 6. With MUST_TELL_HOST the driver puts the PFNs on the deflate queue and waits until the device has used them before the guest may reuse the pages. The pages have no frames yet: the host backs each on its first touch.',
      zh: '主机把 `num_pages` 降到 10：放气 6 页。有 MUST_TELL_HOST 时，驱动把 PFN 放进放气队列，等设备用完之后客户机才能重用这些页。这些页还没有页框：主机在每页首次被访问时再分配。',
    },
    title: { en: 'Deflate, telling the host', zh: '放气并告知主机' },
  },
  {
    id: 'oom',
    script: 'mem touch a 14',
    say: {
      en: 'Guest a’s workload now needs 14 pages. The 6 deflated pages are free, so the host gives them fresh frames as they are touched; the guest pages out 4 more of its own, and when nothing is left it would run its OOM killer. DEFLATE_ON_OOM steps in first: the balloon’s OOM notifier gives back 4 balloon pages.',
      zh: '客户机 a 的负载现在需要 14 个页。放气得到的 6 个页是空闲的，访问时主机给它们新的页框；客户机再换出自己的 4 个页，等到什么都不剩时本该启动 `OOM killer`。DEFLATE_ON_OOM 先一步介入：气球的 OOM 通知交回 4 个气球页。',
    },
    title: { en: 'Deflate on OOM', zh: '内存耗尽时放气' },
  },
  {
    id: 'too-big',
    questions: [{ step: 1, kind: 'balloon-actual' }],
    script: 'mem balloon b 100',
    say: {
      en: 'A balloon bigger than the guest: num_pages is just a 32-bit field, so 100 is a legal target for a 16-page guest. The driver inflates as far as the guest can go (everything but its kernel pages) and stops with "Out of puff!": the balloon never makes the guest run out of memory on its own, and actual stays below num_pages.',
      zh: '比客户机还大的气球：`num_pages` 只是一个 32 位字段，所以对 16 页的客户机来说 100 也是合法目标。驱动尽可能地充气（除了内核页之外全部），然后以`Out of puff!`停下：气球本身不会让客户机内存耗尽，`actual` 一直小于 `num_pages`。',
    },
    title: { en: 'A balloon bigger than the guest', zh: '比客户机还大的气球' },
  },
]
