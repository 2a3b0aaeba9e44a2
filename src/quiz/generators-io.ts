// Question generators for the Xen, I/O, CPU, memory-overcommit, migration and scheduling
// scenarios (issue 19, docs/questions.md). Like generators.ts: each reads the step's events
// (`lineEvents`) and, where a question needs context, the frames before it; the right answer and
// every number in the explanation come from those events. Pure: no React, no DOM, no clock.
import type { Localized } from '../console/index.ts'
import {
  type EngineEvent,
  type Frame,
  type Result,
  ICR,
  err,
  icrNames,
  ok,
} from '../engine/index.ts'
import { describeEvent } from '../narration/index.ts'
import type { QuestionKind } from '../scenarios/types.ts'
import {
  type Choice,
  type Generated,
  type QuestionContext,
  type QuestionError,
  lineEvents,
} from './types.ts'
import { spaceZh } from './zh.ts'

type Gen = (ctx: QuestionContext) => Result<Generated, QuestionError>
type Option = Choice & { readonly key: number }

const L = (en: string, zh: string): Localized => ({ en, zh: spaceZh(zh) })
const hex = (n: number | bigint): string => `0x${n.toString(16)}`
const u32 = (n: number) => n >>> 0
const u16 = (n: number) => n & 0xffff
const plural = (n: number, one: string, many: string) => (n === 1 ? one : many)
/** A negative number with a real minus sign, as the options print it. */
const minus = (n: number) => (n < 0 ? `−${-n}` : String(n))

function missing(kind: QuestionKind, what: Localized): Result<Generated, QuestionError> {
  return err({
    code: 'no-event',
    kind,
    message: L(
      `no ${what.en} at this step, so "${kind}" has nothing to ask`,
      `这一步没有${what.zh}，\`${kind}\`无从提问`,
    ),
  })
}

/** The right option and wrong ones (duplicates of it dropped), at most `n`, sorted by key then id. */
function pick(right: Option, wrong: readonly Option[], n = 4): Choice[] {
  const seen = new Set([right.id])
  const all = [right]
  for (const w of wrong) {
    if (all.length >= n) break
    if (seen.has(w.id)) continue
    seen.add(w.id)
    all.push(w)
  }
  return all
    .sort((a, b) => a.key - b.key || a.id.localeCompare(b.id))
    .map(({ id, label }) => ({ id, label }))
}

/** A multiple-choice question whose right option is `options[right]`. */
function choice(
  kind: QuestionKind,
  prompt: Localized,
  options: Readonly<Record<string, Localized>>,
  right: string,
  wrong: readonly string[],
  explanation: Localized,
): Result<Generated, QuestionError> {
  const ids = Object.keys(options)
  const opt = (id: string): Option => ({
    id,
    key: ids.indexOf(id),
    label: options[id] ?? L(id, id),
  })
  return ok({
    kind,
    type: 'choice',
    prompt,
    choices: pick(opt(right), wrong.filter((w) => w in options).map(opt)),
    answer: right,
    answerText: opt(right).label,
    explanation,
  })
}

function numeric(
  kind: QuestionKind,
  prompt: Localized,
  answer: number,
  explanation: Localized,
): Result<Generated, QuestionError> {
  return ok({
    kind,
    type: 'number',
    prompt,
    answer,
    answerText: L(String(answer), String(answer)),
    explanation,
  })
}

function first<K extends EngineEvent['kind']>(
  ctx: QuestionContext,
  ...kinds: K[]
): Extract<EngineEvent, { kind: K }> | null {
  for (const e of lineEvents(ctx))
    if ((kinds as string[]).includes(e.kind)) return e as Extract<EngineEvent, { kind: K }>
  return null
}

/** The frames before the step, newest first (for context such as names and earlier rounds). */
function* before(ctx: QuestionContext): Generator<Frame> {
  for (let i = ctx.index - 1; i >= 0; i--) {
    const f = ctx.frames[i]
    if (f) yield f
  }
}

/* ===================================================================== Xen rings */

const side = (s: string) =>
  s === 'front'
    ? {
        prod: 'req_prod',
        cons: 'rsp_cons',
        what: L('requests', '请求'),
        who: L('frontend', '前端'),
      }
    : {
        prod: 'rsp_prod',
        cons: 'req_cons',
        what: L('responses', '响应'),
        who: L('backend', '后端'),
      }

/** ring.h: the producer index after RING_PUSH_*: free-running u32. */
const ringProd: Gen = (ctx) => {
  const e = first(ctx, 'ring.push')
  if (!e) return missing('ring-prod', L('ring push', '环的`push`'))
  const s = side(e.side)
  const n = u32(e.new - e.old)
  const wrapped = e.old + n > 0xffffffff
  const wrapEn = wrapped
    ? ' Indices are free-running 32-bit counters, so it wraps past 4294967295 to 0.'
    : ''
  const wrapZh = wrapped ? '索引是自由增长的32位计数器，越过4294967295后回到0。' : ''
  return numeric(
    'ring-prod',
    L(
      `What will \`${s.prod}\` be after this push?`,
      `这次发布（\`push\`）之后\`${s.prod}\`是多少？`,
    ),
    e.new,
    L(
      `The ${s.who.en} publishes ${n} ${n === 1 ? s.what.en.slice(0, -1) : s.what.en}: \`${s.prod}\` = ${e.old} + ${n} = ${e.new} (mod 2^32).${wrapEn}`,
      `${s.who.zh}发布${n}个${s.what.zh}：\`${s.prod}\` = ${e.old} + ${n} = ${e.new}（模2^32）。${wrapZh}`,
    ),
  )
}

/** ring.h: the slot of index i is i & (size − 1) (MASK_XEN_RING_IDX). */
const ringSlots: Gen = (ctx) => {
  const e = first(ctx, 'ring.queue')
  if (!e || e.slots.length === 0) return missing('ring-slots', L('ring queue', '环入队'))
  const size = e.indices.size
  const pvt = e.side === 'front' ? e.indices.reqProdPvt : e.indices.rspProdPvt
  const n = e.slots.length
  const idx = Array.from({ length: n }, (_, i) => u32(pvt - n + i))
  const list = (xs: readonly number[]) => xs.join(', ')
  const right = list(e.slots)
  const s0 = e.slots[0] ?? 0
  const options: Record<string, Localized> = {}
  const add = (xs: readonly number[]) => {
    const k = list(xs)
    options[k] = L(`Slots ${k}`, `槽${k.replaceAll(', ', '、')}`)
  }
  add(e.slots)
  add(Array.from({ length: n }, (_, i) => s0 + i)) // forgot to wrap at the end of the ring
  add(Array.from({ length: n }, (_, i) => i)) // started at 0
  add(idx.map((i) => u32(i + 1) & (size - 1))) // off by one
  add(idx) // the index itself, unmasked
  const ids = Object.keys(options).filter((k) => k !== right)
  const pairs = idx.map((i, k) => `${i} → ${e.slots[k] ?? 0}`).join(', ')
  return choice(
    'ring-slots',
    L(
      `Which slots of the ${size}-slot ring do these ${n} ${side(e.side).what.en} go into?`,
      `这${n}个${side(e.side).what.zh}写入${size}槽环的哪些槽？`,
    ),
    options,
    right,
    ids,
    L(
      `A slot is index & (size − 1), i.e. the index mod ${size}: ${pairs}.`,
      `槽号 = 索引 & (size − 1)，即索引模${size}：${pairs.replaceAll(', ', '、')}。`,
    ),
  )
}

/** ring.h RING_HAS_UNCONSUMED_*: producer − consumer, in u32. */
const ringPending: Gen = (ctx) => {
  const e = first(ctx, 'ring.consume')
  if (!e) return missing('ring-pending', L('ring consume', '环消费'))
  const back = e.side === 'back'
  const prod = back ? e.indices.reqProd : e.indices.rspProd
  const consAfter = back ? e.indices.reqCons : e.indices.rspCons
  const cons = u32(consAfter - e.ids.length)
  const what = back ? L('requests', '请求') : L('responses', '响应')
  const p = back ? 'req_prod' : 'rsp_prod'
  const c = back ? 'req_cons' : 'rsp_cons'
  return numeric(
    'ring-pending',
    L(
      `How many unconsumed ${what.en} does the ${back ? 'backend' : 'frontend'} find on the ring?`,
      `${back ? '后端' : '前端'}在环上发现多少个未消费的${what.zh}？`,
    ),
    e.available,
    L(
      `\`${p}\` − \`${c}\` = ${prod} − ${cons} = ${e.available} (u32). It takes ${e.ids.length}.`,
      `\`${p}\` − \`${c}\` = ${prod} − ${cons} = ${e.available}（u32运算）。它取走${e.ids.length}个。`,
    ),
  )
}

/* ============================================================ event channels */

const DELIVER: Readonly<Record<string, Localized>> = {
  upcall: L(
    'The port goes pending and the vCPU gets an upcall',
    '端口置为`pending`，vCPU收到upcall',
  ),
  already: L('Nothing new: the port was already pending', '没有新动作：端口本来就是`pending`'),
  masked: L(
    'The port goes pending but is masked: no upcall',
    '端口置为`pending`但被屏蔽：没有upcall',
  ),
  'upcall-masked': L(
    'Pending, but the vCPU’s upcall mask holds the callback back',
    '置为`pending`，但vCPU的upcall屏蔽位让回调等待',
  ),
  'upcall-pending': L(
    'Pending; the vCPU already had an upcall pending',
    '置为`pending`；vCPU已经有一个待处理的upcall',
  ),
  lost: L('Lost: no port is bound to it', '丢失：没有端口绑定它'),
  fail: L('The hypercall fails with −EINVAL', '超级调用失败，返回−EINVAL'),
}

/** Xen's 2-level ABI (evtchn_2l_set_pending): pending bit, mask, selector, upcall. */
const evtchnDeliver: Gen = (ctx) => {
  const evs = lineEvents(ctx)
  for (let i = 0; i < evs.length; i++) {
    const e = evs[i]
    if (!e) continue
    if (e.kind === 'evtchn.fail')
      return choice(
        'evtchn-deliver',
        L('What does this event-channel call do?', '这次事件通道调用的结果是什么？'),
        {
          ...DELIVER,
          fail: L(
            `The hypercall fails with ${minus(e.rc)} (−${e.errno})`,
            `超级调用失败，返回${minus(e.rc)}（−${e.errno}）`,
          ),
        },
        'fail',
        ['upcall', 'already', 'masked'],
        L(
          `Port ${e.port} of dom${e.dom} is ${e.state}: Xen refuses \`${e.op}\` with ${minus(e.rc)} (−${e.errno}); the guest reads it as the call’s result.`,
          `域${e.dom}的端口${e.port}状态为\`${e.state}\`：Xen以${minus(e.rc)}（−${e.errno}）拒绝\`${e.op}\`；客户机把它当作调用的返回值读到。`,
        ),
      )
    if (e.kind === 'evtchn.raise' && e.port === null)
      return choice(
        'evtchn-deliver',
        L('What does this event do?', '这个事件的结果是什么？'),
        DELIVER,
        'lost',
        ['upcall', 'already', 'masked'],
        L(
          `No port of dom${e.dom} is bound to ${e.source} ${e.number}: the event is lost.`,
          `域${e.dom}没有端口绑定\`${e.source}\` ${e.number}：事件丢失。`,
        ),
      )
    if (e.kind !== 'evtchn.pending' && !(e.kind === 'evtchn.unmask' && e.pending)) continue
    const up = evs.slice(i + 1).find((x) => x.kind === 'evtchn.upcall')
    const upcall = up?.kind === 'evtchn.upcall' ? up : null
    let right: string
    if (e.kind === 'evtchn.pending' && e.wasPending) right = 'already'
    else if (e.kind === 'evtchn.pending' && e.masked) right = 'masked'
    else if (!upcall || !upcall.newlySet) right = 'upcall-pending'
    else right = upcall.delivered ? 'upcall' : 'upcall-masked'
    const state =
      e.kind === 'evtchn.pending'
        ? L(
            `pending was ${e.wasPending ? 1 : 0}, mask is ${e.masked ? 1 : 0}`,
            `原\`pending\`位为${e.wasPending ? 1 : 0}，\`mask\`位为${e.masked ? 1 : 0}`,
          )
        : L('unmasking a pending port', '解除屏蔽一个`pending`的端口')
    const upWords = upcall
      ? L(
          `; \`evtchn_upcall_pending\` ${upcall.newlySet ? 'goes 0 → 1' : 'was already 1'}${upcall.newlySet && !upcall.delivered ? ', but `evtchn_upcall_mask` is set' : ''}`,
          `；\`evtchn_upcall_pending\`${upcall.newlySet ? '从0变为1' : '本来就是1'}${upcall.newlySet && !upcall.delivered ? '，但`evtchn_upcall_mask`已置位' : ''}`,
        )
      : L('', '')
    return choice(
      'evtchn-deliver',
      L(`What happens at dom${e.dom}’s port ${e.port}?`, `域${e.dom}的端口${e.port}会发生什么？`),
      DELIVER,
      right,
      ['upcall', 'already', 'masked', 'upcall-masked'],
      L(
        `Port ${e.port}: ${state.en}${upWords.en}. ${DELIVER[right]?.en ?? ''}.`,
        `端口${e.port}：${state.zh}${upWords.zh}。${DELIVER[right]?.zh ?? ''}。`,
      ),
    )
  }
  return missing('evtchn-deliver', L('event-channel send', '事件通道发送'))
}

/* ============================================================ grant tables */

const grantCount: Gen = (ctx) => {
  const evs = lineEvents(ctx)
  const e = evs.find(
    (x) =>
      x.kind === 'grant.access' ||
      x.kind === 'grant.map' ||
      x.kind === 'grant.copy' ||
      x.kind === 'grant.transfer',
  )
  if (!e) return missing('grant-count', L('grant operation', '授权操作'))
  const same = evs.filter((x) => x.kind === e.kind)
  const refs = same
    .map((x) =>
      x.kind === 'grant.copy'
        ? x.source.kind === 'gref'
          ? x.source.ref
          : x.dest.kind === 'gref'
            ? x.dest.ref
            : null
        : 'ref' in x
          ? x.ref
          : null,
    )
    .filter((r): r is number => r !== null)
  const n = same.length
  const words: Record<string, { q: Localized; how: Localized }> = {
    'grant.access': {
      q: L(
        'How many grant entries will the frontend fill in for this?',
        '前端会为此填写多少个授权表项？',
      ),
      how: L(
        'one per 4 KiB page the backend must reach (each entry names the frame and the backend’s domid)',
        '后端要访问的每个4 KiB页一个（表项写明帧号和后端的`domid`）',
      ),
    },
    'grant.map': {
      q: L('How many grant mappings will the backend make?', '后端会做多少次授权映射？'),
      how: L(
        'one `GNTTABOP_map_grant_ref` per granted page',
        '每个授权页一次`GNTTABOP_map_grant_ref`',
      ),
    },
    'grant.copy': {
      q: L(
        'How many grant copies (`GNTTABOP_copy`) will the backend make?',
        '后端会做多少次授权复制（`GNTTABOP_copy`）？',
      ),
      how: L(
        'one per packet: Xen copies between the granted page and Dom0’s buffer',
        '每个包一次：Xen在授权页和Dom0的缓冲区之间复制',
      ),
    },
    'grant.transfer': {
      q: L('How many pages will be transferred (flipped)?', '会转移（翻转）多少个页？'),
      how: L('one page per packet: the frame changes owner', '每个包一页：帧换了主人'),
    },
  }
  const w = words[e.kind] ?? words['grant.access']
  if (!w) return missing('grant-count', L('grant operation', '授权操作'))
  return numeric(
    'grant-count',
    w.q,
    n,
    L(
      `${n} ${plural(n, 'operation', 'operations')} (grant ${plural(refs.length, 'reference', 'references')} ${refs.join(', ')}): ${w.how.en}.`,
      `${n}次（授权引用${refs.join('、')}）：${w.how.zh}。`,
    ),
  )
}

/* ================================================================ receive */

const RX: Readonly<Record<string, Localized>> = {
  received: L(
    'Received into the guest’s buffers (DMA, RDH advances)',
    '收进客户机的缓冲区（DMA，RDH前进）',
  ),
  held: L(
    'Held by QEMU until the guest adds buffers (no drop)',
    'QEMU暂存它，直到客户机添加缓冲区（不丢弃）',
  ),
  overrun: L('Dropped as an overrun (RXO)', '作为溢出（RXO）丢弃'),
  oversized: L('Dropped: larger than the receive buffers allow', '丢弃：比接收缓冲区允许的大'),
  disabled: L('Dropped: the receiver is disabled', '丢弃：接收器被禁用'),
  drop: L('Dropped: the guest has posted no receive buffer', '丢弃：客户机没有提供接收缓冲区'),
  copy: L(
    'Copied by Xen into the guest’s granted buffer (`GNTTABOP_copy`)',
    'Xen把它复制到客户机授权的缓冲区（`GNTTABOP_copy`）',
  ),
  flip: L(
    'The page itself is handed to the guest (`GNTTABOP_transfer`)',
    '把页本身交给客户机（`GNTTABOP_transfer`）',
  ),
}

const rxOutcome: Gen = (ctx) => {
  for (const e of lineEvents(ctx)) {
    if (e.kind === 'e1000.rx-end') {
      const why: Record<string, Localized> = {
        received: L(
          `It needs ${e.need} bytes of buffer and ${e.free} descriptors are free.`,
          `它需要${e.need}字节的缓冲区，有${e.free}个空闲描述符。`,
        ),
        held: L(
          'RDH == RDT: no buffers, so `e1000_can_receive` is false and the frame waits until RDT is written.',
          'RDH == RDT：没有缓冲区，`e1000_can_receive`为假，帧一直等到RDT被写。',
        ),
        overrun: L(
          `It needs ${e.need} bytes but only ${e.free} ${plural(e.free, 'descriptor is', 'descriptors are')} free: more buffers than are free is an overrun.`,
          `它需要${e.need}字节，但只有${e.free}个空闲描述符：需要的缓冲区多于空闲的就是溢出。`,
        ),
      }
      return choice(
        'rx-outcome',
        L(`What happens to this ${e.frame.len}-byte frame?`, `这个${e.frame.len}字节的帧会怎样？`),
        RX,
        e.outcome,
        ['received', 'held', 'overrun'],
        L(
          `${RX[e.outcome]?.en ?? e.outcome}. ${why[e.outcome]?.en ?? ''}`.trim(),
          `${RX[e.outcome]?.zh ?? e.outcome}。${why[e.outcome]?.zh ?? ''}`,
        ),
      )
    }
    if (e.kind === 'net.drop' || e.kind === 'net.rx') {
      const right = e.kind === 'net.drop' ? 'drop' : e.mode
      const why: Record<string, Localized> = {
        drop: L(
          `\`${e.vif}\` has no rx request on its ring; netback drops the packet (dropped so far: ${e.kind === 'net.drop' ? e.dropped : 0}).`,
          `\`${e.vif}\`的环上没有rx请求；netback丢弃这个包（累计丢弃${e.kind === 'net.drop' ? e.dropped : 0}个）。`,
        ),
        copy: L(
          `\`${e.vif}\` uses rx=copy: Dom0 asks Xen to copy the packet into the page the guest granted.`,
          `\`${e.vif}\`用rx=copy：Dom0请Xen把包复制到客户机授权的页里。`,
        ),
        flip: L(
          `\`${e.vif}\` uses rx=flip: Dom0 gives its page to the guest and the guest’s granted frame goes the other way.`,
          `\`${e.vif}\`用rx=flip：Dom0把自己的页交给客户机，客户机授权的帧反方向交出。`,
        ),
      }
      return choice(
        'rx-outcome',
        L(
          `What happens to this ${e.size}-byte packet for \`${e.vif}\`?`,
          `发给\`${e.vif}\`的这个${e.size}字节的包会怎样？`,
        ),
        RX,
        right,
        ['drop', 'copy', 'flip'],
        why[right] ?? L('', ''),
      )
    }
  }
  return missing('rx-outcome', L('received frame', '收到的帧'))
}

/* ======================================================== KVM and QEMU */

const KVM_EXIT: Readonly<Record<string, Localized>> = {
  none: L('No exit: plain guest RAM', '不退出：普通客户机内存'),
  kernel: L('KVM handles it in the kernel; QEMU never sees it', 'KVM在内核里处理；QEMU看不到'),
  io: L('`KVM_RUN` returns `KVM_EXIT_IO` (2) to QEMU', '`KVM_RUN`向QEMU返回`KVM_EXIT_IO`（2）'),
  mmio: L(
    '`KVM_RUN` returns `KVM_EXIT_MMIO` (6) to QEMU',
    '`KVM_RUN`向QEMU返回`KVM_EXIT_MMIO`（6）',
  ),
}

const KERNEL_WHY: Readonly<Record<string, Localized>> = {
  'in-kernel': L('an in-kernel device model handles the port', '内核里的设备模型处理这个端口'),
  ioeventfd: L(
    'the address has an ioeventfd: KVM signals the eventfd and re-enters',
    '这个地址有ioeventfd：KVM通知eventfd后重新进入',
  ),
  kick: L(
    'the exit only kicks the vCPU to inject an interrupt',
    '这次退出只是踢一下vCPU来注入中断',
  ),
  pio: L('no in-kernel device owns the port', '没有内核设备拥有这个端口'),
  'mmio-spte': L(
    'the first touch of a BAR page: KVM installs an MMIO SPTE and passes the access on',
    'BAR页第一次被访问：KVM装上MMIO SPTE，再把访问交出去',
  ),
  emulate: L(
    'KVM decodes the instruction and hands the MMIO access on',
    'KVM解码指令，把MMIO访问交出去',
  ),
}

/** Linux KVM: who completes a guest access (hw-facts-2 §2.1, §2.4). */
const kvmExit: Gen = (ctx) => {
  const prompt = L('Where is this access handled?', '这次访问在哪里处理？')
  let decision: string | null = null
  for (const e of lineEvents(ctx)) {
    if (e.kind === 'kvm.ram')
      return choice(
        'kvm-exit',
        prompt,
        KVM_EXIT,
        'none',
        ['kernel', 'io', 'mmio'],
        L(
          `GPA \`${hex(e.gpa)}\` is in memslot 0 (RAM): EPT maps it, the ${e.write ? 'store' : 'load'} completes with no exit.`,
          `GPA \`${hex(e.gpa)}\`在\`memslot\` 0（内存）里：EPT映射了它，${e.write ? '写' : '读'}直接完成，不退出。`,
        ),
      )
    if (e.kind === 'kvm.kernel') {
      decision = e.decision
      if (!e.toUser)
        return choice(
          'kvm-exit',
          prompt,
          KVM_EXIT,
          'kernel',
          ['none', 'io', 'mmio'],
          L(
            `KVM keeps it: ${KERNEL_WHY[e.decision]?.en ?? e.decision}${e.device ? ` (\`${e.device}\`)` : ''}.`,
            `KVM自己处理：${KERNEL_WHY[e.decision]?.zh ?? e.decision}${e.device ? `（\`${e.device}\`）` : ''}。`,
          ),
        )
    }
    if (e.kind === 'kvm.user') {
      const right = e.exitReason === 2 ? 'io' : 'mmio'
      const why = decision ? KERNEL_WHY[decision] : null
      const at = e.io ? `port ${hex(e.io.port)}` : `GPA ${hex(e.mmio?.physAddr ?? 0)}`
      const atZh = e.io ? `端口${hex(e.io.port)}` : `GPA ${hex(e.mmio?.physAddr ?? 0)}`
      return choice(
        'kvm-exit',
        prompt,
        KVM_EXIT,
        right,
        ['none', 'kernel', 'io', 'mmio'],
        L(
          `${why ? `KVM: ${why.en}. ` : ''}\`kvm_run->exit_reason\` = ${e.exitReason} for ${at}; QEMU’s vCPU thread dispatches it to the device model.`,
          `${why ? `KVM：${why.zh}。` : ''}对${atZh}，\`kvm_run->exit_reason\` = ${e.exitReason}；QEMU的vCPU线程把它分派给设备模型。`,
        ),
      )
    }
    if (e.kind === 'virtio.kvm' && e.action !== 'resume') {
      const right = e.action === 'ioeventfd' ? 'kernel' : 'mmio'
      return choice(
        'kvm-exit',
        L('Where is this doorbell write handled?', '这次门铃写在哪里处理？'),
        KVM_EXIT,
        right,
        ['none', 'kernel', 'io', 'mmio'],
        right === 'kernel'
          ? L(
              `\`${hex(e.gpa)}\` has an ioeventfd (vhost-net): KVM signals the kick eventfd in the kernel and re-enters the guest; the vhost worker does the rest.`,
              `\`${hex(e.gpa)}\`有ioeventfd（vhost-net）：KVM在内核里通知\`kick\` eventfd并重新进入客户机；其余由vhost工作线程完成。`,
            )
          : L(
              `No ioeventfd on \`${hex(e.gpa)}\`: \`KVM_RUN\` returns \`KVM_EXIT_MMIO\` and QEMU’s virtio-net pops the queue.`,
              `\`${hex(e.gpa)}\`没有ioeventfd：\`KVM_RUN\`返回\`KVM_EXIT_MMIO\`，由QEMU的virtio-net处理队列。`,
            ),
      )
    }
  }
  return missing('kvm-exit', L('KVM access', 'KVM访问'))
}

/* ================================================================ e1000 */

const ICR_MEANING: Readonly<Record<string, Localized>> = {
  TXDW: L('a transmit descriptor was written back', '发送描述符已写回'),
  TXQE: L('the transmit queue is empty', '发送队列已空'),
  LSC: L('the link status changed', '链路状态改变'),
  RXSEQ: L('receive sequence error', '接收序列错误'),
  RXDMT0: L('free receive descriptors fell to the minimum threshold', '空闲接收描述符降到最低阈值'),
  RXO: L('receiver overrun: a frame was dropped', '接收溢出：丢了一个帧'),
  RXT0: L('a frame was received', '收到一个帧'),
}

const icrLabel = (v: number): Localized => {
  const names = icrNames(v)
  return names.length === 0
    ? L(`${hex(v)} (no cause)`, `${hex(v)}（无原因位）`)
    : L(`${hex(v)} (${names.join(' | ')})`, `${hex(v)}（${names.join(' | ')}）`)
}

/** QEMU e1000: set_interrupt_cause / ICR read-to-clear (hw-facts-2 §2.2). */
const e1000Icr: Gen = (ctx) => {
  let v: number | null = null
  let read = false
  let ims: number | null = null
  for (const e of lineEvents(ctx)) {
    if (e.kind === 'e1000.reg' && e.reg === 'ICR' && !e.write) {
      v = e.value
      read = true
      break
    }
    if (e.kind === 'e1000.irq' && e.icr !== 0) {
      v = e.icr
      ims = e.ims
      break
    }
  }
  if (v === null) return missing('e1000-icr', L('e1000 interrupt cause', 'e1000中断原因'))
  const bits = [ICR.TXDW, ICR.TXQE, ICR.RXT0, ICR.RXDMT0, ICR.RXO]
  const opts: Record<string, Localized> = {}
  const all = [v, ...bits.map((b) => (v ^ b) >>> 0)].filter((x) => x !== 0 || x === v)
  for (const x of [...all].sort((a, b) => a - b)) opts[String(x)] = icrLabel(x)
  const meaning = icrNames(v).map((n) => ({ n, m: ICR_MEANING[n] ?? L(n, n) }))
  const level =
    ims === null
      ? L('', '')
      : L(
          ` IMS is ${hex(ims)}, so the line is ${(ims & v) !== 0 ? 'raised' : 'not raised'} (IMS & ICR ${(ims & v) !== 0 ? '≠' : '='} 0).`,
          `IMS为${hex(ims)}，所以中断线${(ims & v) !== 0 ? '被拉高' : '不拉高'}（IMS & ICR ${(ims & v) !== 0 ? '≠' : '='} 0）。`,
        )
  return choice(
    'e1000-icr',
    read
      ? L('What will the driver’s read of ICR return?', '驱动读ICR会得到什么？')
      : L('Which cause bits will ICR hold?', 'ICR会置哪些原因位？'),
    opts,
    String(v),
    Object.keys(opts),
    L(
      `ICR = ${icrLabel(v).en}: ${meaning.map((x) => `${x.n}, ${x.m.en}`).join('; ')}.${level.en}${read ? ' The read clears ICR.' : ''}`,
      `ICR = ${icrLabel(v).zh}：${meaning.map((x) => `${x.n}，${x.m.zh}`).join('；')}。${level.zh}${read ? '这次读会清零ICR。' : ''}`,
    ),
  )
}

/* ================================================================ virtio */

/** The split ring's used->idx after the device's work: a free-running u16. */
const usedIdx: Gen = (ctx) => {
  const ev = lineEvents(ctx).filter((e) => e.kind === 'virtio.used-idx')
  const a = ev[0]
  const z = ev[ev.length - 1]
  if (a?.kind !== 'virtio.used-idx' || z?.kind !== 'virtio.used-idx')
    return missing('used-idx', L('used ring update', '`used`环更新'))
  const n = u16(z.new - a.old)
  const wrapped = a.old + n > 0xffff
  return numeric(
    'used-idx',
    L('What will `used->idx` be when the device is done?', '设备处理完后`used->idx`是多少？'),
    z.new,
    L(
      `The device returns ${n} ${plural(n, 'chain', 'chains')}: ${a.old} + ${n} = ${z.new} (mod 65536)${wrapped ? ', a 16-bit index that wraps past 65535 to 0' : ''}.`,
      `设备归还${n}个描述符链：${a.old} + ${n} = ${z.new}（模65536）${wrapped ? '，这是16位索引，越过65535回到0' : ''}。`,
    ),
  )
}

/* ================================================================ VT-d */

const FAULT_TEXT: Readonly<Record<number, Localized>> = {
  0x1: L('root entry not present', '根表项不存在'),
  0x2: L('context entry not present', '上下文表项不存在'),
  0x3: L('context entry invalid', '上下文表项无效'),
  0x4: L('address beyond the domain width', '地址超出域宽度'),
  0x5: L('write denied', '拒绝写'),
  0x6: L('read denied', '拒绝读'),
  0xa: L('root entry reserved bits', '根表项保留位'),
  0xb: L('context entry reserved bits', '上下文表项保留位'),
  0xc: L('paging entry reserved bits', '页表项保留位'),
  0x21: L('IRTE index beyond the table', 'IRTE索引超出表'),
  0x22: L('IRTE not present', 'IRTE不存在'),
  0x26: L('invalid source-ID', '无效的源ID'),
}

const DMA: Record<string, Localized> = {
  off: L('Passes untranslated: the IOMMU is off', '不经翻译直接通过：IOMMU关闭'),
  'pass-through': L('Passes through (pass-through context)', '直通（`pass-through`上下文）'),
  iotlb: L('Translated from the IOTLB, no table read', '由IOTLB翻译，不读页表'),
  walk: L('Translated by a walk of the tables', '遍历页表完成翻译'),
  irq: L('Remapped into an interrupt through the IRTE', '通过IRTE重映射成中断'),
}
for (const [k, t] of Object.entries(FAULT_TEXT))
  DMA[`fault-${k}`] = L(
    `Blocked: fault reason ${hex(Number(k))} (${t.en})`,
    `被阻止：故障原因${hex(Number(k))}（${t.zh}）`,
  )

const bdf = (rid: number) =>
  `${(rid >> 8).toString(16).padStart(2, '0')}:${((rid >> 3) & 31).toString(16).padStart(2, '0')}.${rid & 7}`

/** VT-d: the request's outcome and, when blocked, its fault reason (QEMU VTDFaultReason). */
const dmaOutcome: Gen = (ctx) => {
  const e = first(ctx, 'iommu.dma', 'iommu.fault', 'iommu.interrupt')
  if (!e) return missing('dma-outcome', L('DMA request', 'DMA请求'))
  const refs = e.steps.filter((s) => s.kind === 'ref').length
  const dev = bdf(e.sid)
  if (e.kind === 'iommu.interrupt')
    return choice(
      'dma-outcome',
      L(`What happens to \`${dev}\`’s MSI write?`, `\`${dev}\`的MSI写会怎样？`),
      DMA,
      'irq',
      ['irq', 'fault-38', 'fault-34', 'walk'],
      L(
        `IRTE ${e.handle} is present and its source-ID matches: vector ${hex(e.vector)} goes to CPU ${e.dest}.`,
        `IRTE ${e.handle}存在且源ID匹配：向量${hex(e.vector)}送到CPU ${e.dest}。`,
      ),
    )
  const rw = e.write ? L('write', '写') : L('read', '读')
  const prompt =
    e.kind === 'iommu.fault' && e.msi
      ? L(`What happens to \`${dev}\`’s MSI write?`, `\`${dev}\`的MSI写会怎样？`)
      : L(
          `What happens to \`${dev}\`’s DMA ${rw.en} of IOVA \`${hex(e.iova)}\`?`,
          `\`${dev}\`对IOVA \`${hex(e.iova)}\`的DMA${rw.zh}会怎样？`,
        )
  if (e.kind === 'iommu.fault') {
    const id = `fault-${e.fr}`
    const would = e.wouldHit
      ? L(
          ` Without the IOMMU it would have reached guest \`${e.wouldHit}\`’s RAM.`,
          `没有IOMMU的话，它会写到客户机\`${e.wouldHit}\`的内存。`,
        )
      : L('', '')
    const rec =
      e.index === null
        ? L(
            ' The fault record is still full: PFO, the fault is not recorded.',
            '故障记录仍满：PFO，这次故障没有记录。',
          )
        : L(` It is logged in fault record ${e.index}.`, `记录在第${e.index}个故障记录寄存器。`)
    return choice(
      'dma-outcome',
      prompt,
      DMA,
      id,
      e.msi
        ? ['irq', 'fault-38', 'fault-34', 'fault-33']
        : ['walk', 'iotlb', e.write ? 'fault-5' : 'fault-6', 'fault-2', 'off'],
      L(
        `After ${refs} table ${plural(refs, 'read', 'reads')} the IOMMU blocks it: fault reason ${hex(e.fr)}, ${FAULT_TEXT[e.fr]?.en ?? '?'}.${rec.en}${would.en}`,
        `读了${refs}个表项后IOMMU阻止它：故障原因${hex(e.fr)}，${FAULT_TEXT[e.fr]?.zh ?? '?'}。${rec.zh}${would.zh}`,
      ),
    )
  }
  const owner = e.owner
    ? L(`, guest \`${e.owner}\`’s RAM`, `，即客户机\`${e.owner}\`的内存`)
    : L('', '')
  const how: Record<string, Localized> = {
    off: L(
      'With translation off the IOVA is the host-physical address.',
      '翻译关闭时IOVA就是主机物理地址。',
    ),
    'pass-through': L('The context entry says pass-through.', '上下文表项是直通。'),
    iotlb: L(
      `The IOTLB holds (domain ${e.did ?? '?'}, page): no table is read.`,
      `IOTLB里有（域${e.did ?? '?'}，页）：不读页表。`,
    ),
    walk: L(
      `The IOMMU reads ${refs} ${plural(refs, 'entry', 'entries')} (root, context, second-level) and fills the caches.`,
      `IOMMU读了${refs}个表项（根表、上下文表、二级页表）并填入缓存。`,
    ),
  }
  return choice(
    'dma-outcome',
    prompt,
    DMA,
    e.via,
    ['walk', 'iotlb', e.write ? 'fault-5' : 'fault-6', 'fault-2', 'off'],
    L(
      `IOVA \`${hex(e.iova)}\` → HPA \`${hex(e.hpa)}\`${owner.en}. ${how[e.via]?.en ?? ''}`,
      `IOVA \`${hex(e.iova)}\` → HPA \`${hex(e.hpa)}\`${owner.zh}。${how[e.via]?.zh ?? ''}`,
    ),
  )
}

/** PCIe SR-IOV: VF k's routing ID = PF RID + First VF Offset + k × VF Stride. */
const vfRid: Gen = (ctx) => {
  const e = first(ctx, 'sriov.vf')
  if (!e) return missing('vf-rid', L('SR-IOV virtual function', 'SR-IOV虚拟功能'))
  let offset: number | null = null
  let stride: number | null = null
  const seen = [...lineEvents(ctx), ...[...before(ctx)].map((f) => f.event)]
  for (const x of seen)
    if ((x.kind === 'sriov.enable' || x.kind === 'sriov.pf') && x.rid === e.pf) {
      offset = x.offset
      stride = x.stride
      break
    }
  if (offset === null || stride === null)
    return missing('vf-rid', L('SR-IOV capability', 'SR-IOV能力结构'))
  const opts: Record<string, Localized> = {}
  const cands = [
    e.rid,
    e.pf + e.k * stride,
    e.pf + offset + e.k,
    e.pf + offset + (e.k + 1) * stride,
    e.pf + e.k + 1,
  ]
  for (const r of [...new Set(cands)].sort((a, b) => a - b))
    opts[String(r)] = L(`${bdf(r)} (RID ${hex(r)})`, `${bdf(r)}（RID ${hex(r)}）`)
  return choice(
    'vf-rid',
    L(
      `Which bus:device.function does VF ${e.k} of PF ${bdf(e.pf)} get?`,
      `PF ${bdf(e.pf)}的VF ${e.k}得到哪个\`bus:device.function\`？`,
    ),
    opts,
    String(e.rid),
    Object.keys(opts),
    L(
      `RID = PF RID + First VF Offset + k × VF Stride = ${hex(e.pf)} + ${offset} + ${e.k} × ${stride} = ${hex(e.rid)}, i.e. ${bdf(e.rid)}.`,
      `RID = PF RID + First VF Offset + k × VF Stride = ${hex(e.pf)} + ${offset} + ${e.k} × ${stride} = ${hex(e.rid)}，即${bdf(e.rid)}。`,
    ),
  )
}

/* ============================================================= CPU ways */

const INSTR: Readonly<Record<string, Localized>> = {
  ran: L('Runs on the CPU as on bare metal', '像在裸机上一样直接运行'),
  fault: L('Faults into the kernel’s own handler', '异常进入内核自己的处理程序'),
  emulated: L('Traps (#GP) to the VMM, which emulates it', '陷入（#GP）VMM，由VMM模拟'),
  reflected: L('Faults, and the VMM reflects it into the guest', '产生异常，VMM把它反射给客户机'),
  diverged: L(
    'Runs without trapping, with a different result: a virtualization hole',
    '不陷入就运行，结果却不同：虚拟化漏洞',
  ),
  ident: L('Copied unchanged into the translation cache (IDENT)', '原样复制进翻译缓存（IDENT）'),
  'in-tc': L('Replaced by a sequence in the translation cache', '在翻译缓存里被替换成一段代码'),
  callout: L('Replaced by a call out to the VMM', '被替换成对VMM的调用'),
  translated: L('A branch retargeted inside the translation cache', '在翻译缓存里被改写目标的分支'),
  hypercall: L('Replaced by a hypercall into Xen', '被替换成进入Xen的超级调用'),
  'pv-inline': L('Replaced by inline `pv_ops` code: no trap', '被替换成内联的`pv_ops`代码：不陷入'),
  exit: L('Causes a VM exit', '引起VM退出'),
}

const WAY_NAME: Readonly<Record<string, Localized>> = {
  native: L('native execution', '原生执行'),
  trap: L('trap-and-emulate', '陷入并模拟'),
  bt: L('binary translation', '二进制翻译'),
  pv: L('Xen paravirtualization', 'Xen半虚拟化'),
  'vt-x': L('VT-x', 'VT-x'),
}
const wayName = (w: string): Localized => WAY_NAME[w] ?? L(w, w)

const WAY_OPTIONS: Readonly<Record<string, readonly string[]>> = {
  native: ['ran', 'fault'],
  trap: ['ran', 'emulated', 'diverged', 'reflected'],
  bt: ['ident', 'in-tc', 'callout', 'translated'],
  pv: ['ran', 'hypercall', 'pv-inline', 'emulated'],
  'vt-x': ['ran', 'exit', 'diverged', 'emulated'],
}

/** What one guest-kernel instruction does under the way in force (Popek-Goldberg classes). */
const instrOutcome: Gen = (ctx) => {
  const e = first(ctx, 'guest.instr')
  if (!e) return missing('instr-outcome', L('guest instruction', '客户机指令'))
  // The step's own narration says why, with its rule, in both languages (the answer line
  // already names the outcome).
  const why = describeEvent(e)
  const w = wayName(e.way)
  return choice(
    'instr-outcome',
    L(
      `Under ${w.en}, what happens to \`${e.text}\` in the guest kernel?`,
      `在${w.zh}下，客户机内核里的\`${e.text}\`会怎样？`,
    ),
    INSTR,
    e.outcome,
    WAY_OPTIONS[e.way] ?? ['ran', 'emulated', 'diverged'],
    why,
  )
}

/** A whole run's transitions into the VMM: traps, VM exits, hypercalls and BT call-outs. */
const vmmEntries: Gen = (ctx) => {
  const e = first(ctx, 'guest.run')
  if (!e) return missing('vmm-entries', L('program run', '程序运行'))
  const c = e.counts
  const n = c.traps + c.exits + c.hypercalls + c.callouts
  const parts = [
    { n: c.traps, en: plural(c.traps, 'trap', 'traps'), zh: '陷入' },
    { n: c.exits, en: plural(c.exits, 'VM exit', 'VM exits'), zh: 'VM退出' },
    { n: c.hypercalls, en: plural(c.hypercalls, 'hypercall', 'hypercalls'), zh: '超级调用' },
    { n: c.callouts, en: plural(c.callouts, 'call-out', 'call-outs'), zh: '调出' },
  ].filter((p) => p.n > 0)
  return numeric(
    'vmm-entries',
    L(
      `Running the whole program under ${wayName(e.way).en}, how many times does control enter the VMM (traps, VM exits, hypercalls, call-outs)?`,
      `在${wayName(e.way).zh}下运行整个程序，控制流进入VMM多少次（陷入、VM退出、超级调用、调出）？`,
    ),
    n,
    L(
      `${e.executed} instructions: ${parts.length === 0 ? 'none of them enters the VMM' : parts.map((p) => `${p.n} ${p.en}`).join(' + ')}${parts.length > 1 ? ` = ${n}` : ''}. About ${c.cycles} cycles in all (cited per-event figures, approximate).`,
      `${e.executed}条指令：${parts.length === 0 ? '没有一条进入VMM' : parts.map((p) => `${p.zh}${p.n}次`).join(' + ')}${parts.length > 1 ? ` = ${n}` : ''}。总计约${c.cycles}个周期（按引用的每事件数字估算）。`,
    ),
  )
}

/* ====================================================== memory overcommit */

/** A VM's name from the frames before (the model numbers VMs; the panels name them). */
function vmName(ctx: QuestionContext, vm: number): string {
  for (const f of before(ctx))
    if (f.event.kind === 'mem.vm' && f.event.vm === vm) return f.event.name
  const e = lineEvents(ctx).find((x) => x.kind === 'mem.vm' && x.vm === vm)
  return e?.kind === 'mem.vm' ? e.name : `vm${vm}`
}

const SHARE: Readonly<Record<string, Localized>> = {
  hint: L(
    'No match yet: the page becomes a hint (hashed, still private)',
    '还没有匹配：这一页成为提示页（已哈希，仍私有）',
  ),
  merged: L(
    'Matches a hint: both pages now share one read-only frame',
    '与提示页匹配：两页共享一个只读帧',
  ),
  joined: L('Matches a shared frame: the page joins it', '与共享帧匹配：这一页加入共享'),
  collision: L('Same hash, different contents: not shared', '哈希相同、内容不同：不共享'),
  'stale-hint': L('The hint changed since: it is dropped', '提示页已改变：提示作废'),
  'already-shared': L('Already shared: nothing to do', '已经共享：什么也不做'),
  'already-hinted': L('Already a hint: nothing to do', '已经是提示页：什么也不做'),
  'not-backed': L('Not backed by a host frame: nothing to scan', '没有主机帧：无可扫描'),
}

/** ESX content-based page sharing (Waldspurger 2002): hash, hint, full compare, COW share. */
const shareOutcome: Gen = (ctx) => {
  const e = first(ctx, 'mem.share')
  if (!e) return missing('share-outcome', L('page-sharing scan', '页共享扫描'))
  const who = `${vmName(ctx, e.vm)}:${e.gfn}`
  const detail: Record<string, Localized> = {
    hint: L(
      `Hash \`${e.hash}\` is not in the table: it is recorded as a hint for frame ${e.mfn ?? '?'}.`,
      `哈希\`${e.hash}\`不在表中：记为帧${e.mfn ?? '?'}的提示。`,
    ),
    merged: L(
      `Hash \`${e.hash}\` matches the hint ${e.other ? `${vmName(ctx, e.other.vm)}:${e.other.gfn}` : ''}; a full compare agrees, so both map frame ${e.mfn ?? '?'} read-only (references: ${e.refs}) and frame ${e.freed ?? '?'} is freed.`,
      `哈希\`${e.hash}\`与提示页${e.other ? `${vmName(ctx, e.other.vm)}:${e.other.gfn}` : ''}匹配；逐字节比较也相同，于是两页只读映射帧${e.mfn ?? '?'}（引用数${e.refs}），释放帧${e.freed ?? '?'}。`,
    ),
    joined: L(
      `Hash \`${e.hash}\` matches shared frame ${e.mfn ?? '?'}: its reference count becomes ${e.refs} and frame ${e.freed ?? '?'} is freed.`,
      `哈希\`${e.hash}\`与共享帧${e.mfn ?? '?'}匹配：引用数变为${e.refs}，释放帧${e.freed ?? '?'}。`,
    ),
  }
  return choice(
    'share-outcome',
    L(`What does the sharing scan do with page \`${who}\`?`, `共享扫描会怎样处理页\`${who}\`？`),
    SHARE,
    e.outcome,
    ['hint', 'merged', 'joined', 'collision'],
    detail[e.outcome] ??
      L(`${SHARE[e.outcome]?.en ?? e.outcome}.`, `${SHARE[e.outcome]?.zh ?? e.outcome}。`),
  )
}

const FAULT: Readonly<Record<string, Localized>> = {
  none: L('Nothing: the page is private and writable', '什么也不发生：页是私有且可写的'),
  fresh: L('The host backs it with a fresh frame', '主机给它一个新帧'),
  cow: L(
    'Copy-on-write: a private copy, the shared frame keeps the others',
    '写时复制：复制一份私有页，其他页继续共享',
  ),
  'cow-zero': L('Copy-on-write of the shared zero page', '对共享零页写时复制'),
  'unshare-last': L(
    'The last reference: the page takes the frame back as its own, no copy',
    '最后一个引用：这一页直接收回该帧，不复制',
  ),
  'swap-in': L(
    'The host reads the page back from its swap first',
    '主机先从自己的交换区读回这一页',
  ),
}

const writeFault: Gen = (ctx) => {
  const e = first(ctx, 'mem.write', 'mem.touch')
  if (!e) return missing('write-fault', L('guest write', '客户机写'))
  const f = e.faults[0]
  const right = f?.kind ?? 'none'
  const page = `${vmName(ctx, e.vm)}:${f?.gfn ?? (e.kind === 'mem.write' ? e.gfns[0] : e.allocated[0]) ?? '?'}`
  let why: Localized
  if (!f) why = L('Its frame is its own and writable: no fault.', '它的帧是自己的且可写：不缺页。')
  else if (f.kind === 'cow' || f.kind === 'cow-zero')
    why = L(
      `The shared frame ${f.from ?? '?'} is mapped read-only: the write faults, the host copies it to frame ${f.mfn}, and ${f.refsLeft ?? '?'} ${plural(f.refsLeft ?? 0, 'reference stays', 'references stay')} on the shared frame.`,
      `共享帧${f.from ?? '?'}是只读映射：写引发缺页，主机把它复制到帧${f.mfn}，共享帧上还剩${f.refsLeft ?? '?'}个引用。`,
    )
  else if (f.kind === 'unshare-last')
    why = L(
      `Frame ${f.mfn} has no other user left, so the host just makes it writable again.`,
      `帧${f.mfn}已没有其他使用者，主机只需把它重新设为可写。`,
    )
  else if (f.kind === 'swap-in')
    why = L(
      `The host swapped this page out (slot ${f.slot ?? '?'}): it reads it back into frame ${f.mfn} before the write.`,
      `主机曾把这一页换出（槽${f.slot ?? '?'}）：写之前把它读回到帧${f.mfn}。`,
    )
  else why = L(`The host backs it with frame ${f.mfn}.`, `主机用帧${f.mfn}支持它。`)
  return choice(
    'write-fault',
    L(
      `What must the host do when the guest writes \`${page}\`?`,
      `客户机写\`${page}\`时主机要做什么？`,
    ),
    FAULT,
    right,
    ['none', 'cow', 'unshare-last', 'swap-in', 'fresh'],
    why,
  )
}

/** Linux KSM's counters (Documentation/admin-guide/mm/ksm.rst). */
const pagesSharing: Gen = (ctx) => {
  const e = first(ctx, 'mem.ksm-scan')
  if (!e) return missing('pages-sharing', L('KSM scan', 'KSM扫描'))
  const c = e.counters
  const merges = e.scanned.filter(
    (s) => s.outcome === 'stable-merge' || s.outcome === 'unstable-merge',
  ).length
  return numeric(
    'pages-sharing',
    L(
      'After this scan, what will KSM’s `pages_sharing` be?',
      '这次扫描之后，KSM的`pages_sharing`是多少？',
    ),
    c.pagesSharing,
    L(
      `This pass merges ${merges} ${plural(merges, 'page', 'pages')}. \`pages_shared\` = ${c.pagesShared} KSM ${plural(c.pagesShared, 'page', 'pages')} in use, \`pages_sharing\` = ${c.pagesSharing} more pages mapped onto them (the memory saved); \`pages_unshared\` = ${c.pagesUnshared}, \`pages_volatile\` = ${c.pagesVolatile}.`,
      `这一轮合并${merges}页。\`pages_shared\` = ${c.pagesShared}（在用的KSM页），\`pages_sharing\` = ${c.pagesSharing}（额外映射到它们上的页，即省下的内存）；\`pages_unshared\` = ${c.pagesUnshared}，\`pages_volatile\` = ${c.pagesVolatile}。`,
    ),
  )
}

const SOURCE: Readonly<Record<string, Localized>> = {
  free: L('All from the guest’s free pages', '全部来自客户机的空闲页'),
  cache: L('Free pages, then clean page-cache pages it drops', '先用空闲页，再丢弃干净的页缓存'),
  pageout: L('It must page some out to its own disk', '它必须把一些页换出到自己的磁盘'),
}

/** virtio-balloon: the guest chooses which pages go (free, clean cache, then paging out). */
const balloonSource: Gen = (ctx) => {
  const e = first(ctx, 'mem.inflate')
  if (!e) return missing('balloon-source', L('balloon inflation', '气球膨胀'))
  const right = e.pagedOut.length > 0 ? 'pageout' : e.dropped.length > 0 ? 'cache' : 'free'
  const short =
    e.short > 0 ? L(` ${e.short} more could not be found.`, `还有${e.short}页找不到。`) : L('', '')
  const dbl =
    e.doublePaged.length > 0
      ? L(
          ` ${e.doublePaged.length} of them the host had swapped: double paging.`,
          `其中${e.doublePaged.length}页主机已换出：双重换页。`,
        )
      : L('', '')
  return choice(
    'balloon-source',
    L(
      `Where does the guest find the ${e.pfns.length + e.short} pages for its balloon?`,
      `客户机从哪里为气球找${e.pfns.length + e.short}个页？`,
    ),
    SOURCE,
    right,
    ['free', 'cache', 'pageout'],
    L(
      `${e.fromFree.length} free, ${e.dropped.length} clean cache dropped, ${e.pagedOut.length} paged out.${short.en}${dbl.en}`,
      `空闲页${e.fromFree.length}个，丢弃干净缓存${e.dropped.length}个，换出${e.pagedOut.length}个。${short.zh}${dbl.zh}`,
    ),
  )
}

const balloonActual: Gen = (ctx) => {
  const e = first(ctx, 'mem.inflate-ack', 'mem.deflate')
  if (!e) return missing('balloon-actual', L('balloon update', '气球更新'))
  const inf = lineEvents(ctx).find((x) => x.kind === 'mem.inflate')
  const short = inf?.kind === 'mem.inflate' && inf.short > 0 ? inf.short : 0
  const why =
    e.kind === 'mem.deflate'
      ? L(
          `Deflating to \`num_pages\` ${e.numPages} gives ${e.pfns.length} pages back${e.mustTellHost ? ' (MUST_TELL_HOST: the host is told first)' : ''}.`,
          `放气到\`num_pages\` ${e.numPages}，归还${e.pfns.length}页${e.mustTellHost ? '（MUST_TELL_HOST：先告诉主机）' : ''}。`,
        )
      : short > 0
        ? L(
            `The host asks for ${e.numPages} but the guest can give only ${e.actual}: ${short} short.`,
            `主机要${e.numPages}页，客户机只能给${e.actual}页：差${short}页。`,
          )
        : L(
            `The guest gives all ${e.pfns.length} pages asked for; the host frees ${e.freed.length} ${plural(e.freed.length, 'frame', 'frames')}.`,
            `客户机给出全部${e.pfns.length}页；主机释放${e.freed.length}个帧。`,
          )
  return numeric(
    'balloon-actual',
    L(
      'How many pages will the balloon hold (`actual`) afterwards?',
      '之后气球里有多少页（`actual`）？',
    ),
    e.actual,
    why,
  )
}

const pageoutIos: Gen = (ctx) => {
  const e = first(ctx, 'mem.pageout')
  if (!e) return missing('pageout-ios', L('guest page-out', '客户机换出'))
  return numeric(
    'pageout-ios',
    L(
      `How many disk I/Os does the guest’s page-out of page ${e.gfn} cost in all?`,
      `客户机换出页${e.gfn}总共要多少次磁盘I/O？`,
    ),
    e.ios,
    e.doublePaged
      ? L(
          `${e.ios}: the host already wrote it to its swap (1); the guest’s disk write must read it, so the host reads it back (2); then the guest writes it to its own disk (3).`,
          `${e.ios}次：主机已经把它写到自己的交换区（1）；客户机写磁盘要读这一页，主机只好读回（2）；然后客户机写到自己的磁盘（3）。`,
        )
      : L(
          `${e.ios}: the guest writes it to its own disk once.`,
          `${e.ios}次：客户机写一次自己的磁盘。`,
        ),
  )
}

/** ESX min-funding revocation with the idle tax (Waldspurger 2002 §5; hw-facts-2 §3). */
const reclaimVictim: Gen = (ctx) => {
  const e = first(ctx, 'mem.reclaim')
  if (!e || e.victim === null || e.method === 'none')
    return missing('reclaim-victim', L('host reclaim', '主机回收'))
  const opts: Record<string, Localized> = {}
  const label = (vm: number, m: string) =>
    m === 'balloon'
      ? L(`Balloon \`${vmName(ctx, vm)}\``, `给\`${vmName(ctx, vm)}\`充气球`)
      : L(`Swap \`${vmName(ctx, vm)}\`’s pages`, `换出\`${vmName(ctx, vm)}\`的页`)
  for (const r of e.rho) opts[`${r.vm}-${e.method}`] = label(r.vm, e.method)
  const other = e.method === 'balloon' ? 'swap' : 'balloon'
  opts[`${e.victim}-${other}`] = label(e.victim, other)
  const right = `${e.victim}-${e.method}`
  const rho = e.rho
    .map(
      (r) =>
        `\`${vmName(ctx, r.vm)}\` ρ = ${r.rho.toFixed(1)} (${r.shares} shares, ${r.pages} pages, ${r.active} active)`,
    )
    .join('; ')
  const rhoZh = e.rho
    .map(
      (r) =>
        `\`${vmName(ctx, r.vm)}\` ρ = ${r.rho.toFixed(1)}（${r.shares}份额，${r.pages}页，活跃${r.active}页）`,
    )
    .join('；')
  return choice(
    'reclaim-victim',
    L(
      `The host has ${e.free} of ${e.total} frames free and needs ${e.needed}. Whom does it reclaim from, and how?`,
      `主机${e.total}个帧中空闲${e.free}个，需要${e.needed}个。它向谁回收、怎么回收？`,
    ),
    opts,
    right,
    Object.keys(opts),
    L(
      `The VM with the fewest shares per page (ρ, idle pages taxed) pays: ${rho}. Free memory is in the ${e.state} state, so the host ${e.method === 'balloon' ? 'inflates the balloon' : 'swaps'}.`,
      `每页份额（ρ，空闲页要交税）最少的虚拟机付出：${rhoZh}。空闲内存处于\`${e.state}\`状态，所以主机${e.method === 'balloon' ? '充气球' : '换出页'}。`,
    ),
  )
}

/* ============================================================== migration */

const roundSent: Gen = (ctx) => {
  const e = first(ctx, 'migrate.round')
  if (!e) return missing('round-sent', L('migration round', '迁移轮次'))
  const r = e.round
  let prev: number | null = null
  for (const f of before(ctx))
    if (f.event.kind === 'migrate.round' && f.event.round.index === r.index - 1) {
      prev = f.event.round.dirtied
      break
    }
  if (prev === null)
    for (const x of lineEvents(ctx))
      if (x.kind === 'migrate.round' && x.round.index === r.index - 1) prev = x.round.dirtied
  let why: Localized
  if (r.index === 1)
    why = L(
      `Round 1 sends every page of the guest: ${r.sent}.`,
      `第1轮发送客户机的全部页：${r.sent}。`,
    )
  else if (r.kind === 'postcopy')
    why = L(
      `Post-copy: the guest runs at the destination; the ${r.sent} pages still missing are pushed or fetched on fault (${r.faults} faults).`,
      `后拷贝：客户机已在目的端运行；还缺的${r.sent}页被推送或在缺页时拉取（${r.faults}次缺页）。`,
    )
  else
    why = L(
      `Round ${r.index} sends the pages dirtied during round ${r.index - 1}: ${prev ?? r.sent}${r.kind === 'stop-copy' ? ', with the guest paused (stop-and-copy)' : ''}.`,
      `第${r.index}轮发送第${r.index - 1}轮期间被写脏的页：${prev ?? r.sent}${r.kind === 'stop-copy' ? '，此时客户机暂停（停机拷贝）' : ''}。`,
    )
  return numeric(
    'round-sent',
    L(`How many pages will round ${r.index} send?`, `第${r.index}轮会发送多少页？`),
    r.sent,
    why,
  )
}

const DECISION: Readonly<Record<string, Localized>> = {
  continue: L('Another live round', '再来一轮在线拷贝'),
  stop: L('Stop the guest: the next round is stop-and-copy', '暂停客户机：下一轮是停机拷贝'),
  'last-live': L('One last live round, then stop', '最后一轮在线拷贝，然后暂停'),
  postcopy: L('Switch to post-copy', '转为后拷贝'),
  'give-up': L('Give up: it does not converge', '放弃：不收敛'),
  done: L('Done: the migration is complete', '完成：迁移结束'),
}

const STOP_WHY: Readonly<Record<string, Localized>> = {
  'below-threshold': L(
    'QEMU: pending pages < bandwidth × downtime limit',
    'QEMU：待发送页 < 带宽 × 停机时间上限',
  ),
  'few-dirty': L('Xen: fewer than 50 dirty pages', 'Xen：脏页少于50'),
  'max-iterations': L('Xen: the live-round limit is reached', 'Xen：达到在线轮次上限'),
  'few-sent': L('Xen legacy: fewer than 50 pages sent', 'Xen旧版：发送少于50页'),
  'three-times-ram': L('Xen legacy: more than 3 × RAM sent', 'Xen旧版：总发送超过3倍内存'),
}

/** The stop rule's owner as people write it. */
const RULE_NAME: Readonly<Record<string, string>> = {
  qemu: 'QEMU',
  xen: 'Xen',
  'xen-legacy': 'Xen (legacy)',
}

const migrateDecision: Gen = (ctx) => {
  const e = first(ctx, 'migrate.round')
  if (!e) return missing('migrate-decision', L('migration round', '迁移轮次'))
  const r = e.round
  const d = r.decision
  const stopWhy = 'why' in d ? STOP_WHY[d.why] : null
  const cmp = L(
    `After round ${r.index} the sync finds ${r.dirtied} dirty pages; the threshold is ${Math.round(e.thresholdPages * 10) / 10} pages (${RULE_NAME[e.rule] ?? e.rule} rule).`,
    `第${r.index}轮后同步发现${r.dirtied}个脏页；阈值是${Math.round(e.thresholdPages * 10) / 10}页（${RULE_NAME[e.rule] ?? e.rule}规则）。`,
  )
  return choice(
    'migrate-decision',
    L(
      `What does the stop rule decide after round ${r.index}?`,
      `第${r.index}轮之后停止规则怎么决定？`,
    ),
    DECISION,
    d.kind,
    ['continue', 'stop', 'give-up', 'postcopy', 'last-live'],
    L(
      `${cmp.en} ${DECISION[d.kind]?.en ?? d.kind}${stopWhy ? ` (${stopWhy.en})` : ''}.${r.throttleAfterPct > 0 ? ` Auto-converge throttles the vCPUs to ${r.throttleAfterPct} %.` : ''}`,
      `${cmp.zh}${DECISION[d.kind]?.zh ?? d.kind}${stopWhy ? `（${stopWhy.zh}）` : ''}。${r.throttleAfterPct > 0 ? `自动收敛把vCPU限速到${r.throttleAfterPct}%。` : ''}`,
    ),
  )
}

/** xl save / restore: the file holds every page; a restore reverts what changed since. */
const checkpointPages: Gen = (ctx) => {
  const e = first(ctx, 'migrate.checkpoint', 'migrate.restore')
  if (!e) return missing('checkpoint-pages', L('checkpoint or restore', '检查点或恢复'))
  if (e.kind === 'migrate.checkpoint')
    return numeric(
      'checkpoint-pages',
      L(`How many pages does \`${e.file}\` hold?`, `\`${e.file}\`保存多少页？`),
      e.pages,
      L(
        `Every page of the paused guest, ${e.pages} (${e.bytes / 2 ** 20} MiB), not only the ${e.written} it has written: a checkpoint is the migration stream into a file.`,
        `暂停的客户机的全部页，${e.pages}页（${e.bytes / 2 ** 20} MiB），不只是它写过的${e.written}页：检查点就是写进文件的迁移流。`,
      ),
    )
  return numeric(
    'checkpoint-pages',
    L(
      `How many pages will the restore from \`${e.file}\` change back?`,
      `从\`${e.file}\`恢复会改回多少页？`,
    ),
    e.reverted,
    L(
      `The ${e.reverted} pages written since the checkpoint go back to their saved contents; the ${e.undone} stores made since are undone.`,
      `检查点之后写过的${e.reverted}页恢复为保存的内容；之后的${e.undone}次写被撤销。`,
    ),
  )
}

const guestStores: Gen = (ctx) => {
  const e = first(ctx, 'migrate.guest')
  if (!e) return missing('guest-stores', L('guest run', '客户机运行'))
  let rate: number | null = null
  for (const f of before(ctx))
    if (f.event.kind === 'migrate.vm') {
      rate = f.event.dirtyRate
      break
    }
  return numeric(
    'guest-stores',
    L(`How many stores does the guest make in ${e.ms} ms?`, `客户机在${e.ms} ms内做多少次写？`),
    e.stores,
    L(
      `${rate === null ? '' : `${rate} stores per second × ${e.ms / 1000} s = `}${e.stores} stores, touching ${e.pagesTouched} distinct pages (stores hit pages already touched).`,
      `${rate === null ? '' : `每秒${rate}次 × ${e.ms / 1000} s = `}${e.stores}次写，涉及${e.pagesTouched}个不同的页（有些写落在已写过的页上）。`,
    ),
  )
}

/* ============================================================= scheduling */

const SWITCH_WHY: Readonly<Record<string, Localized>> = {
  slice: L('the running vCPU’s 30 ms slice ended', '正在运行的vCPU的30 ms时间片用完'),
  block: L(
    'the running vCPU blocked (its guest had nothing to run)',
    '正在运行的vCPU阻塞了（客户机无事可做）',
  ),
  preempt: L('a waking vCPU of higher priority preempted it', '一个醒来的更高优先级vCPU抢占了它'),
  park: L('accounting parked a capped vCPU over its cap', '记账把超出上限的vCPU停放'),
  idle: L('an idle pCPU found work', '空闲的pCPU找到了工作'),
}

/** Xen credit: BOOST before UNDER before OVER, round-robin within a priority. */
const schedNext: Gen = (ctx) => {
  const e = first(ctx, 'sched.switch')
  if (!e) return missing('sched-next', L('vCPU switch', 'vCPU切换'))
  const names = new Set<string>()
  const note = (n: string | null) => {
    if (n) names.add(n)
  }
  for (const f of before(ctx)) {
    const x = f.event
    if (x.kind === 'sched.thread') note(x.vcpu)
    if (x.kind === 'sched.switch') {
      note(x.from)
      note(x.to)
    }
  }
  for (const x of lineEvents(ctx)) if (x.kind === 'sched.thread') note(x.vcpu)
  note(e.to)
  note(e.from)
  const opts: Record<string, Localized> = {}
  for (const n of [...names].sort()) opts[n] = L(`\`${n}\``, `\`${n}\``)
  opts.idle = L('Nobody: the pCPU idles', '没有：pCPU空闲')
  const right = e.to ?? 'idle'
  const pri = e.pri
    ? L(` at priority ${e.pri.toUpperCase()}`, `，优先级${e.pri.toUpperCase()}`)
    : L('', '')
  const credit = e.credit === null ? L('', '') : L(`, credit ${e.credit}`, `，信用值${e.credit}`)
  return choice(
    'sched-next',
    L(`Which vCPU runs next on pCPU ${e.pcpu}?`, `pCPU ${e.pcpu}上接下来运行哪个vCPU？`),
    opts,
    right,
    Object.keys(opts),
    L(
      `At ${e.atUs / 1000} ms ${SWITCH_WHY[e.why]?.en ?? e.why}: ${e.to ? `\`${e.to}\` runs${pri.en}${credit.en}` : 'the pCPU idles'}.`,
      `在${e.atUs / 1000} ms，${SWITCH_WHY[e.why]?.zh ?? e.why}：${e.to ? `\`${e.to}\`运行${pri.zh}${credit.zh}` : 'pCPU空闲'}。`,
    ),
  )
}

/** The share of CPU time the least-served vCPU got over a `sched run` window. */
const cpuShare: Gen = (ctx) => {
  const e = first(ctx, 'sched.run')
  if (!e || e.shares.length === 0) return missing('cpu-share', L('scheduler run', '调度运行'))
  const window = e.toUs - e.fromUs
  const total = e.shares.reduce((n, s) => n + s.ranUs, 0) + e.idleUs.reduce((n, s) => n + s, 0)
  const sorted = [...e.shares].sort((a, b) => a.ranUs - b.ranUs || a.vcpu.localeCompare(b.vcpu))
  const s = sorted[0]
  if (!s || total === 0) return missing('cpu-share', L('scheduler run', '调度运行'))
  const pct = (s.ranUs / total) * 100
  const right = Math.round(pct)
  // Weights and caps set before, for the fair-share distractor and the explanation.
  const weight = new Map<string, { w: number; cap: number }>()
  for (const f of [...before(ctx)].reverse()) {
    const x = f.event
    if (x.kind === 'sched.vm' || x.kind === 'sched.set')
      weight.set(x.name, { w: x.weight, cap: x.cap })
  }
  for (const x of lineEvents(ctx))
    if (x.kind === 'sched.set') weight.set(x.name, { w: x.weight, cap: x.cap })
  const vmOf = (v: string) => v.split('.')[0] ?? v
  const ws = e.shares.map((x) => weight.get(vmOf(x.vcpu))?.w ?? 0)
  const sumW = ws.reduce((a, b) => a + b, 0)
  const mine = weight.get(vmOf(s.vcpu))
  const fair = sumW > 0 && mine ? Math.round((mine.w / sumW) * 100) : null
  const cands = [
    right,
    Math.round(100 / e.shares.length),
    // A fair-share option within a few points of the answer would ask for more precision than
    // the run gives: left out.
    fair !== null && Math.abs(fair - right) >= 5 ? fair : right + 10,
    100 - right,
    right + 15,
    right - 15,
  ]
  const opts: Record<string, Localized> = {}
  for (const c of [...new Set(cands.filter((c) => c >= 0 && c <= 100))].sort((a, b) => a - b))
    opts[String(c)] = L(`About ${c} %`, `约${c}%`)
  const conf = mine
    ? L(
        ` \`${vmOf(s.vcpu)}\` has weight ${mine.w}${mine.cap > 0 ? ` and a cap of ${mine.cap} %` : ''}${fair !== null ? ` (${fair} % of the weights in play)` : ''}.`,
        `\`${vmOf(s.vcpu)}\`的权重是${mine.w}${mine.cap > 0 ? `，上限${mine.cap}%` : ''}${fair !== null ? `（占参与者权重的${fair}%）` : ''}。`,
      )
    : L('', '')
  return choice(
    'cpu-share',
    L(
      `Over these ${window / 1000} ms, what share of the CPU time does \`${s.vcpu}\` get?`,
      `在这${window / 1000} ms里，\`${s.vcpu}\`得到多少CPU时间？`,
    ),
    opts,
    String(right),
    Object.keys(opts),
    L(
      `\`${s.vcpu}\` ran ${s.ranUs / 1000} ms of ${total / 1000} ms = ${pct.toFixed(1)} %.${conf.en}`,
      `\`${s.vcpu}\`运行了${s.ranUs / 1000} ms，共${total / 1000} ms，即${pct.toFixed(1)}%。${conf.zh}`,
    ),
  )
}

/* ========================================================= Xen PV hypercalls */

const RULE: Readonly<Record<string, Localized>> = {
  command: L('the command is not one Xen knows', 'Xen不认识这个命令'),
  'ptr-owner': L('the page holding the entry is not the guest’s', '存放表项的页不属于该客户机'),
  'page-type': L(
    'the page holding the entry is not a page table of that level',
    '存放表项的页不是该级页表',
  ),
  'guest-slot': L('the entry is in a slot Xen keeps for itself', '表项位于Xen保留的槽'),
  flags: L(
    'the new entry sets flag bits Xen does not allow at this level',
    '新表项设置了Xen在这一级不允许的标志位',
  ),
  'target-owner': L(
    'the frame the new entry points to is not the guest’s',
    '新表项指向的帧不属于该客户机',
  ),
  'target-type': L(
    'the frame the new entry points to cannot take the type it needs (a writable mapping of a page table, or a table of the wrong level)',
    '新表项指向的帧无法取得所需类型（页表的可写映射，或级别不对的页表）',
  ),
  pinned: L('the table is already pinned', '该页表已被固定（`pin`）'),
}

const RC: Readonly<Record<string, Localized>> = {
  '0': L('0 (success)', '0（成功）'),
  '-1': L('−1 (−EPERM)', '−1（−EPERM）'),
  '-16': L('−16 (−EBUSY)', '−16（−EBUSY）'),
  '-22': L('−22 (−EINVAL)', '−22（−EINVAL）'),
  '-38': L('−38 (−ENOSYS)', '−38（−ENOSYS）'),
}

/** The first refused request of the step's hypercall, for the explanation. */
function refusalOf(ctx: QuestionContext): { rule: string; where: string } | null {
  for (const e of lineEvents(ctx)) {
    if ((e.kind === 'xenpv.update' || e.kind === 'xenpv.mmuext') && e.refusal) {
      const where =
        e.kind === 'xenpv.update' ? `mmu_update ${hex(e.ptr)} ← ${hex(e.val)}` : `mmuext ${e.cmd}`
      return { rule: e.refusal.rule, where }
    }
    if (e.kind === 'xenpv.hypercall') break
  }
  return null
}

const hypercallRc: Gen = (ctx) => {
  const prompt = L('What does this hypercall return?', '这次超级调用返回什么？')
  for (const e of lineEvents(ctx)) {
    if (e.kind === 'evtchn.fail')
      return choice(
        'hypercall-rc',
        prompt,
        RC,
        String(e.rc),
        ['0', '-22', '-16', '-1'],
        L(
          `\`EVTCHNOP_${e.op}\` on port ${e.port} (${e.state}) fails with ${minus(e.rc)} (−${e.errno}).`,
          `对端口${e.port}（\`${e.state}\`）的\`EVTCHNOP_${e.op}\`失败，返回${minus(e.rc)}（−${e.errno}）。`,
        ),
      )
    if (e.kind === 'xenpv.hypercall') {
      const r = refusalOf(ctx)
      const why = r
        ? L(
            ` \`${r.where}\` is refused by the check \`${r.rule}\`: ${RULE[r.rule]?.en ?? r.rule}.`,
            `\`${r.where}\`没通过\`${r.rule}\`检查：${RULE[r.rule]?.zh ?? r.rule}。`,
          )
        : L('', '')
      return choice(
        'hypercall-rc',
        prompt,
        RC,
        String(e.rc),
        ['0', '-22', '-16', '-1'],
        L(
          `\`${e.call}\` (hypercall ${e.number}) returns ${RC[String(e.rc)]?.en ?? e.rc}; ${e.done} of ${e.count} ${plural(e.count, 'request', 'requests')} done.${why.en}`,
          `\`${e.call}\`（${e.number}号超级调用）返回${RC[String(e.rc)]?.zh ?? e.rc}；${e.count}个请求完成了${e.done}个。${why.zh}`,
        ),
      )
    }
  }
  return missing('hypercall-rc', L('hypercall', '超级调用'))
}

const hypercallDone: Gen = (ctx) => {
  const e = first(ctx, 'xenpv.hypercall')
  if (!e) return missing('hypercall-done', L('hypercall', '超级调用'))
  const r = refusalOf(ctx)
  return numeric(
    'hypercall-done',
    L(
      `Of the ${e.count} ${plural(e.count, 'request', 'requests')} in this \`${e.call}\`, how many does Xen complete?`,
      `这次\`${e.call}\`的${e.count}个请求，Xen完成几个？`,
    ),
    e.done,
    L(
      `Xen runs them in order in one guest-to-Xen transition and stops at the first failure: ${e.done} done, return value ${minus(e.rc)}.${r ? ` \`${r.where}\` fails \`${r.rule}\`: ${RULE[r.rule]?.en ?? r.rule}.` : ''}`,
      `Xen在一次陷入中按顺序执行，遇到第一个失败就停：完成${e.done}个，返回值${minus(e.rc)}。${r ? `\`${r.where}\`没通过\`${r.rule}\`：${RULE[r.rule]?.zh ?? r.rule}。` : ''}`,
    ),
  )
}

const PTWR: Readonly<Record<string, Localized>> = {
  emulated: L(
    'Xen traps the #PF and emulates the store into the L1 table',
    'Xen截获#PF，模拟对L1页表的写',
  ),
  refused: L('Xen traps it, checks the new entry and refuses it', 'Xen截获它，检查新表项并拒绝'),
  'not-l1': L('Not an L1 table: the #PF goes back to the guest', '不是L1页表：#PF交回客户机'),
  unaligned: L('A misaligned store: not emulated', '未对齐的写：不模拟'),
}

/** Xen's writable page tables (ptwr_emulated_update): L1 stores only, validated like mmu_update. */
const ptwrOutcome: Gen = (ctx) => {
  const e = first(ctx, 'xenpv.direct-write')
  if (!e) return missing('ptwr-outcome', L('store into a page table', '对页表的写'))
  const rule = e.refusal ? RULE[e.refusal.rule] : null
  return choice(
    'ptwr-outcome',
    L(
      `The guest stores ${hex(e.value)} into \`${hex(e.addr)}\`, a page of its own tables. What happens?`,
      `客户机把${hex(e.value)}写到\`${hex(e.addr)}\`，那是它自己页表的一页。会怎样？`,
    ),
    PTWR,
    e.ptwr,
    ['emulated', 'refused', 'not-l1'],
    L(
      `The page (${e.pageType}) is mapped read-only, so the store faults (error code ${hex(e.fault.errorCode)}). ${PTWR[e.ptwr]?.en ?? e.ptwr}${rule ? `: ${rule.en}` : ''}.`,
      `该页（${e.pageType}）是只读映射，写引发缺页（错误码${hex(e.fault.errorCode)}）。${PTWR[e.ptwr]?.zh ?? e.ptwr}${rule ? `：${rule.zh}` : ''}。`,
    ),
  )
}

/** The kinds this file adds; generators.ts lists them in GENERATORS. */
const DESIGN_NAME: Readonly<Record<string, Localized>> = {
  esx: L('ESX (type 1)', 'ESX（类型 1）'),
  hosted: L('VMware Workstation (hosted)', '`VMware Workstation`（宿主式）'),
  xen: L('Xen with Dom0', 'Xen 与 Dom0'),
  kvm: L('KVM with QEMU', 'KVM 与 QEMU'),
}

/** "Where the hypervisor lives": the hops of the guest's OUT through one design (hw-facts-2 §4). */
const hypHops: Gen = (ctx) => {
  const hops = lineEvents(ctx).filter(
    (e): e is Extract<EngineEvent, { kind: 'hyp.hop' }> => e.kind === 'hyp.hop',
  )
  const e = hops[0]
  if (!e) return missing('hyp-hops', L('OUT followed through a design', '沿某种设计跟踪的OUT'))
  const name = DESIGN_NAME[e.design] ?? L(e.design, e.design)
  const path = ['guest', ...hops.map((h) => h.hop.at)].map((id) => `\`${id}\``).join(' → ')
  const switches = hops.filter((h) => h.hop.switches !== null).length
  return numeric(
    'hyp-hops',
    L(
      `Under ${name.en}, how many hops does the guest’s OUT take until the guest runs again?`,
      `在${name.zh}下，客户机的OUT要经过几跳才回到客户机继续运行？`,
    ),
    e.of,
    L(
      `${e.of} ${plural(e.of, 'hop', 'hops')}: ${path}; ${switches} of them switch worlds or enter/leave the guest.`,
      `${e.of}跳：${path}；其中${switches}跳切换世界或进出客户机。`,
    ),
  )
}

/** "The same packet five ways": one way's VM exits over its workload, tallied by its model. */
const iowaysExits: Gen = (ctx) => {
  const e = first(ctx, 'ioways.way')
  if (!e) return missing('ioways-exits', L('I/O way run', 'I/O方式的运行'))
  const c = e.result.counts
  const parts = Object.entries(c.exits).map(([r, n]) => `${n} × ${r}`)
  const reasons = parts.join(', ')
  const reasonsZh = parts.join('、')
  const k = e.result.k
  return numeric(
    'ioways-exits',
    L(
      `Sending and receiving ${k} frames each way through \`${e.way}\`: how many VM exits?`,
      `通过\`${e.way}\`发送和接收各${k}帧：一共多少次VM退出？`,
    ),
    c.exitsTotal,
    L(
      `${c.exitsTotal} ${plural(c.exitsTotal, 'exit', 'exits')}${reasons ? ` (by basic reason: ${reasons})` : ''}; ${c.userspace} returns to user space, ${c.copies} CPU copies, ${c.interrupts} interrupts.`,
      `${c.exitsTotal}次退出${reasonsZh ? `（按基本原因号：${reasonsZh}）` : ''}；返回用户态${c.userspace}次，CPU复制${c.copies}次，中断${c.interrupts}次。`,
    ),
  )
}

export const IO_GENERATORS = {
  'ring-prod': ringProd,
  'ring-slots': ringSlots,
  'ring-pending': ringPending,
  'evtchn-deliver': evtchnDeliver,
  'grant-count': grantCount,
  'rx-outcome': rxOutcome,
  'kvm-exit': kvmExit,
  'e1000-icr': e1000Icr,
  'used-idx': usedIdx,
  'dma-outcome': dmaOutcome,
  'vf-rid': vfRid,
  'instr-outcome': instrOutcome,
  'vmm-entries': vmmEntries,
  'share-outcome': shareOutcome,
  'write-fault': writeFault,
  'pages-sharing': pagesSharing,
  'balloon-source': balloonSource,
  'balloon-actual': balloonActual,
  'pageout-ios': pageoutIos,
  'reclaim-victim': reclaimVictim,
  'round-sent': roundSent,
  'migrate-decision': migrateDecision,
  'checkpoint-pages': checkpointPages,
  'guest-stores': guestStores,
  'sched-next': schedNext,
  'cpu-share': cpuShare,
  'hypercall-rc': hypercallRc,
  'hypercall-done': hypercallDone,
  'ptwr-outcome': ptwrOutcome,
  'hyp-hops': hypHops,
  'ioways-exits': iowaysExits,
} as const satisfies Readonly<Record<string, Gen>>

export type IoQuestionKind = keyof typeof IO_GENERATORS
