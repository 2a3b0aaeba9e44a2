// The `ring` rows of CONSOLE.md. The ring NAME sits between the command words
// (`ring NAME front push`), so only `ring create` has fixed leading words; every other form
// is one registry row with words ['ring'] whose parse reads NAME, then the side and verb,
// and dispatches to the matching form below (RING_FORMS, also used for help).
import { type Op, RAW_MAX_SIZE, RING_PROTOS, type XenOp } from '../../engine/index.ts'
import { type ArgReader, type IntField, fieldValue, intField } from '../args.ts'
import { ArgFailure } from '../errors.ts'
import type { CommandDef, Localized } from '../registry.ts'

/** A Xen console row: its parse gives a XenOp, so tests can feed it to applyXen directly. */
export type XenCommandDef = CommandDef<XenOp>

// The Xen model's numbers are JavaScript numbers: each console argument is read exactly and
// range-checked against the field it fills (args.ts fieldValue), never rounded to Infinity.

/** A 32-bit field of a Xen interface (RING_IDX, grant_ref_t, evtchn_port_t, ...). */
export const u32Field = (label: string, what: string, type: string): IntField =>
  intField(label, what, 0xffff_ffff, `${type} is 32 bits`)

const COUNT = u32Field('N', 'a count N', 'RING_IDX')
const RING_START = u32Field('start=', 'a start index', 'RING_IDX')
const RING_SIZE = u32Field('size=', 'a ring size', 'RING_IDX')

const SIDES = ['front', 'back'] as const
const VERBS = ['queue', 'push', 'consume', 'final-check'] as const
type Side = (typeof SIDES)[number]
type Verb = (typeof VERBS)[number]

/** One CONSOLE.md row of the form `ring NAME SIDE VERB ...`. */
export interface RingForm {
  readonly side: Side
  readonly verb: Verb
  readonly usage: string
  readonly summary: Localized
  readonly example: string
  readonly parse: (a: ArgReader, name: string) => XenOp
}

const count = (a: ArgReader): number => a.int(COUNT)
const optCount = (a: ArgReader): number | null => a.optionalInt(COUNT)

export const RING_FORMS: readonly RingForm[] = [
  {
    side: 'front',
    verb: 'queue',
    usage: 'ring NAME front queue N',
    summary: {
      en: 'The frontend writes N requests privately (req_prod_pvt += N); the backend cannot see them yet.',
      zh: '前端私下写入 N 个请求（req_prod_pvt += N）；后端此时还看不到。',
    },
    example: 'ring r front queue 3',
    parse: (a, name) => ({ kind: 'ring.queue', name, side: 'front', count: count(a) }),
  },
  {
    side: 'front',
    verb: 'push',
    usage: 'ring NAME front push',
    summary: {
      en: 'RING_PUSH_REQUESTS_AND_CHECK_NOTIFY: publish req_prod and decide whether to notify the backend.',
      zh: 'RING_PUSH_REQUESTS_AND_CHECK_NOTIFY：发布 req_prod，并判断是否需要通知后端。',
    },
    example: 'ring r front push',
    parse: (_a, name) => ({ kind: 'ring.push', name, side: 'front' }),
  },
  {
    side: 'back',
    verb: 'consume',
    usage: 'ring NAME back consume [N]',
    summary: {
      en: 'The backend takes up to N (default all) unconsumed requests (req_cons advances).',
      zh: '后端取走至多 N 个（默认全部）未消费的请求（req_cons 前进）。',
    },
    example: 'ring r back consume',
    parse: (a, name) => ({ kind: 'ring.consume', name, side: 'back', max: optCount(a) }),
  },
  {
    side: 'back',
    verb: 'queue',
    usage: 'ring NAME back queue N',
    summary: {
      en: 'The backend writes N responses privately (rsp_prod_pvt += N), one per consumed request.',
      zh: '后端私下写入 N 个响应（rsp_prod_pvt += N），每个对应一个已消费的请求。',
    },
    example: 'ring r back queue 3',
    parse: (a, name) => ({ kind: 'ring.queue', name, side: 'back', count: count(a) }),
  },
  {
    side: 'back',
    verb: 'push',
    usage: 'ring NAME back push',
    summary: {
      en: 'RING_PUSH_RESPONSES_AND_CHECK_NOTIFY: publish rsp_prod and decide whether to notify the frontend.',
      zh: 'RING_PUSH_RESPONSES_AND_CHECK_NOTIFY：发布 rsp_prod，并判断是否需要通知前端。',
    },
    example: 'ring r back push',
    parse: (_a, name) => ({ kind: 'ring.push', name, side: 'back' }),
  },
  {
    side: 'front',
    verb: 'consume',
    usage: 'ring NAME front consume [N]',
    summary: {
      en: 'The frontend takes up to N (default all) responses (rsp_cons advances, freeing slots).',
      zh: '前端取走至多 N 个（默认全部）响应（rsp_cons 前进，槽位被释放）。',
    },
    example: 'ring r front consume',
    parse: (a, name) => ({ kind: 'ring.consume', name, side: 'front', max: optCount(a) }),
  },
  {
    side: 'back',
    verb: 'final-check',
    usage: 'ring NAME back final-check',
    summary: {
      en: 'RING_FINAL_CHECK_FOR_REQUESTS: if nothing is left, set req_event = req_cons + 1 and look again.',
      zh: 'RING_FINAL_CHECK_FOR_REQUESTS：若没有剩余请求，设置 req_event = req_cons + 1 后再检查一次。',
    },
    example: 'ring r back final-check',
    parse: (_a, name) => ({ kind: 'ring.final-check', name, side: 'back' }),
  },
  {
    side: 'front',
    verb: 'final-check',
    usage: 'ring NAME front final-check',
    summary: {
      en: 'RING_FINAL_CHECK_FOR_RESPONSES: if nothing is left, set rsp_event = rsp_cons + 1 and look again.',
      zh: 'RING_FINAL_CHECK_FOR_RESPONSES：若没有剩余响应，设置 rsp_event = rsp_cons + 1 后再检查一次。',
    },
    example: 'ring r front final-check',
    parse: (_a, name) => ({ kind: 'ring.final-check', name, side: 'front' }),
  },
]

/** The words after `ring`: NAME SIDE VERB [N]. */
export function parseRingWords(a: ArgReader): XenOp {
  const name = a.name('a ring name')
  const side = a.word('front or back', SIDES)
  const verb = a.word('a ring operation', VERBS)
  // From here an argument error is reported as "ring front queue", as the JSON "cmd" is.
  a.command = `ring ${side} ${verb}`
  const form = RING_FORMS.find((f) => f.side === side && f.verb === verb)
  if (!form) throw new ArgFailure(a.lastColumn, 'unknown ring operation')
  const op = form.parse(a, name)
  a.done()
  return op
}

/** The JSON "cmd" of a ring op: the command words without the NAME, e.g. "ring front push". */
export function ringCmdName(op: Op): string | null {
  switch (op.kind) {
    case 'ring.create':
      return 'ring create'
    case 'ring.queue':
      return `ring ${op.side} queue`
    case 'ring.push':
      return `ring ${op.side} push`
    case 'ring.consume':
      return `ring ${op.side} consume`
    case 'ring.final-check':
      return `ring ${op.side} final-check`
    default:
      return null
  }
}

const POW2 = Array.from({ length: 12 }, (_, i) => 2 ** i)

export const ringCommands: readonly XenCommandDef[] = [
  {
    words: ['ring', 'create'],
    usage: 'ring create NAME proto=blkif|netif-tx|netif-rx|raw [size=N] [start=N]',
    topic: 'xen',
    summary: {
      en: 'A shared ring in one 4 KiB page; its size comes from the protocol as ring.h derives it (blkif 32, netif 256) unless raw. start= makes every index begin at N, to watch the wrap past 2^32.',
      zh: '在一个 4 KiB 页中建立共享环形缓冲区；大小按 ring.h 的方法由协议推出（blkif 32，netif 256），`raw` 则自行指定。`start=` 让所有索引从 N 开始，便于观察越过 2^32 的回绕。',
    },
    example: 'ring create r proto=raw size=8 start=0xfffffffc',
    parse: (a): XenOp => {
      const name = a.name('a ring name')
      if (name.toLowerCase() === 'create')
        throw new ArgFailure(a.lastColumn, "a ring cannot be named 'create'")
      const proto = a.option('proto', RING_PROTOS)
      if (proto === null) throw a.missing('expected proto=blkif|netif-tx|netif-rx|raw')
      const sizeText = a.optionText('size')
      const size = sizeText && fieldValue(sizeText.value, sizeText.column, RING_SIZE)
      const start = a.intOption('start', RING_START) ?? 0
      a.done()
      if (sizeText && size !== null && proto === 'raw' && !POW2.includes(size)) {
        throw new ArgFailure(
          sizeText.column,
          `size=${sizeText.value}: a ring size is a power of two (1 to ${RAW_MAX_SIZE}), as ring.h rounds down`,
        )
      }
      return { kind: 'ring.create', name, proto, size, start }
    },
  },
  {
    words: ['ring'],
    usage: RING_FORMS.map((f) => f.usage).join(' | '),
    topic: 'xen',
    summary: {
      en: 'Drive one side of a shared ring: queue, push (with the notify decision), consume, final-check.',
      zh: '操作共享环的一侧：排队、推送（附带是否通知的判断）、消费、最终检查。',
    },
    example: 'ring r front push',
    parse: parseRingWords,
    cmdName: (op) => ringCmdName(op) ?? 'ring',
  },
]
