import type { Phase } from './types.ts'

// EVENT_IDX across the 16-bit wrap (hw-facts.md §6, hw-facts-2 §2.3): the ring's indices are
// free-running 16-bit counters, so after 65534 packets the next four are 65534, 65535, 0, 1.
// vring_need_event compares by differences modulo 2^16, so the suppression still works.
export const phases: readonly Phase[] = [
  {
    id: 'handshake',
    setup: true,
    script: `virtio device vhost msix
virtio status acknowledge
virtio status driver
virtio features version_1 event_idx
virtio status features_ok
virtio queue size=8 at=0x10000
virtio status driver_ok`,
    say: {
      en: 'A virtio-net device behind vhost-net, with EVENT_IDX negotiated: the driver and the device say, by index, which entry they want to hear about next.',
      zh: '一个由 vhost-net 服务的 virtio-net 设备，已协商 EVENT_IDX：驱动与设备用索引说明下一次想在哪一项上得到通知。',
    },
    title: { en: 'EVENT_IDX negotiated', zh: '协商 EVENT_IDX' },
  },
  {
    id: 'burst',
    script: 'virtio burst 65534',
    say: {
      en: 'The guest has sent 65534 packets one at a time. One at a time means every packet kicked and every packet interrupted: each side had asked for exactly the next entry. avail->idx and used->idx now stand at 65534, two short of the wrap.',
      zh: '客户机已经一个一个地发送了 65534 个包。一次一个，意味着每个包都通知、每个包都中断：双方要的都恰好是下一项。`avail->idx` 与 `used->idx` 现在都是 65534，离回绕还差 2。',
    },
    title: { en: '65534 packets later', zh: '65534 个包之后' },
  },
  {
    id: 'publish',
    questions: [{ step: 13, kind: 'notify' }],
    script: `virtio add 0x20000:1514
virtio add 0x20800:1514
virtio add 0x21000:1514
virtio add 0x21800:1514
virtio kick`,
    say: {
      en: 'Four packets go out together: entries 65534, 65535, 0 and 1. avail->idx goes 65534 → 65535 → 0 → 1 → 2. The kick check is vring_need_event(avail_event 65534, new 2, old 65534): (2 − 65534 − 1) mod 65536 = 3, which is below 2 − 65534 mod 65536 = 4, so entry 65534 is among those published and the driver kicks once.',
      zh: '四个包一起发出：第 65534、65535、0、1 项。`avail->idx` 依次变为 65534 → 65535 → 0 → 1 → 2。通知判断是 `vring_need_event(avail_event 65534, new 2, old 65534)`：(2 − 65534 − 1) mod 65536 = 3，小于 (2 − 65534) mod 65536 = 4，所以第 65534 项在刚发布的范围里，驱动通知一次。',
    },
    title: { en: 'Four entries across the wrap', zh: '跨越回绕的四项' },
  },
  {
    id: 'delayed',
    questions: [
      { step: 2, kind: 'used-idx' },
      { step: 19, kind: 'notify' },
    ],
    script: `virtio event used=1
virtio process`,
    say: {
      en: 'Like virtio-net’s virtqueue_enable_cb_delayed, the driver asks to be interrupted only when three quarters of the four are done: used_event = 65534 + 3 = 1 after the wrap. The worker publishes all four with one used->idx update, 65534 → 2, and checks vring_need_event(1, 2, 65534): (2 − 1 − 1) = 0 < 4, so it interrupts. Had the driver asked for 65535 it would be 2 < 4, also yes.',
      zh: '就像 virtio-net 的 `virtqueue_enable_cb_delayed`，驱动只要求在四项完成四分之三时才中断：`used_event` = 65534 + 3，回绕后是 1。工作线程用一次 `used->idx` 更新（65534 → 2）发布全部四项，并判断 `vring_need_event(1, 2, 65534)`：(2 − 1 − 1) = 0 < 4，所以中断。若驱动要的是 65535，也是 2 < 4，同样中断。',
    },
    title: { en: 'An interrupt asked after the wrap', zh: '回绕之后请求的中断' },
  },
  {
    id: 'reclaim',
    script: 'virtio reclaim',
    say: {
      en: 'The driver reclaims the four chains and re-arms with used_event = 2, the next entry.',
      zh: '驱动回收这四条链，并用 `used_event` = 2（下一项）重新开启中断。',
    },
    title: { en: 'Reclaim across the wrap', zh: '跨越回绕回收' },
  },
  {
    id: 'again',
    questions: [{ step: 38, kind: 'notify' }],
    script: `virtio burst 65532
virtio event used=2
virtio add 0x20000:1514
virtio add 0x20800:1514
virtio add 0x21000:1514
virtio add 0x21800:1514
virtio kick
virtio process`,
    say: {
      en: 'Another 65532 packets bring the indices back to 65534. This time the driver leaves used_event at 2, the entry after the four it publishes. The worker again publishes 65534 → 2 and checks vring_need_event(2, 2, 65534): (2 − 2 − 1) mod 65536 = 65535, not below 4. Entry 2 has not been published yet, so the interrupt is suppressed; it would have been for 65533 too, an entry already passed.',
      zh: '再发 65532 个包，索引又回到 65534。这次驱动让 `used_event` 保持为 2，即它所发布四项之后的那一项。工作线程再次发布 65534 → 2，并判断 `vring_need_event(2, 2, 65534)`：(2 − 2 − 1) mod 65536 = 65535，不小于 4。第 2 项还没有发布，所以中断被抑制；若是已经过去的 65533，同样会被抑制。',
    },
    title: { en: 'An interrupt not yet due', zh: '尚未到期的中断' },
  },
]
