import type { Phase } from './types.ts'

// Notification suppression: the push rule of hw-facts §5.1 notifies only when req_event lies
// in (old, new]; a busy backend leaves req_event behind, so later pushes stay silent until its
// final check re-arms it. Course notes seeds/004 slide 33 (defer handling by number of requests).
export const phases: readonly Phase[] = [
  {
    id: 'create',
    script: 'ring create r proto=blkif',
    say: {
      en: 'A 32-slot blkif ring. req_event = 1: the backend wants to hear about the very first request.',
      zh: '一个 32 槽的 blkif 环。req_event = 1：后端希望第一个请求到来时就被通知。',
    },
    title: { en: 'A 32-slot ring', zh: '32 槽的环' },
  },
  {
    id: 'first-batch',
    questions: [{ step: 2, kind: 'notify' }],
    script: `ring r front queue 4
ring r front push`,
    say: {
      en: 'The frontend queues 4 requests and pushes req_prod from 0 to 4. req_event 1 lies in (0, 4], so it notifies: one event channel send for a batch of 4.',
      zh: '前端排队 4 个请求，把 req_prod 从 0 推到 4。req_event 1 落在 (0, 4] 中，所以发出通知：4 个请求一批，只发一次事件通道信号。',
    },
    title: { en: 'A batch of 4, one event', zh: '4 个请求，一次通知' },
  },
  {
    id: 'suppressed',
    questions: [
      { step: 2, kind: 'notify' },
      { step: 4, kind: 'ring-prod' },
    ],
    script: `ring r front queue 4
ring r front push
ring r front queue 4
ring r front push`,
    say: {
      en: 'The backend is still working and has not touched req_event. Pushing 4 → 8 and 8 → 12: req_event 1 is not in (4, 8] or (8, 12], so both notifications are suppressed. The backend will find these requests anyway, because it checks the ring before it sleeps.',
      zh: '后端仍在工作，没有改动 req_event。推送 4 → 8 与 8 → 12 时，req_event 1 不在 (4, 8] 或 (8, 12] 中，所以两次通知都被抑制。后端照样会发现这些请求，因为它在睡眠前会检查环。',
    },
    title: { en: 'Notifications suppressed', zh: '通知被抑制' },
  },
  {
    id: 'drain',
    questions: [{ step: 1, kind: 'ring-pending' }],
    script: `ring r back consume
ring r back queue 12
ring r back push`,
    say: {
      en: 'The backend consumes all 12 requests in one pass, writes 12 responses and pushes rsp_prod 0 → 12. rsp_event 1 is in (0, 12]: one notification for 12 responses.',
      zh: '后端一次取走全部 12 个请求，写入 12 个响应，把 rsp_prod 从 0 推到 12。rsp_event 1 落在 (0, 12] 中：12 个响应只通知一次。',
    },
    title: { en: 'The backend drains the ring', zh: '后端清空环' },
  },
  {
    id: 're-arm',
    script: 'ring r back final-check',
    say: {
      en: 'Nothing is left, so RING_FINAL_CHECK_FOR_REQUESTS sets req_event = req_cons + 1 = 13 and looks again. This is the moment the backend asks to be woken.',
      zh: '没有剩余请求，RING_FINAL_CHECK_FOR_REQUESTS 设置 req_event = req_cons + 1 = 13 并再查看一次。正是此刻，后端请求被唤醒。',
    },
    title: { en: 'The backend re-arms', zh: '后端重新请求通知' },
  },
  {
    id: 'notify-again',
    questions: [{ step: 3, kind: 'notify' }],
    script: `ring r front consume
ring r front queue 1
ring r front push`,
    say: {
      en: 'The frontend collects the responses and sends request 13: req_event 13 lies in (12, 13], so this push notifies again.',
      zh: '前端取走响应后发出第 13 个请求：req_event 13 落在 (12, 13] 中，所以这次推送再次通知。',
    },
    now: {
      en: 'In all, 13 requests and 12 responses cost 3 notifications (2 to the backend, 1 to the frontend), and 2 pushes notified nobody: without suppression every push would have notified.',
      zh: '总计：13 个请求和 12 个响应只用了 3 次通知（2 次发给后端，1 次发给前端），另有 2 次推送没有通知任何一方；若没有抑制，每次推送都会通知。',
    },
    title: { en: 'Request 13 notifies', zh: '第 13 个请求触发通知' },
  },
]
