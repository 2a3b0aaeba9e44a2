import type { Phase } from './types.ts'

// blkfront/blkback (hw-facts §5.3 blkif, §5.4 grants, §5.5 event channels). Course notes:
// seeds/000 (split device driver model: the real driver lives in Dom0), seeds/004 slides 38-39
// (virtual block device, zero-copy into pages of the requesting domain).
export const phases: readonly Phase[] = [
  {
    id: 'guest',
    script: 'xen domain 1',
    say: {
      en: 'Xen runs Dom0, which owns the real disk and its driver, and now a guest, DomU 1, which has no device access of its own.',
      zh: 'Xen 上运行着 Dom0，它拥有真实磁盘及其驱动；现在又有了客户域 DomU 1，它自己不能直接访问设备。',
    },
    title: { en: 'DomU 1 starts', zh: 'DomU 1 启动' },
    setup: true,
  },
  {
    id: 'connect',
    script: `blk connect xvda front=1
evtchn handle 0`,
    say: {
      en: 'Split driver: blkfront in DomU allocates the ring page and grants it to Dom0; blkback maps it. The two bind an interdomain event channel (binding leaves Dom0’s port pending once, which Dom0 handles).',
      zh: '分离驱动：DomU 中的 blkfront 分配环页并授权给 Dom0；blkback 映射它。双方绑定一条域间事件通道（绑定时 Dom0 的端口会挂起一次，Dom0 随即处理）。',
    },
    title: { en: 'Connect front and back', zh: '连接前端与后端' },
    setup: true,
  },
  {
    id: 'request',
    questions: [
      { step: 1, kind: 'grant-count' },
      { step: 5, kind: 'notify' },
    ],
    script: 'blk read xvda 0 count=16',
    say: {
      en: 'To read 16 sectors (8 KiB) blkfront grants two of its own pages, writable by Dom0, and puts one BLKIF_OP_READ request with 2 segments into the ring. The request carries grant references, not data. The push notifies Dom0 over the event channel.',
      zh: '为读取 16 个扇区（8 KiB），blkfront 把自己的两个页授权给 Dom0 可写，并在环中放入一个带 2 个段的 BLKIF_OP_READ 请求。请求里携带的是授权引用，而不是数据。推送通过事件通道通知 Dom0。',
    },
    title: { en: 'A read request with grants', zh: '带授权的读请求' },
  },
  {
    id: 'backend',
    questions: [
      { step: 3, kind: 'grant-count' },
      { step: 9, kind: 'notify' },
    ],
    script: `evtchn handle 0
blk backend xvda`,
    say: {
      en: 'Dom0 takes the event, consumes the request, maps each granted page, lets the real disk driver fill it, unmaps it and pushes a response. The data lands directly in DomU’s pages: no copy through Xen.',
      zh: 'Dom0 处理事件，消费请求，映射每个授权页，由真实磁盘驱动填入数据，再解除映射并推送响应。数据直接落入 DomU 的页中：不经过 Xen 复制。',
    },
    title: { en: 'blkback serves it', zh: 'blkback 处理请求' },
  },
  {
    id: 'complete',
    script: `evtchn handle 1
blk complete xvda`,
    say: {
      en: 'The response event wakes DomU. blkfront reads the response, ends the two data grants so Dom0 can no longer touch those pages, and final-checks the ring.',
      zh: '响应事件唤醒 DomU。blkfront 读取响应，撤销两个数据页的授权，使 Dom0 再也不能访问这些页，并对环做最终检查。',
    },
    title: { en: 'blkfront completes', zh: 'blkfront 完成读取' },
  },
]
