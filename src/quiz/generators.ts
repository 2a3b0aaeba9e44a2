// Question generators (issue 19, docs/questions.md): each reads the step's events and returns
// the prompt, the right answer, plausible wrong options and an explanation built from what the
// events say. Pure: no React, no DOM, no clock; the same trace gives the same question.
import type { Localized } from '../console/index.ts'
import {
  EXIT_REASON,
  EXIT_REASON_DESCRIPTIONS,
  PF_ERROR_CODE_BITS,
  PF_ID,
  PF_P,
  PF_RSVD,
  PF_US,
  PF_WR,
  VM_INSTRUCTION_ERROR_TEXT,
  VMXERR,
  type EngineEvent,
  type Frame,
  geometryOf,
  type Result,
  err,
  ok,
} from '../engine/index.ts'
import type { QuestionKind } from '../scenarios/types.ts'
import { IO_GENERATORS } from './generators-io.ts'
import {
  type Choice,
  type Generated,
  type QuestionContext,
  type QuestionError,
  lineEvents,
} from './types.ts'
import { spaceZh } from './zh.ts'

export type Generator = (ctx: QuestionContext) => Result<Generated, QuestionError>

const hex = (n: number | bigint): string => `0x${n.toString(16)}`
const L = (en: string, zh: string): Localized => ({ en, zh: spaceZh(zh) })
const cap = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1)

/**
 * The right option plus wrong ones (duplicates of it or of each other dropped), at most `n`,
 * sorted by `key` so the right one's place says nothing.
 */
export function pickChoices(
  right: Choice & { readonly key: number },
  wrong: readonly (Choice & { readonly key: number })[],
  n = 4,
): Choice[] {
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

function noEvent(kind: QuestionKind, what: Localized): Result<Generated, QuestionError> {
  return err({
    code: 'no-event',
    kind,
    message: L(
      `no ${what.en} at this step, so "${kind}" has nothing to ask`,
      `这一步没有${what.zh}，\`${kind}\`无从提问`,
    ),
  })
}

/* ---------------------------------------------------------------- accesses */

type AccessResult = 'ok' | 'pf' | 'gp' | 'exit'

/** One access's summary event, whichever MMU made it, in the terms the questions use. */
interface AccessSummary {
  readonly va: bigint
  readonly intent: string
  readonly mode: string
  readonly result: AccessResult
  readonly errorCode: number | null
  readonly reason: string | null
  readonly refs: number | null
  readonly tlb: 'hit' | 'miss' | null
  readonly virtualized: boolean
  /** The exit's reason and name (shadow: a hidden #PF is exit 0). */
  readonly exit: { readonly reason: number; readonly name: string } | null
  /** Shadow only: who the fault belongs to. */
  readonly induced: 'none' | 'hypervisor' | 'guest' | null
  /** Memory references by kind, for the explanation ("4 guest + 20 EPT"). */
  readonly parts: readonly { readonly what: Localized; readonly n: number }[]
  /** EPT: guest and EPT levels, for the (n+1)(m+1) − 1 rule of a walk no cache shortens. */
  readonly levels?: { readonly n: number; readonly m: number }
}

type Outcome =
  | { readonly result: 'ok' }
  | {
      readonly result: 'fault'
      readonly fault:
        | { readonly vector: 14; readonly errorCode: number; readonly reason?: string }
        | { readonly vector: 13 }
    }
  | { readonly result: 'exit'; readonly exit: { readonly reason: number; readonly name: string } }

function fromOutcome(o: Outcome): Pick<AccessSummary, 'result' | 'errorCode' | 'reason' | 'exit'> {
  if (o.result === 'ok') return { result: 'ok', errorCode: null, reason: null, exit: null }
  if (o.result === 'exit') return { result: 'exit', errorCode: null, reason: null, exit: o.exit }
  if (o.fault.vector === 13) return { result: 'gp', errorCode: null, reason: null, exit: null }
  return {
    result: 'pf',
    errorCode: o.fault.errorCode,
    reason: o.fault.reason ?? null,
    exit: null,
  }
}

function accessSummary(e: EngineEvent): AccessSummary | null {
  const base = { induced: null, parts: [] }
  switch (e.kind) {
    case 'paging.access':
    case 'paging.translate':
      return {
        ...base,
        va: e.va,
        intent: e.intent,
        mode: e.mode,
        ...fromOutcome(e.outcome),
        refs: e.refs.length,
        tlb: e.kind === 'paging.access' ? e.tlb : null,
        virtualized: false,
        parts: [{ what: L('paging-structure entries', '分页结构表项'), n: e.refs.length }],
      }
    case 'xenpv.access':
      return {
        ...base,
        va: e.va,
        intent: e.intent,
        mode: e.mode,
        ...fromOutcome(e.outcome),
        refs: e.refs.length,
        tlb: e.tlb,
        virtualized: true,
        parts: [
          {
            what: L('entries of the guest’s own tables', '客户机自己页表的表项'),
            n: e.refs.length,
          },
        ],
      }
    case 'ept.access': {
      const guest = e.refs.filter((r) => r.kind === 'guest').length
      return {
        ...base,
        va: e.va,
        intent: e.intent,
        mode: e.mode,
        ...fromOutcome(e.outcome),
        refs: e.refs.length,
        tlb: e.tlb,
        virtualized: true,
        parts: [
          { what: L('guest entries', '客户机表项'), n: guest },
          { what: L('EPT entries', '`EPT`表项'), n: e.refs.length - guest },
        ],
        levels: { n: e.guestLevels, m: e.eptLevels },
      }
    }
    case 'shadow.access':
      return {
        va: e.va,
        intent: e.intent,
        mode: e.mode,
        result: e.result === 'ok' ? 'ok' : e.result === 'exit' ? 'exit' : 'pf',
        errorCode: e.fault?.vector === 14 ? e.fault.errorCode : (e.exit?.errorCode ?? null),
        reason: null,
        exit: e.exit,
        refs: e.refs.length,
        tlb: e.tlb,
        virtualized: true,
        induced: e.induced,
        parts: [
          { what: L('shadow entries read by the hardware', '硬件读的影子表项'), n: e.refs.length },
        ],
      }
    case 'access.done':
      return {
        ...base,
        va: e.va,
        intent: e.intent,
        mode: e.mode,
        ...fromOutcome(e.outcome),
        refs: null,
        tlb: null,
        virtualized: e.vm !== null,
      }
    default:
      return null
  }
}

const firstAccess = (ctx: QuestionContext): AccessSummary | null => {
  for (const e of lineEvents(ctx)) {
    const a = accessSummary(e)
    if (a) return a
  }
  return null
}

const accessWords = (a: AccessSummary): Localized => {
  const intent: Record<string, Localized> = {
    read: L('read', '读'),
    write: L('write', '写'),
    fetch: L('instruction fetch', '取指'),
  }
  const i = intent[a.intent] ?? L(a.intent, a.intent)
  const m = a.mode === 'user' ? L('user', '用户态') : L('kernel', '内核态')
  return L(`a ${m.en} ${i.en} of \`${hex(a.va)}\``, `对\`${hex(a.va)}\`的${m.zh}${i.zh}`)
}

/* ------------------------------------------------------------ #PF error code */

function pfLabel(code: number): Localized {
  const set = PF_ERROR_CODE_BITS.filter((b) => (code & (1 << b.bit)) !== 0).map((b) => b.name)
  const bits = set.length === 0 ? L('no bit set', '无位置位') : L(set.join(' + '), set.join(' + '))
  return L(`${hex(code)} (${bits.en})`, `${hex(code)}（${bits.zh}）`)
}

function pfBits(code: number): Localized {
  const on = (b: number) => (code & b) !== 0
  const en = [
    on(PF_P)
      ? 'P=1: the entry was present, a rights check failed'
      : 'P=0: an entry was not present',
    on(PF_WR) ? 'W/R=1: a write' : 'W/R=0: a read or fetch',
    on(PF_US) ? 'U/S=1: user mode' : 'U/S=0: kernel mode',
  ]
  const zh = [
    on(PF_P) ? 'P=1：表项存在，是权限检查失败' : 'P=0：有表项不存在',
    on(PF_WR) ? 'W/R=1：写' : 'W/R=0：读或取指',
    on(PF_US) ? 'U/S=1：用户态' : 'U/S=0：内核态',
  ]
  if (on(PF_RSVD)) {
    en.push('RSVD=1: a reserved bit was set')
    zh.push('RSVD=1：某个表项设了保留位')
  }
  if (on(PF_ID)) {
    en.push('I/D=1: an instruction fetch')
    zh.push('I/D=1：取指')
  }
  if (on(1 << 5)) {
    en.push('PK=1: the protection key forbids it')
    zh.push('PK=1：保护键禁止')
  }
  return L(en.join('; '), zh.join('；'))
}

/** What made a shadow-paging exit, in words. */
const SHADOW_CAUSE: Readonly<Record<string, Localized>> = {
  'shadow-pf': L('a #PF in the shadow tables', '影子页表中的#PF'),
  'pt-write': L(
    'a guest store into its own page table (the VMM write-protects it)',
    '客户机写自己的页表（VMM对它做了写保护）',
  ),
  cr3: L('the guest’s MOV to CR3', '客户机的MOV到CR3'),
  invlpg: L('the guest’s INVLPG', '客户机的INVLPG'),
  control: L('a guest control-register write', '客户机写控制寄存器'),
}
const SHADOW_CAUSE_WHERE = (cause: string, va: bigint | null): Localized => {
  if (cause === 'shadow-pf' && va !== null)
    return L(
      `the hardware’s walk of the shadow tables for \`${hex(va)}\``,
      `硬件对\`${hex(va)}\`的影子页表遍历`,
    )
  const c = SHADOW_CAUSE[cause] ?? L(cause, cause)
  return va === null ? c : L(`${c.en}, for \`${hex(va)}\`,`, `${c.zh}（\`${hex(va)}\`）`)
}

/** A #PF the step's events raise: the access's fault, a hidden fault's exit, or an injection. */
function findPf(ctx: QuestionContext): {
  code: number
  where: Localized
  how: Localized
} | null {
  for (const e of lineEvents(ctx)) {
    if (e.kind === 'shadow.exit' && e.exit.errorCode !== null)
      return {
        code: e.exit.errorCode,
        where: SHADOW_CAUSE_WHERE(e.cause, e.va),
        how: L(
          'The hardware walked the shadow tables; the #PF exits to the VMM (exit 0), which reads this code from the exit’s interruption error code.',
          '硬件遍历的是影子页表；#PF导致VM退出（退出原因0），VMM从退出的中断错误码里读到它。',
        ),
      }
    if (e.kind === 'shadow.inject')
      return {
        code: e.errorCode,
        where: L(`\`${hex(e.cr2)}\``, `\`${hex(e.cr2)}\``),
        how: L(
          `The guest’s own tables forbid it (${e.reason} at level ${e.level}): the VMM injects this #PF into the guest.`,
          `客户机自己的页表不允许（第${e.level}级，${e.reason}）：VMM把这个#PF注入客户机。`,
        ),
      }
    const a = accessSummary(e)
    if (a?.result === 'pf' && a.errorCode !== null)
      return {
        code: a.errorCode,
        where: accessWords(a),
        how: a.reason
          ? L(`The walk stops with \`${a.reason}\`.`, `遍历因\`${a.reason}\`而停止。`)
          : L('', ''),
      }
  }
  return null
}

const pfErrorCode: Generator = (ctx) => {
  const pf = findPf(ctx)
  if (!pf) return noEvent('pf-error-code', L('page fault', '缺页异常（#PF）'))
  // Plausible slips: each of P, W/R, U/S, I/D read the other way.
  const wrong = [PF_P, PF_WR, PF_US, PF_ID, PF_RSVD].map((b) => pf.code ^ b)
  const choice = (c: number) => ({ id: hex(c), key: c, label: pfLabel(c) })
  const bits = pfBits(pf.code)
  return ok({
    kind: 'pf-error-code',
    type: 'choice',
    prompt: L('Which #PF error code will this raise?', '这一步会产生哪个 #PF 错误码？'),
    choices: pickChoices(choice(pf.code), wrong.map(choice)),
    answer: hex(pf.code),
    answerText: pfLabel(pf.code),
    explanation: L(
      `${cap(pf.where.en)} faults with error code ${hex(pf.code)}: ${bits.en}. ${pf.how.en}`.trim(),
      `${pf.where.zh}产生错误码${hex(pf.code)}的缺页：${bits.zh}。${pf.how.zh}`,
    ),
  })
}

/* ------------------------------------------------------------- walk refs */

const walkRefs: Generator = (ctx) => {
  const a = firstAccess(ctx)
  if (!a || a.refs === null) return noEvent('walk-refs', L('paging access', '分页访问'))
  const parts = a.parts.filter((p) => p.n > 0)
  const split =
    parts.length > 1
      ? L(
          ` (${parts.map((p) => `${p.n} ${p.what.en}`).join(' + ')})`,
          `（${parts.map((p) => `${p.what.zh}${p.n}次`).join(' + ')}）`,
        )
      : L('', '')
  const full = a.levels ? (a.levels.n + 1) * (a.levels.m + 1) - 1 : null
  const why =
    a.levels && full === a.refs
      ? L(
          `With ${a.levels.n} guest and ${a.levels.m} EPT levels a walk no cache shortens makes (n+1)(m+1) − 1 = ${full} references: each guest table address and the final GPA need an EPT walk (hw-facts §3.1).`,
          `客户机${a.levels.n}级、EPT ${a.levels.m}级，没有缓存缩短时一次遍历要\`(n+1)(m+1) − 1\` = ${full}次引用：每个客户机页表地址和最终的GPA都要走一遍EPT（hw-facts §3.1）。`,
        )
      : a.tlb === 'hit'
        ? L('The TLB holds the translation, so no table is read.', 'TLB里有这个翻译，不读任何表。')
        : L('Each level of the walk is one memory reference.', '遍历的每一级都是一次内存引用。')
  return ok({
    kind: 'walk-refs',
    type: 'number',
    prompt: L(
      'How many paging-structure memory references will this access make?',
      '这次访问会做多少次分页结构的内存引用？',
    ),
    answer: a.refs,
    answerText: L(String(a.refs), String(a.refs)),
    explanation: L(
      `${cap(accessWords(a).en)} reads ${a.refs} paging-structure ${a.refs === 1 ? 'entry' : 'entries'}${split.en}. ${why.en}`,
      `${accessWords(a).zh}读了${a.refs}个分页结构表项${split.zh}。${why.zh}`,
    ),
  })
}

/* ------------------------------------------------------------ exit reason */

const NAME_OF: ReadonlyMap<number, string> = new Map(
  Object.entries(EXIT_REASON).map(([name, n]) => [n, name]),
)

/** Reasons a student mixes up with each other (same instruction family or same symptom). */
const CONFUSED: Readonly<Record<number, readonly number[]>> = {
  0: [48, 14, 28],
  1: [12, 0, 30],
  10: [18, 12, 0],
  12: [1, 10, 18],
  14: [0, 48, 28],
  18: [10, 12, 30],
  28: [14, 32, 0],
  30: [48, 49, 32],
  31: [32, 10, 30],
  32: [31, 28, 30],
  33: [8, 7, 0],
  48: [49, 0, 14],
  49: [48, 30, 0],
}
const FALLBACK = [0, 10, 12, 28, 30, 48, 49]

function exitLabel(reason: number, name?: string | null): Localized {
  const n = name ?? NAME_OF.get(reason) ?? EXIT_REASON_DESCRIPTIONS[reason] ?? '?'
  return L(`${reason} ${n}`, `${reason} ${n}`)
}

/** The first VM exit among the step's events: basic reason, name and what caused it. */
function findExit(ctx: QuestionContext): {
  reason: number
  name: string | null
  why: Localized
} | null {
  for (const e of lineEvents(ctx)) {
    switch (e.kind) {
      case 'vmx.exit': {
        const x = e.exit
        const failed = x.entryFailure
          ? L(' VM entry failed (exit-reason bit 31 set).', 'VM进入失败（退出原因第31位为1）。')
          : L('', '')
        // `cause` is "<console words>: <why, in English>".
        const cut = x.cause.indexOf(': ')
        const head = cut < 0 ? x.cause : x.cause.slice(0, cut)
        const rest = cut < 0 ? '' : ` (${x.cause.slice(cut + 2)})`
        return {
          reason: x.reason,
          name: x.name,
          why: L(
            `Caused by \`${head}\`${rest}; qualification ${hex(x.qualification)}.${failed.en}`,
            `由\`${head}\`引起；退出限定（\`EXIT_QUALIFICATION\`）为${hex(x.qualification)}。${failed.zh}`,
          ),
        }
      }
      case 'shadow.exit':
        return {
          reason: e.exit.reason,
          name: e.exit.name,
          why: L(
            `Under shadow paging the VMM must see ${(SHADOW_CAUSE[e.cause] ?? L(e.cause, e.cause)).en}.`,
            `在影子页表下VMM必须截获${(SHADOW_CAUSE[e.cause] ?? L(e.cause, e.cause)).zh}。`,
          ),
        }
      case 'kvm.exit':
        return {
          reason: e.reason,
          name: e.name,
          why: L(
            `The guest’s ${e.write ? 'write' : 'read'} leaves the CPU for KVM; qualification ${hex(e.qualification)}.`,
            `客户机的${e.write ? '写' : '读'}让CPU退出到KVM；退出限定为${hex(e.qualification)}。`,
          ),
        }
      case 'virtio.exit':
        return {
          reason: e.reason,
          name: null,
          why: L(
            `The driver’s store to \`${hex(e.gpa)}\` (${e.what}) exits.`,
            `驱动对\`${hex(e.gpa)}\`的写（${e.what}）导致退出。`,
          ),
        }
      default: {
        const a = accessSummary(e)
        if (a?.exit)
          return {
            reason: a.exit.reason,
            name: a.exit.name,
            why: L(`${cap(accessWords(a).en)} exits.`, `${accessWords(a).zh}导致退出。`),
          }
      }
    }
  }
  return null
}

const exitReason: Generator = (ctx) => {
  const x = findExit(ctx)
  if (!x) return noEvent('exit-reason', L('VM exit', 'VM退出'))
  const choice = (r: number) => ({ id: String(r), key: r, label: exitLabel(r) })
  const right = { id: String(x.reason), key: x.reason, label: exitLabel(x.reason, x.name) }
  const wrong = [...(CONFUSED[x.reason] ?? []), ...FALLBACK].map(choice)
  return ok({
    kind: 'exit-reason',
    type: 'choice',
    prompt: L('Which exit reason will the VMCS record?', 'VMCS会记录哪个退出原因？'),
    choices: pickChoices(right, wrong),
    answer: right.id,
    answerText: right.label,
    explanation: L(
      `Exit reason ${right.label.en} (basic reason, SDM Vol. 3 App. C). ${x.why.en}`,
      `退出原因是${right.label.zh}（基本退出原因，SDM卷3附录C）。${x.why.zh}`,
    ),
  })
}

/* ------------------------------------------------------------- next entry */

interface EntryRead {
  readonly level: number
  readonly name: string
  readonly index: number
  readonly addr: bigint | null
  /** The address whose bits chose the index (linear for guest tables, GPA for EPT). */
  readonly by: bigint
  readonly dimension: Localized
  /** Each level's index field (bit position and width) in this walk's format. */
  readonly fields: readonly {
    readonly level: number
    readonly shift: number
    readonly bits: number
  }[]
}

/** EPT tables: 9 index bits of the guest-physical address per level above the 4 KiB offset (SDM3 §28.2.2). */
const EPT_FIELDS = [1, 2, 3, 4, 5].map((level) => ({ level, shift: 12 + 9 * (level - 1), bits: 9 }))

function guestFields(f: Frame): EntryRead['fields'] {
  const g = geometryOf(f.machine.paging.mode, f.machine.paging.teach)
  return g.levels.map((l) => ({
    level: l.level,
    shift: Number(l.shift),
    bits: Number(l.indexBits),
  }))
}

function entryRead(f: Frame): EntryRead | null {
  const e = f.event
  switch (e.kind) {
    case 'paging.ref':
      return { ...e, by: e.va, dimension: L('', ''), fields: guestFields(f) }
    case 'ept.guest-ref':
      return { ...e, by: e.va, dimension: L('guest ', '客户机'), fields: guestFields(f) }
    case 'ept.nested-ref':
      // Its name already says EPT (`EPT PML4E`).
      return { ...e, by: e.gpa, dimension: L('', ''), fields: EPT_FIELDS }
    case 'shadow.ref':
      return {
        ...e,
        by: e.va,
        dimension: e.who === 'hardware' ? L('shadow ', '影子') : L('guest ', '客户机'),
        fields: guestFields(f),
      }
    default:
      return null
  }
}

const entryLabel = (name: string, index: number): Localized =>
  L(`${name} index ${index}`, `${name}第${index}项`)

const nextEntry: Generator = (ctx) => {
  const f = ctx.frames[ctx.index]
  const r = f ? entryRead(f) : null
  if (!r) return noEvent('next-entry', L('table-entry read', '表项读取'))
  const field = (level: number) => r.fields.find((x) => x.level === level) ?? null
  const idx = (level: number): number | null => {
    const x = field(level)
    return x === null ? null : Number((r.by >> BigInt(x.shift)) & ((1n << BigInt(x.bits)) - 1n))
  }
  const own = field(r.level)
  // The address bits explain the index only when they give it (a PAE PDPTE register does not).
  const fromBits = own !== null && idx(r.level) === r.index
  const size = own ? 1 << own.bits : 512
  // The slip students make: taking another level's index bits, or the neighbouring entry.
  const others = fromBits
    ? r.fields.filter((x) => x.level !== r.level).map((x) => idx(x.level) ?? -1)
    : []
  const candidates = [...others, r.index + 1, r.index - 1, r.index + 2].filter(
    (i) => i >= 0 && i < size,
  )
  const choice = (i: number) => ({ id: String(i), key: i, label: entryLabel(r.name, i) })
  const bitsWhy =
    fromBits && own
      ? L(
          ` (bits ${own.shift + own.bits - 1}:${own.shift} of \`${hex(r.by)}\` are ${r.index})`,
          `（\`${hex(r.by)}\`的第\`${own.shift + own.bits - 1}:${own.shift}\`位是${r.index}）`,
        )
      : L('', '')
  const at = r.addr === null ? L('', '') : L(` at \`${hex(r.addr)}\``, `，地址\`${hex(r.addr)}\``)
  return ok({
    kind: 'next-entry',
    type: 'choice',
    prompt: L(
      `Which ${r.dimension.en}${r.name} does the walk read now?`,
      `遍历现在读哪个${r.dimension.zh}${r.name}？`,
    ),
    choices: pickChoices(choice(r.index), candidates.map(choice)),
    answer: String(r.index),
    answerText: entryLabel(r.name, r.index),
    explanation: L(
      `The walk reads ${r.name} index ${r.index}${bitsWhy.en}${at.en}.`,
      `遍历读${r.name}第${r.index}项${bitsWhy.zh}${at.zh}。`,
    ),
  })
}

/* ----------------------------------------------------------------- notify */

const YES_NO = (yes: Localized, no: Localized): Choice[] => [
  { id: 'yes', label: yes },
  { id: 'no', label: no },
]

const u32 = (n: number) => n >>> 0
const u16 = (n: number) => n & 0xffff

const notify: Generator = (ctx) => {
  for (const e of lineEvents(ctx)) {
    if (e.kind === 'ring.push') {
      const other = e.side === 'front' ? L('backend', '后端') : L('frontend', '前端')
      const prod = e.side === 'front' ? 'req_prod' : 'rsp_prod'
      const evt = e.side === 'front' ? 'req_event' : 'rsp_event'
      const a = u32(e.new - e.event)
      const b = u32(e.new - e.old)
      return ok({
        kind: 'notify',
        type: 'choice',
        prompt: L(`Does this push notify the ${other.en}?`, `这次\`push\`会通知${other.zh}吗？`),
        choices: YES_NO(L('Yes, notify', '会通知'), L('No notification', '不通知')),
        answer: e.notify ? 'yes' : 'no',
        answerText: e.notify ? L('Yes, notify', '会通知') : L('No notification', '不通知'),
        explanation: L(
          `\`${prod}\` moves ${e.old} → ${e.new} and \`${evt}\` is ${e.event}. ring.h notifies when (new − event) < (new − old) in u32: ${a} < ${b} is ${a < b}.`,
          `\`${prod}\`从${e.old}变为${e.new}，\`${evt}\`是${e.event}。\`ring.h\`在\`(new − event) < (new − old)\`（u32 运算）时通知：\`${a} < ${b}\`为\`${a < b}\`。`,
        ),
      })
    }
    if (e.kind === 'virtio.kick-check' || e.kind === 'virtio.irq-check') {
      const kick = e.kind === 'virtio.kick-check'
      const who = kick
        ? L('Does the driver kick the device (a notify)?', '驱动会通知设备（`kick`）吗？')
        : L('Does the device interrupt the driver?', '设备会给驱动发中断吗？')
      const idx = kick ? 'avail idx' : 'used idx'
      const flag = kick ? 'VRING_USED_F_NO_NOTIFY' : 'VRING_AVAIL_F_NO_INTERRUPT'
      const first = e.kind === 'virtio.irq-check' && e.first
      let why: Localized
      if (first) why = L('It is the first decision: always sent.', '这是第一次判断：总是发送。')
      else if (e.event === null) {
        const off = e.kind === 'virtio.kick-check' ? e.noNotify : e.noInterrupt
        why = L(
          `No EVENT_IDX: the other side’s \`${flag}\` is ${off ? 'set' : 'clear'}.`,
          `没有EVENT_IDX：对方的\`${flag}\`${off ? '已置位' : '未置位'}。`,
        )
      } else {
        const a = u16(e.new - e.event - 1)
        const b = u16(e.new - e.old)
        why = L(
          `${idx} moves ${e.old} → ${e.new}, the event index is ${e.event}: vring_need_event is (u16)(new − event − 1) < (u16)(new − old), ${a} < ${b} is ${a < b}.`,
          `\`${kick ? 'avail->idx' : 'used->idx'}\`从${e.old}变为${e.new}，事件索引是${e.event}：\`vring_need_event\`即\`(u16)(new − event − 1) < (u16)(new − old)\`，\`${a} < ${b}\`为\`${a < b}\`。`,
        )
      }
      const yes = L('Yes', '会')
      const no = L('No', '不会')
      return ok({
        kind: 'notify',
        type: 'choice',
        prompt: who,
        choices: YES_NO(yes, no),
        answer: e.need ? 'yes' : 'no',
        answerText: e.need ? yes : no,
        explanation: why,
      })
    }
  }
  return noEvent('notify', L('push or publish', '推送或发布'))
}

/* ---------------------------------------------------------- access outcome */

const OUTCOME: Readonly<Record<AccessResult, Localized>> = {
  ok: L('It translates: the access completes', '翻译成功：访问完成'),
  pf: L('#PF (page fault)', '#PF（缺页异常）'),
  gp: L('#GP (general protection)', '#GP（一般保护异常）'),
  exit: L('A VM exit to the hypervisor', 'VM退出，交给虚拟机监控器'),
}
const OUTCOME_KEY: Readonly<Record<AccessResult, number>> = { ok: 0, pf: 1, gp: 2, exit: 3 }

const accessOutcome: Generator = (ctx) => {
  const a = firstAccess(ctx)
  if (!a) return noEvent('access-outcome', L('memory access', '内存访问'))
  const ids: AccessResult[] = a.virtualized ? ['ok', 'pf', 'exit'] : ['ok', 'pf', 'gp']
  if (!ids.includes(a.result)) ids.push(a.result)
  const choice = (r: AccessResult) => ({ id: r, key: OUTCOME_KEY[r], label: OUTCOME[r] })
  let why: Localized
  if (a.induced === 'hypervisor')
    why = L(
      'The shadow tables lack what the guest’s tables allow: a hidden fault the VMM fixes; the guest never sees it.',
      '影子页表缺少客户机页表允许的映射：这是隐藏缺页，由VMM修复，客户机看不到。',
    )
  else if (a.induced === 'guest')
    why = L(
      'The guest’s own tables forbid it: the VMM reflects the #PF into the guest.',
      '客户机自己的页表不允许：VMM把#PF反射给客户机。',
    )
  else if (a.result === 'pf' && a.errorCode !== null)
    why = L(`Error code ${hex(a.errorCode)}.`, `错误码${hex(a.errorCode)}。`)
  else if (a.exit)
    why = L(
      `Exit reason ${exitLabel(a.exit.reason, a.exit.name).en}.`,
      `退出原因${exitLabel(a.exit.reason, a.exit.name).zh}。`,
    )
  else why = L('', '')
  return ok({
    kind: 'access-outcome',
    type: 'choice',
    prompt: L('What does this access end in?', '这次访问的结果是什么？'),
    choices: pickChoices(choice(a.result), ids.map(choice)),
    answer: a.result,
    answerText: OUTCOME[a.result],
    explanation: L(
      `${cap(accessWords(a).en)}: ${OUTCOME[a.result].en}. ${why.en}`.trim(),
      `${accessWords(a).zh}：${OUTCOME[a.result].zh}。${why.zh}`,
    ),
  })
}

/* ---------------------------------------------------------------- TLB hit */

const tlbHit: Generator = (ctx) => {
  for (const e of lineEvents(ctx)) {
    let hit: boolean | null = null
    let why: Localized = L('', '')
    if (e.kind === 'paging.tlb.hit' || e.kind === 'ept.tlb.hit') hit = true
    else if (e.kind === 'paging.tlb.miss' || e.kind === 'ept.tlb.miss') {
      hit = false
      why = {
        absent: L('No entry caches this page.', '没有表项缓存这一页。'),
        clean: L(
          'An entry is cached without D, so a write must walk again to set it.',
          '缓存的表项没有D位，写访问必须重新遍历以置D。',
        ),
        denied: L(
          'The cached entry does not allow this access, so the CPU walks again.',
          '缓存的表项不允许这次访问，CPU重新遍历。',
        ),
      }[e.why]
    } else {
      const a = accessSummary(e)
      if (a?.tlb) hit = a.tlb === 'hit'
    }
    if (hit === null) continue
    const yes = L('Hit: no table is read', '命中：不读页表')
    const no = L('Miss: the CPU walks the tables', '未命中：CPU遍历页表')
    const va = 'va' in e && typeof e.va === 'bigint' ? e.va : null
    return ok({
      kind: 'tlb-hit',
      type: 'choice',
      prompt: L('Will this access hit the TLB?', '这次访问会命中TLB吗？'),
      choices: [
        { id: 'hit', label: yes },
        { id: 'miss', label: no },
      ],
      answer: hit ? 'hit' : 'miss',
      answerText: hit ? yes : no,
      explanation: L(
        `${va === null ? 'The access' : `The access to \`${hex(va)}\``} ${hit ? 'hits' : 'misses'} the TLB. ${why.en}`.trim(),
        `${va === null ? '这次访问' : `对\`${hex(va)}\`的访问`}${hit ? '命中' : '未命中'}TLB。${why.zh}`,
      ),
    })
  }
  return noEvent('tlb-hit', L('TLB lookup', 'TLB查找'))
}

/* ------------------------------------------------------------ VMX outcome */

const VMXERR_NAME: ReadonlyMap<number, string> = new Map(
  Object.entries(VMXERR).map(([name, n]) => [n, name]),
)

/** VM-instruction errors a student confuses (hw-facts §4.3). */
const VMX_CONFUSED = [4, 5, 7, 8, 9, 11, 12, 13]

const vmxOutcome: Generator = (ctx) => {
  for (const e of lineEvents(ctx)) {
    let right: string | null = null
    let instr = ''
    let why: Localized = L('', '')
    if (e.kind === 'vmx.instr' || e.kind === 'vmx.entry') {
      right = 'ok'
      instr = e.instr
    } else if (e.kind === 'vmx.fail') {
      instr = e.instr
      right = e.vmfail === 'invalid' ? 'invalid' : `valid-${e.error ?? 0}`
      // The model's reason is English only.
      why = L(`Why: ${e.why}.`, '')
    }
    if (right === null) continue
    const label = (id: string): Localized => {
      if (id === 'ok') return L('VMsucceed', 'VMsucceed（成功）')
      if (id === 'invalid') return L('VMfailInvalid (CF=1)', 'VMfailInvalid（CF=1）')
      const n = Number(id.slice('valid-'.length))
      const text = VM_INSTRUCTION_ERROR_TEXT[n] ?? '?'
      // The SDM's descriptions are English; Chinese names the error by Linux's constant.
      const name = VMXERR_NAME.get(n)
      return L(
        `VMfailValid, error ${n}: ${text}`,
        name ? `VMfailValid，错误号${n}：\`${name}\`` : `VMfailValid，错误号${n}`,
      )
    }
    const key = (id: string) => (id === 'ok' ? -2 : id === 'invalid' ? -1 : Number(id.slice(6)))
    const choice = (id: string) => ({ id, key: key(id), label: label(id) })
    const wrong = ['ok', 'invalid', ...VMX_CONFUSED.map((n) => `valid-${n}`)].map(choice)
    return ok({
      kind: 'vmx-outcome',
      type: 'choice',
      prompt: L(
        `What does this ${instr.toUpperCase()} do?`,
        `这条${instr.toUpperCase()}的结果是什么？`,
      ),
      choices: pickChoices(choice(right), wrong),
      answer: right,
      answerText: label(right),
      explanation: L(
        `${instr.toUpperCase()} ends in ${label(right).en} (${right === 'ok' ? 'CF and ZF clear' : right === 'invalid' ? 'CF set: there is no current VMCS to hold an error number' : 'ZF set, the number written to `VM_INSTRUCTION_ERROR`'}, hw-facts §4.1). ${why.en}`.trim(),
        `${instr.toUpperCase()}的结果是${label(right).zh}（${right === 'ok' ? 'CF和ZF清零' : right === 'invalid' ? 'CF置1：没有当前VMCS可以存放错误号' : 'ZF置1，错误号写入`VM_INSTRUCTION_ERROR`'}）。${why.zh}`,
      ),
    })
  }
  return noEvent('vmx-outcome', L('VMX instruction', 'VMX指令'))
}

/** Every kind's generator: adding a kind is a line here and its name in `QuestionKind`. */
export const GENERATORS: Readonly<Record<QuestionKind, Generator>> = {
  'pf-error-code': pfErrorCode,
  'walk-refs': walkRefs,
  'exit-reason': exitReason,
  'next-entry': nextEntry,
  notify,
  'access-outcome': accessOutcome,
  'tlb-hit': tlbHit,
  'vmx-outcome': vmxOutcome,
  ...IO_GENERATORS,
}
