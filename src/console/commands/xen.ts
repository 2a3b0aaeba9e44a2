// Console rows for Xen domains, event channels, grant tables and the split drivers.
import { type CopyPtr, VIRQ, type VirqName, type XenOp } from '../../engine/index.ts'
import { type ArgReader, type IntField, fieldValue, intField } from '../args.ts'
import { ArgFailure } from '../errors.ts'
import { readNumber } from '../lexer.ts'
import { type XenCommandDef, ringCommands, u32Field } from './ring.ts'

// Every number a Xen row reads fills a field of a Xen interface; its range is that field's
// (the model refuses narrower values itself, e.g. domain ids from 0x7ff0 or ports it lacks).
const domField = (label: string, what: string): IntField =>
  intField(label, what, 0xffff, 'domid_t is 16 bits')
const DOM = domField('DOM', 'a domain id')
const REMOTE = domField('REMOTE', 'the remote domain')
const GRANT_DOM = domField('GRANT_DOM', 'the granting domain')
const TARGET = domField('TARGET', 'the target domain')
/** xen_pfn_t is 64 bits wide; a frame of a 52-bit (MAXPHYADDR) address is below 2^40. */
const FRAME = intField(
  'FRAME',
  'a frame number',
  2 ** 40 - 1,
  'a frame of a 52-bit physical address',
)
const PORT = u32Field('PORT', 'a port', 'evtchn_port_t')
const REMOTE_PORT = u32Field('REMOTE_PORT', 'the remote port', 'evtchn_port_t')
const PIRQ = u32Field('PIRQ', 'a PIRQ number', 'a PIRQ')
const VIRQ_NUM = u32Field('VIRQ', 'a VIRQ', 'a VIRQ')
const VCPU = u32Field('vcpu=', 'a vCPU id', 'a vCPU id')
const VCPUS = u32Field('vcpus=', 'a vCPU count', 'a vCPU count')
const REF = u32Field('REF', 'a grant reference', 'grant_ref_t')
const HANDLE = u32Field('HANDLE', 'a map handle', 'grant_handle_t')
const COPY_LEN = intField('LEN', 'a length in bytes', 0xffff, 'gnttab_copy len is 16 bits')
const OFFSET = intField('OFFSET', 'an offset', 0xffff, 'gnttab_copy offset is 16 bits')
const SECTORS = u32Field('count=', 'a sector count', 'a sector count')
const DEVID = u32Field('dev=', 'a device number', 'a vif handle')
const BUFFERS = u32Field('N', 'a buffer count', 'a count')
const PACKET = intField('SIZE', 'a size in bytes', 0xffff, 'a netif packet size is 16 bits')

function virq(a: ArgReader): number {
  const column = a.nextColumn
  const v = a.optional((t) => {
    if (readNumber(t) !== null) return fieldValue(t, column, VIRQ_NUM)
    const key = t.toUpperCase().replace(/^VIRQ_/, '')
    return key in VIRQ ? VIRQ[key as VirqName] : null
  })
  if (v === null)
    throw new ArgFailure(column, 'expected a VIRQ: a number 0..23 or a name like timer')
  return v
}

const CopyRe = /^(?:ref:(\w+):(\w+)|frame:(\w+))(?:@(\w+))?$/i

/** `ref:DOM:REF[@OFF]` (a grant of DOM) or `frame:FRAME[@OFF]` (the caller's own frame). */
function copyPtr(a: ArgReader, caller: number, what: string): CopyPtr {
  const column = a.nextColumn
  const p = a.optional((t) => {
    const m = CopyRe.exec(t)
    if (!m) return null
    // Each part is range-checked where it sits in the word, so an error points at it.
    const offset =
      m[4] === undefined ? 0 : fieldValue(m[4], column + t.lastIndexOf('@') + 1, OFFSET)
    if (m[3] !== undefined) {
      const frame = fieldValue(m[3], column + 'frame:'.length, FRAME)
      return { kind: 'gmfn', dom: caller, frame, offset } as const
    }
    const domText = m[1] ?? ''
    const dom = fieldValue(domText, column + 'ref:'.length, DOM)
    const ref = fieldValue(m[2] ?? '', column + 'ref:'.length + domText.length + 1, REF)
    return { kind: 'gref', dom, ref, offset } as const
  })
  if (!p) {
    throw new ArgFailure(column, `expected ${what}: ref:DOM:REF[@OFFSET] or frame:FRAME[@OFFSET]`)
  }
  return p
}

function row(
  words: readonly string[],
  usage: string,
  en: string,
  zh: string,
  example: string,
  parse: (a: ArgReader) => XenOp,
): XenCommandDef {
  return {
    words,
    usage,
    topic: 'xen',
    summary: { en, zh },
    example,
    parse: (a) => {
      const op = parse(a)
      a.done()
      return op
    },
  }
}

export const xenCommands: readonly XenCommandDef[] = [
  row(
    ['xen', 'domain'],
    'xen domain ID [vcpus=N]',
    'Create guest domain ID (Dom0 exists from boot) with N vCPUs (default 1).',
    '创建客户域 ID（Dom0 启动时即存在），带 N 个虚拟 CPU（默认 1）。',
    'xen domain 1 vcpus=2',
    (a) => ({ kind: 'xen.domain', domid: a.int(DOM), vcpus: a.intOption('vcpus', VCPUS) ?? 1 }),
  ),
  row(
    ['xen', 'page'],
    'xen page DOM FRAME LABEL',
    "Put a label into one of a domain's frames, to watch it move through grants.",
    '在某个域的一个页帧中写入标签，以便观察它如何经由授权表移动。',
    'xen page 1 0x200 hello',
    (a) => ({
      kind: 'xen.page-write',
      dom: a.int(DOM),
      frame: a.int(FRAME),
      content: a.name('a label'),
    }),
  ),
  // Event channels (hw-facts §5.5).
  row(
    ['evtchn', 'alloc-unbound'],
    'evtchn alloc-unbound DOM REMOTE',
    'EVTCHNOP_alloc_unbound: DOM gets a new port that only domain REMOTE may bind to.',
    'EVTCHNOP_alloc_unbound：DOM 得到一个新端口，只允许域 REMOTE 绑定。',
    'evtchn alloc-unbound 1 0',
    (a) => ({ kind: 'evtchn.alloc-unbound', dom: a.int(DOM), remoteDom: a.int(REMOTE) }),
  ),
  row(
    ['evtchn', 'bind-interdomain'],
    'evtchn bind-interdomain DOM REMOTE REMOTE_PORT',
    "EVTCHNOP_bind_interdomain: connect a new port of DOM to REMOTE's unbound port (the new port starts pending).",
    'EVTCHNOP_bind_interdomain：把 DOM 的新端口连到 REMOTE 的未绑定端口（新端口一开始就处于待处理状态）。',
    'evtchn bind-interdomain 0 1 1',
    (a) => ({
      kind: 'evtchn.bind-interdomain',
      dom: a.int(DOM),
      remoteDom: a.int(REMOTE),
      remotePort: a.int(REMOTE_PORT),
    }),
  ),
  row(
    ['evtchn', 'bind-virq'],
    'evtchn bind-virq DOM VIRQ [vcpu=N]',
    'EVTCHNOP_bind_virq: a port for a virtual IRQ Xen raises (timer 0, debug 1, console 2, ...).',
    'EVTCHNOP_bind_virq：为 Xen 产生的虚拟中断（`timer` 0、`debug` 1、`console` 2……）绑定端口。',
    'evtchn bind-virq 1 timer',
    (a) => ({
      kind: 'evtchn.bind-virq',
      dom: a.int(DOM),
      virq: virq(a),
      vcpu: a.intOption('vcpu', VCPU) ?? 0,
    }),
  ),
  row(
    ['evtchn', 'bind-ipi'],
    'evtchn bind-ipi DOM [vcpu=N]',
    'EVTCHNOP_bind_ipi: a port for inter-processor interrupts to vCPU N of the same domain.',
    'EVTCHNOP_bind_ipi：为发往同一域 vCPU N 的处理器间中断绑定端口。',
    'evtchn bind-ipi 1 vcpu=1',
    (a) => ({ kind: 'evtchn.bind-ipi', dom: a.int(DOM), vcpu: a.intOption('vcpu', VCPU) ?? 0 }),
  ),
  row(
    ['evtchn', 'bind-pirq'],
    'evtchn bind-pirq DOM PIRQ',
    'EVTCHNOP_bind_pirq: a port for a physical IRQ (Dom0 drivers).',
    'EVTCHNOP_bind_pirq：为物理中断绑定端口（Dom0 的驱动使用）。',
    'evtchn bind-pirq 0 16',
    (a) => ({ kind: 'evtchn.bind-pirq', dom: a.int(DOM), pirq: a.int(PIRQ) }),
  ),
  row(
    ['evtchn', 'send'],
    'evtchn send DOM PORT',
    'EVTCHNOP_send: signal the other end of PORT (interdomain: the peer; IPI: the bound vCPU).',
    'EVTCHNOP_send：通知 PORT 的另一端（域间通道：对端；IPI：绑定的 vCPU）。',
    'evtchn send 0 1',
    (a) => ({ kind: 'evtchn.send', dom: a.int(DOM), port: a.int(PORT) }),
  ),
  row(
    ['evtchn', 'virq'],
    'evtchn virq DOM VIRQ [vcpu=N]',
    'Xen raises VIRQ for vCPU N of DOM; lost if no port is bound to it.',
    'Xen 向 DOM 的 vCPU N 发出虚拟中断 VIRQ；若没有绑定端口则丢失。',
    'evtchn virq 1 timer',
    (a) => ({
      kind: 'evtchn.virq',
      dom: a.int(DOM),
      virq: virq(a),
      vcpu: a.intOption('vcpu', VCPU) ?? 0,
    }),
  ),
  row(
    ['evtchn', 'pirq'],
    'evtchn pirq DOM PIRQ',
    'A physical interrupt arrives for PIRQ of DOM.',
    '一个物理中断到达 DOM 的 PIRQ。',
    'evtchn pirq 0 16',
    (a) => ({ kind: 'evtchn.pirq', dom: a.int(DOM), pirq: a.int(PIRQ) }),
  ),
  row(
    ['evtchn', 'mask'],
    'evtchn mask DOM PORT',
    "The guest sets PORT's bit in evtchn_mask: events still become pending but raise no upcall.",
    '客户机置位 evtchn_mask 中 PORT 的位：事件仍会挂起，但不会触发上调（upcall）。',
    'evtchn mask 1 1',
    (a) => ({ kind: 'evtchn.mask', dom: a.int(DOM), port: a.int(PORT) }),
  ),
  row(
    ['evtchn', 'unmask'],
    'evtchn unmask DOM PORT',
    'Clear the mask bit; if the port became pending meanwhile, the upcall is raised now.',
    '清除屏蔽位；若该端口在屏蔽期间已挂起，此时触发上调。',
    'evtchn unmask 1 1',
    (a) => ({ kind: 'evtchn.unmask', dom: a.int(DOM), port: a.int(PORT) }),
  ),
  row(
    ['evtchn', 'handle'],
    'evtchn handle DOM [vcpu=N]',
    "The guest's upcall handler on vCPU N: scan evtchn_pending_sel and clear the pending ports it handles.",
    '客户机在 vCPU N 上的上调处理函数：扫描 evtchn_pending_sel，清除它处理的挂起端口。',
    'evtchn handle 1',
    (a) => ({ kind: 'evtchn.handle', dom: a.int(DOM), vcpu: a.intOption('vcpu', VCPU) ?? 0 }),
  ),
  row(
    ['evtchn', 'close'],
    'evtchn close DOM PORT',
    'EVTCHNOP_close: free the port; an interdomain peer goes back to unbound.',
    'EVTCHNOP_close：释放端口；域间通道的对端恢复为未绑定。',
    'evtchn close 0 1',
    (a) => ({ kind: 'evtchn.close', dom: a.int(DOM), port: a.int(PORT) }),
  ),
  // Grant tables (hw-facts §5.4).
  row(
    ['grant', 'access'],
    'grant access DOM REMOTE FRAME [ro]',
    'DOM writes a grant entry: GTF_permit_access (+GTF_readonly) for domain REMOTE to its FRAME.',
    'DOM 写入一个授权表项：允许域 REMOTE 访问自己的 FRAME（GTF_permit_access，可加 GTF_readonly）。',
    'grant access 1 0 0x200 ro',
    (a) => ({
      kind: 'grant.access',
      dom: a.int(DOM),
      remoteDom: a.int(REMOTE),
      frame: a.int(FRAME),
      readonly: a.flags(['ro']).has('ro'),
    }),
  ),
  row(
    ['grant', 'accept-transfer'],
    'grant accept-transfer DOM REMOTE',
    'DOM writes a GTF_accept_transfer entry: it will take a page REMOTE gives away.',
    'DOM 写入 GTF_accept_transfer 表项：准备接收 REMOTE 转交的页。',
    'grant accept-transfer 1 0',
    (a) => ({
      kind: 'grant.accept-transfer',
      dom: a.int(DOM),
      remoteDom: a.int(REMOTE),
    }),
  ),
  row(
    ['grant', 'map'],
    'grant map DOM GRANT_DOM REF [ro]',
    'GNTTABOP_map_grant_ref: DOM maps grant REF of GRANT_DOM (GNTMAP_readonly with ro); returns a handle.',
    'GNTTABOP_map_grant_ref：DOM 映射 GRANT_DOM 的授权引用 REF（加 ro 为 GNTMAP_readonly），返回句柄。',
    'grant map 0 1 8 ro',
    (a) => ({
      kind: 'grant.map',
      dom: a.int(DOM),
      grantDom: a.int(GRANT_DOM),
      ref: a.int(REF),
      readonly: a.flags(['ro']).has('ro'),
    }),
  ),
  row(
    ['grant', 'unmap'],
    'grant unmap DOM HANDLE',
    'GNTTABOP_unmap_grant_ref: release the mapping with the handle map returned.',
    'GNTTABOP_unmap_grant_ref：用映射时返回的句柄解除映射。',
    'grant unmap 0 0',
    (a) => ({ kind: 'grant.unmap', dom: a.int(DOM), handle: a.int(HANDLE) }),
  ),
  row(
    ['grant', 'copy'],
    'grant copy DOM FROM TO LEN',
    'GNTTABOP_copy by DOM: Xen copies LEN bytes; FROM/TO are ref:DOM:REF[@OFF] or frame:FRAME[@OFF].',
    'DOM 发起 GNTTABOP_copy：Xen 复制 LEN 字节；FROM/TO 写作 `ref:DOM:REF[@OFF]` 或 `frame:FRAME[@OFF]`。',
    'grant copy 0 ref:1:8 frame:0x300 100',
    (a) => {
      const caller = a.int(DOM)
      const source = copyPtr(a, caller, 'the source')
      const dest = copyPtr(a, caller, 'the destination')
      return { kind: 'grant.copy', dom: caller, source, dest, len: a.int(COPY_LEN) }
    },
  ),
  row(
    ['grant', 'transfer'],
    'grant transfer DOM FRAME TARGET REF',
    "GNTTABOP_transfer: DOM gives its FRAME to TARGET through TARGET's accept_transfer grant REF.",
    'GNTTABOP_transfer：DOM 通过 TARGET 的 accept_transfer 授权 REF，把自己的 FRAME 交给 TARGET。',
    'grant transfer 0 0x300 1 8',
    (a) => ({
      kind: 'grant.transfer',
      dom: a.int(DOM),
      frame: a.int(FRAME),
      targetDom: a.int(TARGET),
      ref: a.int(REF),
    }),
  ),
  row(
    ['grant', 'end'],
    'grant end DOM REF',
    'DOM revokes grant REF; refused while GTF_reading or GTF_writing shows it is mapped.',
    'DOM 撤销授权 REF；若 GTF_reading 或 GTF_writing 表明仍被映射，则撤销失败。',
    'grant end 1 8',
    (a) => ({ kind: 'grant.end', dom: a.int(DOM), ref: a.int(REF) }),
  ),
  // Block split driver (hw-facts §5.3).
  row(
    ['blk', 'connect'],
    'blk connect DEV front=DOM [back=DOM]',
    'blkfront in DOM and blkback (default Dom0) share a 32-slot blkif ring and an event channel.',
    'DOM 中的 blkfront 与 blkback（默认在 Dom0）共享一个 32 槽的 blkif 环和一个事件通道。',
    'blk connect xvda front=1',
    (a) => {
      const dev = a.name('a device name')
      const front = a.intOption('front', DOM)
      if (front === null) throw a.missing('expected front=DOM')
      return { kind: 'blk.connect', dev, frontDom: front, backDom: a.intOption('back', DOM) ?? 0 }
    },
  ),
  row(
    ['blk', 'read'],
    'blk read DEV SECTOR [count=N]',
    'blkfront queues a BLKIF_OP_READ of N sectors (default 8): one writable grant per 8 sectors, then push.',
    'blkfront 排队一个读 N 个扇区（默认 8）的 BLKIF_OP_READ 请求：每 8 个扇区授权一个可写页，然后推送。',
    'blk read xvda 0 count=16',
    (a) => ({
      kind: 'blk.request',
      dev: a.name('a device name'),
      operation: 'read',
      sector: a.number('a sector number'),
      count: a.intOption('count', SECTORS) ?? 8,
    }),
  ),
  row(
    ['blk', 'write'],
    'blk write DEV SECTOR [count=N]',
    'blkfront queues a BLKIF_OP_WRITE of N sectors (default 8) from read-only granted pages, then push.',
    'blkfront 用只读授权的页排队一个写 N 个扇区（默认 8）的 BLKIF_OP_WRITE 请求，然后推送。',
    'blk write xvda 0',
    (a) => ({
      kind: 'blk.request',
      dev: a.name('a device name'),
      operation: 'write',
      sector: a.number('a sector number'),
      count: a.intOption('count', SECTORS) ?? 8,
    }),
  ),
  row(
    ['blk', 'backend'],
    'blk backend DEV',
    'blkback serves the ring: consume, map segments, do the I/O, unmap, respond, push, final-check.',
    'blkback 处理环：消费请求、映射段、执行 I/O、解除映射、响应、推送、最终检查。',
    'blk backend xvda',
    (a) => ({ kind: 'blk.backend', dev: a.name('a device name') }),
  ),
  row(
    ['blk', 'complete'],
    'blk complete DEV',
    'blkfront takes the responses, ends the data grants and final-checks.',
    'blkfront 取走响应，撤销数据页的授权，并做最终检查。',
    'blk complete xvda',
    (a) => ({ kind: 'blk.complete', dev: a.name('a device name') }),
  ),
  // Network split driver (hw-facts §5.2).
  row(
    ['net', 'connect'],
    'net connect DOM [dev=M] [mac=00:16:3e:..] [rx=copy|flip]',
    'netfront in DOM gets eth M; Dom0 gets vifDOM.M on xenbr0; TX and RX rings of 256 slots.',
    'DOM 中的 netfront 得到网卡 M；Dom0 得到接在 xenbr0 上的 vifDOM.M；TX 与 RX 环各 256 槽。',
    'net connect 1 rx=copy',
    (a) => {
      const d = a.int(DOM)
      const mac = a.optionText('mac')
      return {
        kind: 'net.connect',
        dom: d,
        devid: a.intOption('dev', DEVID) ?? 0,
        mac: mac ? mac.value : null,
        rx: a.option('rx', ['copy', 'flip']) ?? 'copy',
      }
    },
  ),
  row(
    ['net', 'post-rx'],
    'net post-rx VIF [N]',
    'netfront posts N empty receive buffers (default 1) on the RX ring.',
    'netfront 在 RX 环上投放 N 个空接收缓冲区（默认 1）。',
    'net post-rx vif1.0 4',
    (a) => {
      const vif = a.name('a vif name')
      return { kind: 'net.post-rx', vif, count: a.optionalInt(BUFFERS) ?? 1 }
    },
  ),
  row(
    ['net', 'send'],
    'net send VIF SIZE [dst=MAC]',
    'netfront transmits a packet of SIZE bytes from a read-only granted page (to the wire, or to MAC).',
    'netfront 从只读授权的页发送一个 SIZE 字节的数据包（发往外部网络或 MAC）。',
    'net send vif1.0 98',
    (a) => {
      const vif = a.name('a vif name')
      const size = a.int(PACKET)
      const dst = a.optionText('dst')
      return { kind: 'net.send', vif, size, dst: dst ? dst.value : null }
    },
  ),
  row(
    ['net', 'backend-tx'],
    'net backend-tx VIF',
    'netback serves the TX ring: copy each packet out, forward it on xenbr0, respond, push.',
    'netback 处理 TX 环：把每个包复制出来，经 xenbr0 转发，响应并推送。',
    'net backend-tx vif1.0',
    (a) => ({ kind: 'net.backend-tx', vif: a.name('a vif name') }),
  ),
  row(
    ['net', 'receive'],
    'net receive VIF SIZE',
    'A packet for VIF arrives from the wire: netback fills a posted RX buffer, or drops it if none.',
    '一个发往 VIF 的数据包从外部网络到达：netback 填入一个已投放的 RX 缓冲区，若没有则丢弃。',
    'net receive vif1.0 60',
    (a) => ({ kind: 'net.receive', vif: a.name('a vif name'), size: a.int(PACKET) }),
  ),
  row(
    ['net', 'poll'],
    'net poll VIF',
    'netfront takes TX and RX responses, ends their grants and final-checks both rings.',
    'netfront 取走 TX 和 RX 的响应，撤销其授权，并对两个环做最终检查。',
    'net poll vif1.0',
    (a) => ({ kind: 'net.poll', vif: a.name('a vif name') }),
  ),
]

/** Every Xen row, the ring rows first. */
export const allXenCommands: readonly XenCommandDef[] = [...ringCommands, ...xenCommands]
