// Console rows of virtio-net (CONSOLE.md `virtio ...`): the device and its backend, the
// driver's handshake, the transmit queue, the driver's and the device's halves of the ring.
import {
  type BufSpec,
  DESC_F,
  FEATURE,
  type FeatureName,
  MAX_QUEUE_SIZE,
  VIRTIO_MAX_BURST,
  type VirtioOp,
  contiguousLayout,
} from '../../engine/index.ts'
import { fieldValue, intField } from '../args.ts'
import { ArgFailure } from '../errors.ts'
import { readNumber } from '../lexer.ts'
import type { CommandDef } from '../registry.ts'

const U16 = intField('N', 'a 16-bit index', 0xffff, 'ring indices are 16-bit')
const U32 = intField('len', 'a byte count', 0xffffffff, 'descriptor lengths are 32-bit')
const SIZE = intField('size', 'a queue size', 32768, 'a split queue holds at most 32768 entries', 1)
const COUNT = intField('N', 'a chain count', 32768, 'chains to serve', 1)
const BURST = intField(
  'N',
  'a packet count',
  VIRTIO_MAX_BURST,
  'the model runs at most 200000 packets at once',
  1,
)
const LEN = intField('len', 'a byte count', 65535, 'one packet of at most 64 KiB', 1)

const STATUS_WORDS = ['reset', 'acknowledge', 'driver', 'features_ok', 'driver_ok'] as const
const STATUS_OF = {
  reset: 'reset',
  acknowledge: 'ACKNOWLEDGE',
  driver: 'DRIVER',
  features_ok: 'FEATURES_OK',
  driver_ok: 'DRIVER_OK',
} as const

const FEATURE_WORDS = Object.keys(FEATURE).map((k) => k.toLowerCase())

function addrOption(a: Parameters<CommandDef['parse']>[0], key: string): bigint | null {
  const o = a.optionText(key)
  if (o === null) return null
  const v = readNumber(o.value)
  if (v === null || v === 'too-wide' || v < 0n)
    throw new ArgFailure(o.column, `expected ${key}=GPA (a guest-physical address like 0x10000)`)
  return v
}

/** `GPA:LEN` or `GPA:LEN:w` (device-writable). */
function parseBuf(text: string, column: number): BufSpec {
  const parts = text.split(':')
  const addr = readNumber(parts[0] ?? '')
  if (parts.length < 2 || parts.length > 3 || addr === null || addr === 'too-wide')
    throw new ArgFailure(column, `expected a buffer GPA:LEN or GPA:LEN:w, got '${text}'`)
  const lenCol = column + (parts[0] ?? '').length + 1
  const len = fieldValue(parts[1] ?? '', lenCol, U32, 'LEN')
  const flag = parts[2]
  if (flag !== undefined && flag.toLowerCase() !== 'w')
    throw new ArgFailure(
      lenCol + (parts[1] ?? '').length + 1,
      `expected 'w' (device-writable), got '${flag}'`,
    )
  return { addr, len, write: flag !== undefined }
}

function parseFlags(text: string, column: number): number {
  const n = readNumber(text)
  if (n !== null && n !== 'too-wide') {
    if (n > 0xffffn) throw new ArgFailure(column, `flags= is 16-bit, got ${text}`)
    return Number(n)
  }
  let f = 0
  let col = column
  for (const w of text.split(/[,|]/)) {
    const k = w.toUpperCase() as keyof typeof DESC_F
    if (!(k in DESC_F))
      throw new ArgFailure(
        col,
        `expected flags= next, write, indirect (joined with ,) or a number, got '${w}'`,
      )
    f |= DESC_F[k]
    col += w.length + 1
  }
  return f
}

export const virtioCommands: readonly CommandDef<VirtioOp>[] = [
  {
    words: ['virtio', 'device'],
    usage: 'virtio device [qemu|vhost] [msix|intx]',
    topic: 'io',
    summary: {
      en: 'A virtio-net PCI function (1AF4:1041, modern transport, BAR 4) served by QEMU in user space (default) or by the vhost-net kernel worker; interrupts by MSI-X (default) or INTx with the ISR byte. Starts a fresh device.',
      zh: '一个 virtio-net PCI 功能（1AF4:1041，现代传输，BAR 4），由用户态的 QEMU（默认）或内核中的 vhost-net 工作线程服务；中断用 MSI-X（默认）或 INTx 加 ISR 字节。会新建设备。',
    },
    example: 'virtio device vhost msix',
    parse: (a): VirtioOp => {
      const backend = a.optionalWord(['qemu', 'vhost'] as const) ?? 'qemu'
      const irq = a.optionalWord(['msix', 'intx'] as const) ?? 'msix'
      a.done()
      return { kind: 'virtio.device', backend, irq }
    },
  },
  {
    words: ['virtio', 'status'],
    usage: 'virtio status reset|acknowledge|driver|features_ok|driver_ok',
    topic: 'io',
    summary: {
      en: 'The driver sets the next device_status bit (ACKNOWLEDGE 1, DRIVER 2, FEATURES_OK 8, DRIVER_OK 4) in the spec’s order, or writes 0 to reset. A device that refuses the features leaves FEATURES_OK clear.',
      zh: '驱动按规范的顺序设置 `device_status` 的下一位（ACKNOWLEDGE 1、DRIVER 2、FEATURES_OK 8、DRIVER_OK 4），或写 0 复位。设备不接受所选特性时，FEATURES_OK 保持为 0。',
    },
    example: 'virtio status acknowledge',
    parse: (a): VirtioOp => {
      const w = a.word('a status', STATUS_WORDS)
      a.done()
      return { kind: 'virtio.status', set: STATUS_OF[w] }
    },
  },
  {
    words: ['virtio', 'features'],
    usage: 'virtio features NAME|BIT...',
    topic: 'io',
    summary: {
      en: 'The driver writes driver_feature: names (version_1 32, event_idx 29, indirect_desc 28, mrg_rxbuf 15, csum 0, mac 5, status 16) or bit numbers.',
      zh: '驱动写 `driver_feature`：用名字（`version_1` 32、`event_idx` 29、`indirect_desc` 28、`mrg_rxbuf` 15、`csum` 0、`mac` 5、`status` 16）或位号。',
    },
    example: 'virtio features version_1 event_idx indirect_desc',
    parse: (a): VirtioOp => {
      const features: FeatureName[] = []
      const unknown: number[] = []
      for (const t of a.rest()) {
        const w = t.text.toLowerCase()
        if (FEATURE_WORDS.includes(w)) {
          const name = w.toUpperCase() as FeatureName
          if (!features.includes(name)) features.push(name)
          continue
        }
        const n = readNumber(t.text)
        if (n === null || n === 'too-wide' || n > 63n)
          throw new ArgFailure(
            t.column,
            `expected a feature (${FEATURE_WORDS.join(', ')}) or a bit 0-63, got '${t.text}'`,
          )
        const name = (Object.keys(FEATURE) as FeatureName[]).find((k) => BigInt(FEATURE[k]) === n)
        if (name !== undefined) {
          if (!features.includes(name)) features.push(name)
        } else if (!unknown.includes(Number(n))) unknown.push(Number(n))
      }
      a.done()
      return { kind: 'virtio.features', features, unknown }
    },
  },
  {
    words: ['virtio', 'queue'],
    usage: 'virtio queue [tx|rx] size=N (at=GPA | desc=GPA avail=GPA used=GPA)',
    topic: 'io',
    summary: {
      en: `The transmit queue (index 1, default) or with rx the receive queue (index 0): size= entries (a power of 2, at most ${MAX_QUEUE_SIZE} here); at= lays the table, avail ring and used ring out as vring_init does (used ring on the next 4 KiB), or give each part (alignment 16, 2, 4).`,
      zh: `发送队列（索引 1，默认），加 \`rx\` 则为接收队列（索引 0）：\`size=\` 个表项（2 的幂，这里最多 ${MAX_QUEUE_SIZE}）；\`at=\` 像 \`vring_init\` 那样依次放置描述符表、可用环与已用环（已用环放在下一个 4 KiB 边界），也可以分别给出三部分（对齐 16、2、4）。`,
    },
    example: 'virtio queue size=8 at=0x10000',
    parse: (a): VirtioOp => {
      const queue = a.optionalWord(['tx', 'rx'] as const) ?? 'tx'
      const size = a.intOption('size', SIZE)
      if (size === null) throw a.missing('expected size=N (the queue size)')
      const at = addrOption(a, 'at')
      const desc = addrOption(a, 'desc')
      const avail = addrOption(a, 'avail')
      const used = addrOption(a, 'used')
      a.done()
      if (at !== null) {
        if (desc !== null || avail !== null || used !== null)
          throw a.missing('give at= or desc= avail= used=, not both')
        return { kind: 'virtio.queue', queue, size, ...contiguousLayout(at, size) }
      }
      if (desc === null || avail === null || used === null)
        throw a.missing('expected at=GPA, or desc=GPA avail=GPA used=GPA')
      return { kind: 'virtio.queue', queue, size, desc, avail, used }
    },
  },
  {
    words: ['virtio', 'add'],
    usage: 'virtio add GPA:LEN[:w]... [indirect=GPA]',
    topic: 'io',
    summary: {
      en: 'The driver adds one chain (virtqueue_add): its descriptors from the free list linked with NEXT (WRITE for :w), or one INDIRECT descriptor pointing at a table at indirect=; then the head in the avail ring, a barrier, and avail->idx + 1.',
      zh: '驱动添加一条描述符链（`virtqueue_add`）：从空闲链表取描述符并用 NEXT 连起来（`:w` 加 WRITE），或只用一个 INDIRECT 描述符指向 `indirect=` 处的表；然后把链头写进可用环，内存屏障，再把 `avail->idx` 加 1。',
    },
    example: 'virtio add 0x20000:12 0x21000:1514',
    parse: (a): VirtioOp => {
      const indirect = addrOption(a, 'indirect')
      const toks = a.rest()
      if (toks.length === 0) throw a.missing('expected at least one buffer GPA:LEN')
      const bufs = toks.map((t) => parseBuf(t.text, t.column))
      a.done()
      return { kind: 'virtio.add', bufs, indirect }
    },
  },
  {
    words: ['virtio', 'kick'],
    usage: 'virtio kick',
    topic: 'io',
    summary: {
      en: 'The driver decides whether to notify (virtqueue_kick_prepare: vring_need_event on avail_event, or the NO_NOTIFY flag) and if so writes the queue index to the doorbell: a VM exit, then QEMU or the vhost worker.',
      zh: '驱动决定是否通知（`virtqueue_kick_prepare`：对 `avail_event` 算 `vring_need_event`，或看 NO_NOTIFY 标志），需要时把队列索引写进门铃寄存器：一次 VM 退出，随后交给 QEMU 或 vhost 工作线程。',
    },
    example: 'virtio kick',
    parse: (a): VirtioOp => {
      a.done()
      return { kind: 'virtio.kick' }
    },
  },
  {
    words: ['virtio', 'process'],
    usage: 'virtio process [N]',
    topic: 'io',
    summary: {
      en: 'The backend serves the queue: pops up to N chains (default all), walks each with its checks, sends the packet, writes the used ring and idx, then decides on the interrupt (used_event or NO_INTERRUPT).',
      zh: '后端服务队列：最多取出 N 条链（默认全部），逐条检查并遍历，发出数据包，写已用环和 `idx`，再决定是否中断（看 `used_event` 或 NO_INTERRUPT）。',
    },
    example: 'virtio process',
    parse: (a): VirtioOp => {
      const max = a.optionalInt(COUNT)
      a.done()
      return { kind: 'virtio.process', max }
    },
  },
  {
    words: ['virtio', 'reclaim'],
    usage: 'virtio reclaim',
    topic: 'io',
    summary: {
      en: 'The driver’s interrupt handler: reads the ISR (INTx only, read-to-clear), frees every used chain back to the free list, and with EVENT_IDX sets used_event to ask for the next interrupt.',
      zh: '驱动的中断处理：读 ISR（仅 INTx，读后清零），把每条已用的链放回空闲链表；协商了 EVENT_IDX 时写 `used_event` 以请求下一次中断。',
    },
    example: 'virtio reclaim',
    parse: (a): VirtioOp => {
      a.done()
      return { kind: 'virtio.reclaim' }
    },
  },
  {
    words: ['virtio', 'event'],
    usage: 'virtio event used=N | avail=N',
    topic: 'io',
    summary: {
      en: 'Writes an EVENT_IDX field: used_event (the driver: interrupt me when the used entry with this index is published) or avail_event (the device: kick me when the avail entry with this index is published).',
      zh: '写 EVENT_IDX 字段：`used_event`（驱动：发布这个索引的已用项时再中断我）或 `avail_event`（设备：发布这个索引的可用项时再通知我）。',
    },
    example: 'virtio event used=65535',
    parse: (a): VirtioOp => {
      const used = a.intOption('used', U16)
      const avail = a.intOption('avail', U16)
      a.done()
      if ((used === null) === (avail === null)) throw a.missing('expected used=N or avail=N')
      return used !== null
        ? { kind: 'virtio.event', which: 'used', value: used }
        : { kind: 'virtio.event', which: 'avail', value: avail as number }
    },
  },
  {
    words: ['virtio', 'flag'],
    usage: 'virtio flag no-interrupt|no-notify on|off',
    topic: 'io',
    summary: {
      en: 'Sets or clears a suppression flag (without EVENT_IDX): VRING_AVAIL_F_NO_INTERRUPT in avail->flags (the driver) or VRING_USED_F_NO_NOTIFY in used->flags (the device).',
      zh: '设置或清除抑制标志（未协商 EVENT_IDX 时）：`avail->flags` 中的 VRING_AVAIL_F_NO_INTERRUPT（驱动写）或 `used->flags` 中的 VRING_USED_F_NO_NOTIFY（设备写）。',
    },
    example: 'virtio flag no-interrupt on',
    parse: (a): VirtioOp => {
      const which = a.word('a flag', ['no-interrupt', 'no-notify'] as const)
      const on = a.word('on or off', ['on', 'off'] as const)
      a.done()
      return {
        kind: 'virtio.flag',
        which: which === 'no-interrupt' ? 'avail' : 'used',
        on: on === 'on',
      }
    },
  },
  {
    words: ['virtio', 'desc'],
    usage: 'virtio desc INDEX addr=GPA len=N [flags=next,write,indirect] [next=N]',
    topic: 'io',
    summary: {
      en: 'Writes one descriptor table entry by hand, as no correct driver would: for experiments such as a chain that loops or a next beyond the table.',
      zh: '手工写描述符表的一项（正确的驱动不会这样做）：用来实验循环的链或越界的 `next` 等情形。',
    },
    example: 'virtio desc 1 addr=0x21000 len=64 flags=next next=0',
    parse: (a): VirtioOp => {
      const index = a.int(
        intField('INDEX', 'a descriptor index', 32767, 'a queue has at most 32768 entries'),
      )
      const addr = addrOption(a, 'addr') ?? 0n
      const len = a.intOption('len', U32) ?? 0
      const f = a.optionText('flags')
      const flags = f === null ? 0 : parseFlags(f.value, f.column)
      const next = a.intOption('next', U16) ?? 0
      a.done()
      return { kind: 'virtio.desc', index, addr, len, flags, next }
    },
  },
  {
    words: ['virtio', 'publish'],
    usage: 'virtio publish HEAD',
    topic: 'io',
    summary: {
      en: 'Publishes a head index in the avail ring by hand (ring slot, barrier, idx + 1), whatever the descriptors hold.',
      zh: '手工在可用环发布一个链头索引（写环槽、屏障、`idx` 加 1），不管描述符里是什么。',
    },
    example: 'virtio publish 0',
    parse: (a): VirtioOp => {
      const head = a.int(intField('HEAD', 'a descriptor index', 0xffff, 'ring entries are 16-bit'))
      a.done()
      return { kind: 'virtio.publish', head }
    },
  },
  {
    words: ['virtio', 'burst'],
    usage: 'virtio burst N [len=BYTES]',
    topic: 'io',
    summary: {
      en: 'Runs N one-buffer packets (default 1514 bytes) through add, kick, process and reclaim at full speed, counted but not stepped: how the 16-bit indices get near their wrap.',
      zh: '让 N 个单缓冲区的数据包（默认 1514 字节）全速走完添加、通知、处理、回收，只计数不单步：16 位索引就是这样接近回绕的。',
    },
    example: 'virtio burst 65532',
    parse: (a): VirtioOp => {
      const n = a.int(BURST)
      const len = a.intOption('len', LEN) ?? 1514
      a.done()
      return { kind: 'virtio.burst', n, len }
    },
  },
  {
    words: ['virtio', 'rx-post'],
    usage: 'virtio rx-post N',
    topic: 'io',
    summary: {
      en: 'The driver posts N receive buffers on the receive queue (try_fill_recv): each one device-writable descriptor (WRITE) of hdr + 1518 bytes, published in the avail ring; then the kick check.',
      zh: '驱动在接收队列上放入 N 个接收缓冲区（`try_fill_recv`）：每个是一个设备可写（WRITE）的描述符，长 hdr + 1518 字节，发布到可用环；然后做通知检查。',
    },
    example: 'virtio rx-post 8',
    parse: (a): VirtioOp => {
      const n = a.int(intField('N', 'a buffer count', MAX_QUEUE_SIZE, 'at most a whole queue', 1))
      a.done()
      return { kind: 'virtio.rx-post', n }
    },
  },
  {
    words: ['virtio', 'rx'],
    usage: 'virtio rx LEN [count=N]',
    topic: 'io',
    summary: {
      en: 'N frames of LEN bytes (default 1) arrive from the tap for the guest: the backend writes virtio_net_hdr and each frame into the next receive buffer, publishes the used entry with the length written and decides on the interrupt. With no buffer the frame waits until the driver posts and kicks.',
      zh: 'N 个 LEN 字节的帧（默认 1 个）从 TAP 设备到达，发给客户机：后端把 `virtio_net_hdr` 和帧写进下一个接收缓冲区，发布带写入长度的已用项，再决定是否中断。没有缓冲区时，帧等到驱动放入缓冲区并通知为止。',
    },
    example: 'virtio rx 60 count=2',
    parse: (a): VirtioOp => {
      const len = a.int(
        intField('LEN', 'a frame length', 65535, 'an Ethernet frame of 1 to 1514 bytes', 1),
      )
      const count =
        a.intOption('count', intField('count', 'a frame count', 64, 'at most 64 at once', 1)) ?? 1
      a.done()
      return { kind: 'virtio.rx-arrive', len, count }
    },
  },
  {
    words: ['virtio', 'rx-reap'],
    usage: 'virtio rx-reap',
    topic: 'io',
    summary: {
      en: 'The driver’s receive poll (virtnet_poll): takes every used buffer with its length, refills the queue when more than half of min(64, QS) descriptors are free, kick check, then re-arms the interrupt (used_event).',
      zh: '驱动的接收轮询（`virtnet_poll`）：取走每个已用缓冲区及其长度；空闲描述符超过 64 与 QS 中较小者的一半时补充缓冲区并做通知检查；最后重新开启中断（`used_event`）。',
    },
    example: 'virtio rx-reap',
    parse: (a): VirtioOp => {
      a.done()
      return { kind: 'virtio.rx-reap' }
    },
  },
]
