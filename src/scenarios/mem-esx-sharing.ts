import type { Phase } from './types.ts'

// ESX content-based page sharing (WAL02 §4, hw-facts-2 §3.2): hash, hint frame, full compare,
// one read-only shared frame with a reference count, and the copy-on-write break.
export const phases: readonly Phase[] = [
  {
    id: 'twins',
    setup: true,
    script: `mem host 48 seed=3
mem vm a 16 kernel=6 anon=4 cache=4 active=8 image=linux
mem vm b 16 kernel=6 anon=4 cache=4 active=8 image=linux`,
    say: {
      en: 'Two guests booted from the same image: their kernel and page-cache pages hold the same bytes, in different machine frames. Their workloads (anonymous pages) differ, and each has 2 free pages it zeroed. 32 of 48 frames are in use.',
      zh: '两台从同一镜像启动的客户机：它们的内核页和页缓存页内容相同，但位于不同的机器页框。它们的负载（匿名页）不同，各有 2 个清零的空闲页。48 个页框中用了 32 个。',
    },
    title: { en: 'Two guests, one image', zh: '两台客户机，一个镜像' },
  },
  {
    id: 'hint',
    questions: [{ step: 1, kind: 'share-outcome' }],
    script: 'mem share a 2',
    say: {
      en: 'ESX scans pages (at random, a few per second). It hashes a’s kernel page 2 with a 64-bit hash and looks it up in its one global table. No match: it stores a hint frame, the hash with a back-reference to (a, page 2). The page is not shared and stays writable.',
      zh: 'ESX 扫描页（随机顺序，每秒若干页）。它用 64 位哈希计算 a 的内核页 2，然后在唯一的全局表中查找。没有匹配：它存下一个提示项，即哈希加上指向（a，页 2）的反向引用。这个页没有被共享，仍然可写。',
    },
    title: { en: 'Hash and hint', zh: '哈希与提示项' },
  },
  {
    id: 'merge',
    questions: [{ step: 1, kind: 'share-outcome' }],
    script: 'mem share b 2',
    say: {
      en: 'b’s page 2 has the same hash. A hash match is not proof, so ESX compares the two pages byte for byte; they are equal. Both guests’ P2M entries now point at one machine frame, read-only, with a reference count of 2, and b’s frame is free.',
      zh: 'b 的页 2 哈希相同。哈希相同不等于内容相同，所以 ESX 逐字节比较两个页；它们相等。两台客户机的 P2M 项现在都只读地指向同一个机器页框，引用计数为 2，b 原来的页框被释放。',
    },
    title: { en: 'Full compare, one frame', zh: '逐字节比较，合并为一个页框' },
  },
  {
    id: 'zero',
    questions: [{ step: 3, kind: 'share-outcome' }],
    script: `mem share a 14
mem share b 14
mem share b 15
mem share a 15`,
    say: {
      en: 'Zeroed free pages are the best case: every one of them matches. The first makes a hint, the second merges with it, and every later one joins the shared frame, its reference count going up to 4.',
      zh: '清零的空闲页是最好的情况：它们全都匹配。第一个生成提示项，第二个与之合并，之后的每一个都加入这个共享页框，引用计数一直涨到 4。',
    },
    title: { en: 'The zero page', zh: '全零页' },
  },
  {
    id: 'unique',
    script: 'mem share a 7',
    say: {
      en: 'A page of a’s own workload: its hash is new, so it gets a hint that may never match. The table holds one 16-byte entry per page hashed, under 0.5 % of memory.',
      zh: 'a 自己负载的一个页：它的哈希是新的，所以得到一个也许永远不会匹配的提示项。表中每个求过哈希的页占一个 16 字节的表项，不到内存的 0.5%。',
    },
    title: { en: 'A page nobody shares', zh: '没人共享的页' },
  },
  {
    id: 'cow',
    questions: [{ step: 1, kind: 'write-fault' }],
    script: 'mem write b 2 content=patched',
    say: {
      en: 'Guest b writes to its page 2, which it believes is its own. The P2M entry is read-only, so the store faults into the hypervisor: copy-on-write. b gets a private copy in a new frame, mapped writable; the shared frame’s count drops to 1, and a still sees the old contents.',
      zh: '客户机 b 写它的页 2，它以为这个页是自己的。P2M 项是只读的，所以这次写入引起缺页，进入虚拟机监控器：写时复制。b 在新页框中得到一份可写的私有副本；共享页框的计数降到 1，a 仍看到原来的内容。',
    },
    title: { en: 'A write breaks the sharing', zh: '一次写打破共享' },
  },
  {
    id: 'last',
    questions: [{ step: 1, kind: 'write-fault' }],
    script: 'mem write a 2 content=patched2',
    say: {
      en: 'Now a writes its page 2. It holds the only reference left, so no copy is needed: the frame simply becomes a’s private, writable frame again, and its table entry goes.',
      zh: '现在 a 写它的页 2。它持有剩下的唯一引用，所以不用复制：这个页框直接变回 a 私有、可写的页框，表项也随之删除。',
    },
    title: { en: 'The last reference', zh: '最后一个引用' },
  },
]
