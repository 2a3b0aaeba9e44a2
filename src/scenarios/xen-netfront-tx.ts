import type { Phase } from './types.ts'

// netfront/netback transmit (hw-facts §5.2 netif, §5.4 grant copy). Course notes seeds/000
// (vifN.M in Dom0, bridge xenbr0, MAC 00:16:3e), seeds/004 slides 34-36 (packet transmission).
export const phases: readonly Phase[] = [
  {
    id: 'connect',
    script: `xen domain 1
net connect 1
evtchn handle 0`,
    say: {
      en: 'netfront in DomU 1 is its eth0; in Dom0 the backend appears as vif1.0 (domain 1, device 0), a port on the bridge xenbr0 next to the physical eth0. The MAC is in Xen’s 00:16:3e range. TX and RX rings have 256 slots each.',
      zh: 'DomU 1 中的 netfront 就是它的 eth0；在 Dom0 中后端表现为 vif1.0（域 1、设备 0），是网桥 xenbr0 上的一个端口，与物理网卡 eth0 并列。MAC 地址属于 Xen 的 00:16:3e 范围。TX 环和 RX 环各有 256 个槽。',
    },
    title: { en: 'Connect vif1.0', zh: '连接 vif1.0' },
    setup: true,
  },
  {
    id: 'send',
    questions: [
      { step: 4, kind: 'notify' },
      { step: 11, kind: 'notify' },
    ],
    script: `net send vif1.0 98
net send vif1.0 60`,
    say: {
      en: 'Each packet sits in a page DomU grants read-only to Dom0; the TX request carries the grant ref, offset and size. The first push notifies; the second does not, because netback has not re-armed req_event yet.',
      zh: '每个数据包放在 DomU 以只读方式授权给 Dom0 的页中；TX 请求携带授权引用、偏移和长度。第一次推送发出通知；第二次没有，因为 netback 还没有重新设置 req_event。',
    },
    title: { en: 'Send two packets', zh: '发送两个数据包' },
  },
  {
    id: 'backend',
    questions: [
      { step: 2, kind: 'ring-pending' },
      { step: 3, kind: 'grant-count' },
    ],
    script: `evtchn handle 0
net backend-tx vif1.0`,
    say: {
      en: 'netback consumes both requests, copies each packet out of the granted page with a grant copy, forwards it through xenbr0 to eth0 and answers on the ring.',
      zh: 'netback 取走两个请求，用授权复制把每个包从授权页中复制出来，经 xenbr0 转发到 eth0，并在环上回复。',
    },
    title: { en: 'netback copies and forwards', zh: 'netback 复制并转发' },
  },
  {
    id: 'poll',
    script: `evtchn handle 1
net poll vif1.0`,
    say: {
      en: 'netfront collects the TX responses and ends the grants: the packet pages are its own again.',
      zh: 'netfront 取走 TX 响应并撤销授权：这些包所在的页重新完全归它自己。',
    },
    title: { en: 'netfront ends the grants', zh: 'netfront 结束授权' },
  },
]
