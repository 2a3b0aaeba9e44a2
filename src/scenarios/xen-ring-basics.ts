import type { Phase } from './types.ts'

// One request and one response through a blkif ring, with the ring.h rules of hw-facts §5.1
// and the sizes of §5.3. Course notes: seeds/002 (a ring buffer with head and tail pointers),
// seeds/004 slides 28-31 (I/O descriptor ring).
export const phases: readonly Phase[] = [
  {
    id: 'create',
    script: 'ring create r proto=blkif',
    say: {
      en: 'The frontend (DomU) and backend (Dom0) share one 4 KiB page. After a 64-byte header come the slots: (4096 − 64) / 112 = 36 blkif requests fit, rounded down to a power of two: 32 slots. All indices start at 0; req_event and rsp_event start at 1.',
      zh: '前端（DomU）和后端（Dom0）共享一个 4 KiB 页。64 字节的头部之后是槽位：(4096 − 64) / 112 = 36 个 blkif 请求放得下，向下取整到 2 的幂：32 个槽。所有索引从 0 开始；req_event 和 rsp_event 从 1 开始。',
    },
    title: { en: 'A shared page, 32 slots', zh: '共享页，32 个槽' },
  },
  {
    id: 'queue',
    script: 'ring r front queue 1',
    say: {
      en: 'The frontend writes a request into slot 0 and advances its private req_prod_pvt to 1. The shared req_prod is still 0, so the backend cannot see it yet.',
      zh: '前端把一个请求写入 0 号槽，并把私有的 req_prod_pvt 推进到 1。共享的 req_prod 仍是 0，所以后端还看不到它。',
    },
    title: { en: 'Queue a request', zh: '放入请求' },
  },
  {
    id: 'push',
    questions: [{ step: 1, kind: 'notify' }],
    script: 'ring r front push',
    say: {
      en: 'RING_PUSH_REQUESTS_AND_CHECK_NOTIFY publishes req_prod = 1 and compares: (new − req_event) = 0 < (new − old) = 1, i.e. req_event 1 lies in (0, 1]. The backend asked to hear about request 1, so the frontend notifies it through the event channel.',
      zh: 'RING_PUSH_REQUESTS_AND_CHECK_NOTIFY 发布 req_prod = 1 并比较：(new − req_event) = 0 < (new − old) = 1，即 req_event 1 落在 (0, 1] 中。后端要求在第 1 个请求到来时被告知，所以前端通过事件通道通知它。',
    },
    title: { en: 'Push and notify', zh: '发布并通知' },
  },
  {
    id: 'consume',
    questions: [{ step: 1, kind: 'ring-pending' }],
    script: 'ring r back consume',
    say: {
      en: 'Woken by the event, the backend reads the request between req_cons and req_prod, copies it out of the slot and advances its private req_cons to 1.',
      zh: '后端被事件唤醒，读取 req_cons 与 req_prod 之间的请求，把它从槽中复制出来，并把私有的 req_cons 推进到 1。',
    },
    title: { en: 'The backend consumes', zh: '后端取走请求' },
  },
  {
    id: 'respond',
    questions: [{ step: 2, kind: 'ring-prod' }],
    script: `ring r back queue 1
ring r back push`,
    say: {
      en: 'The backend writes the response into the same slot 0 (each slot is a union of request and response), then pushes rsp_prod to 1. rsp_event is 1, inside (0, 1], so the frontend is notified.',
      zh: '后端把响应写回同一个 0 号槽（每个槽是请求与响应的联合体），然后把 rsp_prod 推进到 1。rsp_event 为 1，落在 (0, 1] 中，所以通知前端。',
    },
    title: { en: 'Respond and notify', zh: '响应并通知' },
  },
  {
    id: 'back-idle',
    script: 'ring r back final-check',
    say: {
      en: 'Before sleeping, the backend runs RING_FINAL_CHECK_FOR_REQUESTS: nothing is left, so it sets req_event = req_cons + 1 = 2 and looks once more. The next request will wake it.',
      zh: '睡眠之前，后端执行 RING_FINAL_CHECK_FOR_REQUESTS：没有剩余请求，于是设置 req_event = req_cons + 1 = 2 并再查看一次。下一个请求会唤醒它。',
    },
    title: { en: 'The backend’s final check', zh: '后端最后检查' },
  },
  {
    id: 'front-done',
    script: `ring r front consume
ring r front final-check`,
    say: {
      en: 'The frontend takes the response, which frees slot 0 again, and re-arms rsp_event for the next response.',
      zh: '前端取走响应，0 号槽重新空闲，并为下一个响应重新设置 rsp_event。',
    },
    now: {
      en: 'rsp_cons = 1 and rsp_event = 2. Both sides are idle and every index reads 1.',
      zh: 'rsp_cons = 1，rsp_event = 2。两侧都已空闲，各生产者和消费者索引都是 1。',
    },
    title: { en: 'The frontend takes the response', zh: '前端取走响应' },
  },
]
