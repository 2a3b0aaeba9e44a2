import type { Phase } from './types.ts'

// Free-running u32 indices and masking (hw-facts §5.1: RING_IDX is unsigned 32-bit, slot =
// idx & (RING_SIZE − 1); notify iff req_event in (old, new] modulo 2^32).
export const phases: readonly Phase[] = [
  {
    id: 'create',
    script: 'ring create w proto=raw size=8 start=0xfffffffd',
    say: {
      en: 'Real rings start every index at 0 (SHARED_RING_INIT). Here every index starts at 0xfffffffd = 4294967293, as if 4 billion messages had already gone round, so we can watch the wrap. The indices are never reset: they are free-running 32-bit counters, masked only to pick a slot.',
      zh: '真实的环把所有索引初始化为 0（SHARED_RING_INIT）。这里所有索引从 0xfffffffd = 4294967293 开始，就像已经有 40 多亿条消息转过，好让我们观察回绕。索引从不清零：它们是自由递增的 32 位计数器，只在选槽时取掩码。',
    },
    title: { en: 'Indices near 2^32', zh: '索引接近 2^32' },
  },
  {
    id: 'near-top',
    questions: [{ step: 2, kind: 'ring-prod' }],
    script: `ring w front queue 2
ring w front push`,
    say: {
      en: '4294967293 & 7 = 5, so the two requests land in slots 5 and 6. req_prod goes 4294967293 → 4294967295; req_event 4294967294 is in that range, so the push notifies.',
      zh: '4294967293 & 7 = 5，所以两个请求落在 5 号和 6 号槽。req_prod 从 4294967293 变为 4294967295；req_event 4294967294 在此区间内，所以推送发出通知。',
    },
    title: { en: 'Slots 5 and 6', zh: '槽 5 和 6' },
  },
  {
    id: 'answer',
    script: `ring w back consume
ring w back queue 2
ring w back push`,
    say: {
      en: 'The backend consumes both and answers in the same slots 5 and 6; rsp_prod reaches 4294967295.',
      zh: '后端取走两个请求，并在同样的 5 号和 6 号槽中写入响应；rsp_prod 到达 4294967295。',
    },
    title: { en: 'The backend answers', zh: '后端响应' },
  },
  {
    id: 'arm-at-zero',
    script: `ring w back final-check
ring w front consume
ring w front final-check`,
    say: {
      en: 'Both sides re-arm at cons + 1 = 4294967295 + 1, which in 32 bits is 0: req_event and rsp_event now read 0, smaller than the producer indices.',
      zh: '两侧都在 cons + 1 = 4294967295 + 1 处重新设置事件索引，在 32 位下这就是 0：req_event 和 rsp_event 现在是 0，比生产者索引还小。',
    },
    title: { en: 'Re-armed at 0', zh: '回绕后在 0 处重新设置' },
  },
  {
    id: 'wrap',
    questions: [
      { step: 1, kind: 'ring-slots' },
      { step: 2, kind: 'ring-prod' },
    ],
    script: `ring w front queue 3
ring w front push`,
    say: {
      en: 'Three requests go to slots 7, 0, 1 and req_prod wraps from 4294967295 to 2. The rule still works in unsigned arithmetic: (2 − 0) = 2 < (2 − 4294967295) mod 2^32 = 3, so req_event 0 lies in (old, new] and the push notifies.',
      zh: '三个请求写入 7、0、1 号槽，req_prod 从 4294967295 回绕到 2。规则在无符号运算下依然成立：(2 − 0) = 2 < (2 − 4294967295) mod 2^32 = 3，所以 req_event 0 落在 (old, new] 中，推送发出通知。',
    },
    title: { en: 'req_prod wraps', zh: 'req_prod 回绕' },
  },
  {
    id: 'mask',
    questions: [{ step: 1, kind: 'ring-pending' }],
    script: 'ring w back consume',
    say: {
      en: 'The backend sees req_prod − req_cons = 2 − 4294967295 = 3 (mod 2^32) requests and takes slots 7, 0, 1. Masking works across the wrap because 2^32 is a multiple of the ring size (a power of two), so idx & 7 keeps counting 7, 0, 1 without a jump.',
      zh: '后端算出 req_prod − req_cons = 2 − 4294967295 = 3（模 2^32）个请求，取走 7、0、1 号槽。掩码在回绕处依然正确，因为 2^32 是环大小（2 的幂）的整数倍，所以 idx & 7 连续地数出 7、0、1，没有跳变。',
    },
    title: { en: 'Masking across the wrap', zh: '跨回绕的掩码' },
  },
]
