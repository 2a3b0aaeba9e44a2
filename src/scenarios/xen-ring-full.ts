import type { Phase } from './types.ts'

// RING_FREE_REQUESTS = RING_SIZE − (req_prod_pvt − rsp_cons); RING_FULL when it is 0
// (hw-facts §5.1). A slot is free only after the frontend has consumed its response.
export const phases: readonly Phase[] = [
  {
    id: 'create',
    script: 'ring create f proto=raw size=4',
    say: {
      en: 'A raw ring of 4 slots, small enough to fill by hand. (A real blkif ring has 32, a netif ring 256.)',
      zh: '一个 4 槽的原始（`raw`）环，小到可以手工填满。（真实的 blkif 环有 32 槽，netif 环有 256 槽。）',
    },
    title: { en: 'A 4-slot ring', zh: '4 槽的环' },
  },
  {
    id: 'fill',
    questions: [{ step: 2, kind: 'notify' }],
    script: `ring f front queue 4
ring f front push`,
    say: {
      en: 'The frontend queues 4 requests: RING_FREE_REQUESTS = 4 − (req_prod_pvt 4 − rsp_cons 0) = 0, so RING_FULL is true. It must not write a fifth request: that would overwrite slot 0 before its response is read.',
      zh: '前端排队 4 个请求：RING_FREE_REQUESTS = 4 − (req_prod_pvt 4 − rsp_cons 0) = 0，RING_FULL 为真。前端不能再写第 5 个请求：那会在 0 号槽的响应被读取之前把它覆盖。',
    },
    title: { en: 'Fill it: RING_FULL', zh: '填满：RING_FULL' },
  },
  {
    id: 'still-full',
    questions: [{ step: 1, kind: 'ring-pending' }],
    script: `ring f back consume
ring f back queue 2
ring f back push`,
    say: {
      en: 'The backend consumes all 4 and answers 2 of them. The ring is still full from the frontend’s view: a slot is free only after its response has been consumed (rsp_cons is still 0).',
      zh: '后端取走全部 4 个请求，并回答了其中 2 个。从前端看环仍然是满的：只有响应被消费后，槽位才空闲（rsp_cons 仍是 0）。',
    },
    title: { en: 'Still full', zh: '仍然是满的' },
  },
  {
    id: 'free',
    questions: [
      { step: 2, kind: 'ring-slots' },
      { step: 3, kind: 'notify' },
    ],
    script: `ring f front consume
ring f front queue 2
ring f front push`,
    say: {
      en: 'The frontend consumes the 2 responses: rsp_cons = 2, so 2 slots are free again. It reuses slots 0 and 1 for requests 4 and 5 (indices 4 and 5 masked with & 3).',
      zh: '前端消费这 2 个响应：rsp_cons = 2，于是又有 2 个槽空闲。它用 0 号和 1 号槽存放第 4、5 个请求（索引 4 和 5 与 3 相与）。',
    },
    title: { en: 'Responses free slots', zh: '取走响应，释放槽' },
  },
]
