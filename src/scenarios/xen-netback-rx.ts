import type { Phase } from './types.ts'

// netback receive (hw-facts §5.2 netif RX, §5.4 grant copy / transfer). Course notes seeds/004
// slide 37: the guest must post unused page frames; Xen exchanges the packet page for one; if no
// receive frame is available the packet is dropped.
export const phases: readonly Phase[] = [
  {
    id: 'connect',
    script: `xen domain 1
net connect 1 rx=copy
evtchn handle 0`,
    say: {
      en: 'DomU 1 gets netfront and Dom0 gets vif1.0 on xenbr0, in copy mode. Nothing is posted on the RX ring yet.',
      zh: 'DomU 1 得到 netfront，Dom0 在 xenbr0 上得到 vif1.0，采用复制模式。RX 环上还没有投放任何缓冲区。',
    },
    title: { en: 'Connect in copy mode', zh: '以复制模式连接' },
    setup: true,
  },
  {
    id: 'drop',
    questions: [{ step: 1, kind: 'rx-outcome' }],
    script: 'net receive vif1.0 60',
    say: {
      en: 'A 60-byte packet for vif1.0 arrives on eth0 and crosses the bridge. The RX ring holds no empty buffer from DomU, so netback has nowhere to put it: the packet is dropped.',
      zh: '一个发往 vif1.0 的 60 字节数据包从 eth0 到达并穿过网桥。RX 环上没有 DomU 提供的空缓冲区，netback 无处存放：数据包被丢弃。',
    },
    title: { en: 'No buffer: dropped', zh: '没有缓冲区：丢弃' },
  },
  {
    id: 'post',
    questions: [{ step: 1, kind: 'grant-count' }],
    script: `net post-rx vif1.0 2
evtchn handle 0`,
    say: {
      en: 'netfront posts 2 empty receive buffers: each RX request carries the grant ref of an empty page. This is how the guest says where packets may go.',
      zh: 'netfront 投放 2 个空接收缓冲区：每个 RX 请求携带一个空页的授权引用。客户机就是这样告诉后端数据包可以放在哪里。',
    },
    title: { en: 'Post 2 buffers', zh: '提供 2 个缓冲区' },
  },
  {
    id: 'copy',
    questions: [{ step: 1, kind: 'rx-outcome' }],
    script: `net receive vif1.0 60
evtchn handle 1
net poll vif1.0`,
    say: {
      en: 'The next packet is copied by Xen (grant copy) into the first posted page; the RX response gives its size, 60. netfront takes it off the ring.',
      zh: '下一个数据包由 Xen（授权复制）复制到第一个投放的页中；RX 响应给出长度 60。netfront 把它从环上取走。',
    },
    title: { en: 'Grant copy into a buffer', zh: '授权复制到缓冲区' },
  },
  {
    id: 'flip',
    questions: [{ step: 20, kind: 'rx-outcome' }],
    script: `xen domain 2
net connect 2 rx=flip
evtchn handle 0
net post-rx vif2.0 1
net receive vif2.0 60
net poll vif2.0`,
    say: {
      en: 'DomU 2 uses the original page-flip scheme: its RX request carries an accept-transfer grant instead of an empty page, and Dom0 hands over the whole page that holds the packet instead of copying it (the guest gives back one page per buffer it posts). Linux netback today only copies: remapping pages, with the TLB flushes it needs, costs more than copying a packet.',
      zh: 'DomU 2 使用最初的页交换（翻页）方式：它的 RX 请求携带一个接受转移（accept_transfer）的授权，而不是空页；Dom0 把装着数据包的整页交出去，而不是复制（客户机每投放一个缓冲区就归还一个页）。如今 Linux 的 netback 只做复制：重新映射页以及随之而来的 TLB 刷新，比复制一个数据包更昂贵。',
    },
    title: { en: 'Page flip (DomU 2)', zh: '页翻转（DomU 2）' },
  },
]
