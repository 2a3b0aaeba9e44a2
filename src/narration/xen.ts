import type { Localized } from '../console/index.ts'
import {
  exhaustive,
  hex,
  GTF_accept_transfer,
  GTF_type_mask,
  type XenEvent,
  flagNames,
  virqName,
} from '../engine/index.ts'
import { grantDetailZh } from './xen-zh.ts'

const h = (n: number): string => hex(BigInt(n))
const sideEn = (s: 'front' | 'back'): string => (s === 'front' ? 'frontend' : 'backend')
const sideZh = (s: 'front' | 'back'): string => (s === 'front' ? '前端' : '后端')
const list = (xs: readonly number[]): string => (xs.length === 0 ? '—' : xs.join(', '))

type EvtchnFail = Extract<XenEvent, { kind: 'evtchn.fail' }>

/** What the port named by a refused event-channel call is, as a predicate in each language. */
function failState(e: EvtchnFail): Localized {
  switch (e.state) {
    case 'invalid':
      return { en: 'was never allocated', zh: '从未分配' }
    case 'closed':
      return { en: 'is closed', zh: '已关闭' }
    case 'reserved':
      return { en: 'is port 0, which Xen reserves', zh: '是 Xen 保留的 0 号端口' }
    case 'virq':
      return { en: 'is bound to a VIRQ', zh: '绑定的是 VIRQ' }
    case 'pirq':
      return { en: 'is bound to a physical IRQ (PIRQ)', zh: '绑定的是物理中断（PIRQ）' }
    case 'ipi':
      return { en: 'is an IPI port', zh: '是 IPI 端口' }
    case 'interdomain':
      return { en: 'is already connected (interdomain)', zh: '已经连接（域间通道）' }
    case 'unbound':
      return e.offeredTo === null
        ? { en: 'is unbound', zh: '未绑定' }
        : {
            en: `is unbound but offered to domain ${e.offeredTo}`,
            zh: `是留给域 ${e.offeredTo} 的未绑定端口`,
          }
    default:
      return exhaustive(e.state)
  }
}

function evtchnFail(e: EvtchnFail): Localized {
  const st = failState(e)
  switch (e.op) {
    case 'send':
      return {
        en: `Domain ${e.dom} calls EVTCHNOP_send on port ${e.port}, but the port ${st.en}: only interdomain and IPI ports can be sent on (an unbound one silently drops the event). Xen returns -EINVAL (rc ${e.rc}) to the guest, and nothing is signalled.`,
        zh: `域 ${e.dom} 对端口 ${e.port} 调用 EVTCHNOP_send，但该端口${st.zh}：只有域间端口和 IPI 端口可以发送（未绑定端口会静默丢弃事件）。Xen 向客户机返回 -EINVAL（rc 为 ${e.rc}），不通知任何端口。`,
      }
    case 'bind_interdomain':
      return {
        en: `Domain ${e.dom} calls EVTCHNOP_bind_interdomain on port ${e.port} of domain ${e.remoteDom ?? '?'}, but that port ${st.en}: Xen binds only to an unbound port allocated for the caller (alloc_unbound with remote_dom = ${e.dom}). The hypercall returns -EINVAL (rc ${e.rc}) and no local port is allocated.`,
        zh: `域 ${e.dom} 对域 ${e.remoteDom ?? '?'} 的端口 ${e.port} 调用 EVTCHNOP_bind_interdomain，但该端口${st.zh}：Xen 只允许绑定为调用者分配的未绑定端口（alloc_unbound 时 remote_dom 为 ${e.dom}）。该超级调用返回 -EINVAL（rc 为 ${e.rc}），不分配本地端口。`,
      }
    case 'close':
      return {
        en: `Domain ${e.dom} calls EVTCHNOP_close on port ${e.port}, but the port ${st.en}: Xen returns -EINVAL (rc ${e.rc}).`,
        zh: `域 ${e.dom} 对端口 ${e.port} 调用 EVTCHNOP_close，但该端口${st.zh}：Xen 返回 -EINVAL（rc 为 ${e.rc}）。`,
      }
    default:
      return exhaustive(e.op)
  }
}

/** One or two sentences per Xen event: what happened, and why. */
export function describeXenEvent(e: XenEvent): Localized {
  switch (e.kind) {
    case 'ring.create':
      return e.slotBytes === null
        ? {
            en: `Ring ${e.ring} has ${e.indices.size} slots. Its indices are free-running 32-bit counters starting at ${e.indices.reqProd}; a slot is index & ${e.indices.size - 1}. req_event and rsp_event start one ahead, so the first message notifies.`,
            zh: `环 ${e.ring} 有 ${e.indices.size} 个槽。索引是从 ${e.indices.reqProd} 开始自由增长的 32 位计数器，槽号为索引 & ${e.indices.size - 1}。req_event 与 rsp_event 初始比它大 1，所以第一条消息会触发通知。`,
          }
        : {
            en: `A ${e.proto} ring in one 4 KiB page: after the 64-byte header, (4096 − 64) / ${e.slotBytes} = ${e.fit} slots fit, rounded down to a power of two: ${e.indices.size}.`,
            zh: `一个 4 KiB 页中的 ${e.proto} 环：去掉 64 字节的头部后可放 (4096 − 64) / ${e.slotBytes} = ${e.fit} 个槽，向下取整为 2 的幂：${e.indices.size}。`,
          }
    case 'ring.queue':
      return e.side === 'front'
        ? {
            en: `The frontend writes request(s) ${list(e.ids)} into slot(s) ${list(e.slots)} and advances its private req_prod_pvt to ${e.indices.reqProdPvt}. The backend cannot see them until a push; ${e.left} slot(s) stay free.`,
            zh: `前端把请求 ${e.ids.join('、') || '—'} 写入槽 ${e.slots.join('、') || '—'}，并把私有的 req_prod_pvt 推进到 ${e.indices.reqProdPvt}。推送之前后端看不到它们；还剩 ${e.left} 个空闲槽。`,
          }
        : {
            en: `The backend writes response(s) for request(s) ${list(e.ids)} into slot(s) ${list(e.slots)} (each response reuses a consumed request's slot) and advances rsp_prod_pvt to ${e.indices.rspProdPvt}.`,
            zh: `后端把请求 ${e.ids.join('、') || '—'} 的响应写入槽 ${e.slots.join('、') || '—'}（响应复用已消费请求的槽），并把 rsp_prod_pvt 推进到 ${e.indices.rspProdPvt}。`,
          }
    case 'ring.push': {
      const prod = e.side === 'front' ? 'req_prod' : 'rsp_prod'
      const ev = e.side === 'front' ? 'req_event' : 'rsp_event'
      const peerEn = e.side === 'front' ? 'backend' : 'frontend'
      const peerZh = e.side === 'front' ? '后端' : '前端'
      return e.notify
        ? {
            en: `The ${sideEn(e.side)} publishes ${prod} ${e.old} → ${e.new}. ${ev} = ${e.event} lies in (${e.old}, ${e.new}], i.e. (new − event) < (new − old) in 32-bit arithmetic, so the ${peerEn} asked to hear about this batch: send an event.`,
            zh: `${sideZh(e.side)}发布 ${prod}：${e.old} → ${e.new}。${ev} = ${e.event} 落在 (${e.old}, ${e.new}] 中，即按 32 位无符号运算 (new − event) < (new − old)，说明${peerZh}在等这批消息：通过事件通道发送通知。`,
          }
        : {
            en: `The ${sideEn(e.side)} publishes ${prod} ${e.old} → ${e.new}, but ${ev} = ${e.event} is not in (${e.old}, ${e.new}]: the ${peerEn} is still working and will see these messages itself, so the notification is suppressed.`,
            zh: `${sideZh(e.side)}发布 ${prod}：${e.old} → ${e.new}，但 ${ev} = ${e.event} 不在 (${e.old}, ${e.new}] 中：${peerZh}仍在处理，自己会看到这些消息，因此不发送通知（通知被抑制）。`,
          }
    }
    case 'ring.consume':
      return {
        en: `The ${sideEn(e.side)} takes ${e.ids.length} of ${e.available} waiting ${e.side === 'back' ? 'request' : 'response'}(s) (${list(e.ids)}); ${e.side === 'back' ? `req_cons = ${e.indices.reqCons}` : `rsp_cons = ${e.indices.rspCons}, freeing those slots for new requests`}.`,
        zh: `${sideZh(e.side)}取走 ${e.available} 个待处理${e.side === 'back' ? '请求' : '响应'}中的 ${e.ids.length} 个（${e.ids.join('、') || '—'}）；${e.side === 'back' ? `req_cons = ${e.indices.reqCons}` : `rsp_cons = ${e.indices.rspCons}，这些槽可以再放新请求`}。`,
      }
    case 'ring.final-check': {
      const ev = e.side === 'back' ? 'req_event' : 'rsp_event'
      const val = e.side === 'back' ? e.indices.reqEvent : e.indices.rspEvent
      if (!e.armed) {
        return {
          en: `Final check: the ${sideEn(e.side)} still has work, so it keeps going without touching ${ev}.`,
          zh: `最终检查：${sideZh(e.side)}还有待处理的消息，于是继续处理，不修改 ${ev}。`,
        }
      }
      return e.more
        ? {
            en: `Final check: nothing left, so the ${sideEn(e.side)} sets ${ev} = ${val} and looks again — and finds a message published meanwhile, so it keeps going.`,
            zh: `最终检查：${sideZh(e.side)}发现没有消息，于是设置 ${ev} = ${val} 后再看一次——发现期间又发布了消息，于是继续处理。`,
          }
        : {
            en: `Final check: nothing left. The ${sideEn(e.side)} sets ${ev} = ${val} (its consumer index + 1), so the very next message triggers a notification, then sleeps.`,
            zh: `最终检查：没有剩余消息。${sideZh(e.side)}设置 ${ev} = ${val}（消费索引 + 1），这样下一条消息一定会触发通知，然后进入休眠。`,
          }
    }
    case 'xen.domain':
      return {
        en: `Xen creates domain ${e.domid} (DomU) with ${e.vcpus} vCPU(s), an empty event-channel table and an empty grant table.`,
        zh: `Xen 创建域 ${e.domid}（DomU），带 ${e.vcpus} 个虚拟 CPU，事件通道表和授权表都是空的。`,
      }
    case 'xen.page-write':
      return {
        en: `Domain ${e.dom} writes “${e.content}” into its frame ${h(e.frame)}.`,
        zh: `域 ${e.dom} 把“${e.content}”写入自己的页帧 ${h(e.frame)}。`,
      }
    case 'evtchn.bind': {
      const what: Record<typeof e.op, Localized> = {
        alloc_unbound: {
          en: `Domain ${e.dom} allocates port ${e.port}, unbound, waiting for domain ${e.binding.state === 'unbound' ? e.binding.remoteDom : '?'} to connect (EVTCHNOP_alloc_unbound).`,
          zh: `域 ${e.dom} 分配端口 ${e.port}，处于未绑定状态，等待域 ${e.binding.state === 'unbound' ? e.binding.remoteDom : '?'} 来连接（EVTCHNOP_alloc_unbound）。`,
        },
        bind_interdomain: {
          en: `Domain ${e.dom} binds port ${e.port} to the other domain's unbound port: an interdomain event channel, the “wire” between frontend and backend. Xen marks the new port pending.`,
          zh: `域 ${e.dom} 把端口 ${e.port} 绑定到对方的未绑定端口：这就是连接前端与后端的域间事件通道。Xen 把新端口置为待处理。`,
        },
        bind_virq: {
          en: `Domain ${e.dom} binds port ${e.port} to ${e.binding.state === 'virq' ? virqName(e.binding.virq) : 'a VIRQ'}: Xen will signal it for that virtual interrupt.`,
          zh: `域 ${e.dom} 把端口 ${e.port} 绑定到 ${e.binding.state === 'virq' ? virqName(e.binding.virq) : 'VIRQ'}：Xen 产生该虚拟中断时会通知此端口。`,
        },
        bind_ipi: {
          en: `Domain ${e.dom} binds port ${e.port} for inter-processor interrupts to one of its own vCPUs.`,
          zh: `域 ${e.dom} 绑定端口 ${e.port}，用于向自己的某个 vCPU 发送处理器间中断（IPI）。`,
        },
        bind_pirq: {
          en: `Domain ${e.dom} binds port ${e.port} to a physical IRQ: hardware interrupts now arrive as events.`,
          zh: `域 ${e.dom} 把端口 ${e.port} 绑定到物理中断：硬件中断从此以事件的形式到达。`,
        },
      }
      return what[e.op]
    }
    case 'evtchn.send':
      return e.target
        ? {
            en: `Domain ${e.dom} calls EVTCHNOP_send on port ${e.port}; Xen signals domain ${e.target.dom}, port ${e.target.port}.`,
            zh: `域 ${e.dom} 对端口 ${e.port} 调用 EVTCHNOP_send；Xen 通知域 ${e.target.dom} 的端口 ${e.target.port}。`,
          }
        : {
            en: `Port ${e.port} of domain ${e.dom} is not connected yet, so Xen silently drops the notification.`,
            zh: `域 ${e.dom} 的端口 ${e.port} 尚未连接，Xen 静默丢弃这次通知。`,
          }
    case 'evtchn.raise':
      return e.port === null
        ? {
            en: `${e.source === 'virq' ? virqName(e.number) : `PIRQ ${e.number}`} fires for domain ${e.dom}, but no port is bound to it: the event is lost.`,
            zh: `${e.source === 'virq' ? virqName(e.number) : `PIRQ ${e.number}`} 发给域 ${e.dom}，但没有端口绑定它：事件丢失。`,
          }
        : {
            en: `${e.source === 'virq' ? `Xen raises ${virqName(e.number)}` : `Physical IRQ ${e.number} fires`} for domain ${e.dom}, delivered on port ${e.port}.`,
            zh: `${e.source === 'virq' ? `Xen 产生 ${virqName(e.number)}` : `物理中断 ${e.number} 到达`}，通过端口 ${e.port} 交给域 ${e.dom}。`,
          }
    case 'evtchn.pending':
      if (e.wasPending) {
        return {
          en: `Port ${e.port} of domain ${e.dom} is already pending: the edge is recorded once, so nothing more happens.`,
          zh: `域 ${e.dom} 的端口 ${e.port} 已处于待处理状态：同一事件只记录一次，不再做别的。`,
        }
      }
      return e.masked
        ? {
            en: `Xen sets bit ${e.port} in domain ${e.dom}'s evtchn_pending, but the port is masked: no upcall until it is unmasked.`,
            zh: `Xen 置位域 ${e.dom} 的 evtchn_pending 第 ${e.port} 位，但该端口被屏蔽：解除屏蔽前不会上调。`,
          }
        : {
            en: `Xen sets bit ${e.port} in domain ${e.dom}'s evtchn_pending${e.selNewlySet ? ` and bit ${Math.floor(e.port / 64)} of vCPU ${e.vcpu}'s evtchn_pending_sel` : ' (its selector bit was already set)'}.`,
            zh: `Xen 置位域 ${e.dom} 的 evtchn_pending 第 ${e.port} 位${e.selNewlySet ? `，以及 vCPU ${e.vcpu} 的 evtchn_pending_sel 第 ${Math.floor(e.port / 64)} 位` : '（选择位此前已置位）'}。`,
          }
    case 'evtchn.upcall':
      return e.delivered
        ? {
            en: `evtchn_upcall_pending of domain ${e.dom} vCPU ${e.vcpu} is set${e.newlySet ? ' and Xen kicks the vCPU' : ''}: the guest's event callback runs, the paravirtual interrupt.`,
            zh: `域 ${e.dom} vCPU ${e.vcpu} 的 evtchn_upcall_pending 被置位${e.newlySet ? '，Xen 唤醒该 vCPU' : ''}：客户机的事件回调函数被调用，相当于半虚拟化的中断。`,
          }
        : {
            en: `evtchn_upcall_pending of domain ${e.dom} vCPU ${e.vcpu} is set, but the guest has evtchn_upcall_mask on (interrupts off): the callback waits.`,
            zh: `域 ${e.dom} vCPU ${e.vcpu} 的 evtchn_upcall_pending 被置位，但客户机设置了 evtchn_upcall_mask（相当于关中断）：回调暂缓。`,
          }
    case 'evtchn.mask':
      return {
        en: `Domain ${e.dom} masks port ${e.port}: events still mark it pending, but raise no upcall (like disabling one interrupt line).`,
        zh: `域 ${e.dom} 屏蔽端口 ${e.port}：事件仍会把它置为待处理，但不会上调（类似屏蔽一条中断线）。`,
      }
    case 'evtchn.unmask':
      return e.wasMasked && e.pending
        ? {
            en: `Domain ${e.dom} unmasks port ${e.port}, which became pending while masked: the event is delivered now.`,
            zh: `域 ${e.dom} 解除端口 ${e.port} 的屏蔽；它在屏蔽期间已挂起，所以现在递交该事件。`,
          }
        : {
            en: `Domain ${e.dom} unmasks port ${e.port}; nothing was waiting on it.`,
            zh: `域 ${e.dom} 解除端口 ${e.port} 的屏蔽；没有积压的事件。`,
          }
    case 'evtchn.handle':
      return {
        en: `Domain ${e.dom}'s handler on vCPU ${e.vcpu} clears evtchn_upcall_pending, swaps evtchn_pending_sel (${hex(e.selector)}) with 0 and handles port(s) ${list(e.ports)}, clearing their pending bits.`,
        zh: `域 ${e.dom} 在 vCPU ${e.vcpu} 上的处理函数清除 evtchn_upcall_pending，把 evtchn_pending_sel（${hex(e.selector)}）换成 0，处理端口 ${e.ports.join('、') || '—'} 并清除它们的待处理位。`,
      }
    case 'evtchn.fail':
      return evtchnFail(e)
    case 'evtchn.close':
      return {
        en: `Domain ${e.dom} closes port ${e.port}${e.remote ? `; domain ${e.remote.dom}'s port ${e.remote.port} goes back to unbound` : ''}.`,
        zh: `域 ${e.dom} 关闭端口 ${e.port}${e.remote ? `；域 ${e.remote.dom} 的端口 ${e.remote.port} 恢复为未绑定` : ''}。`,
      }
    case 'grant.access':
      if ((e.entry.flags & GTF_type_mask) === GTF_accept_transfer) {
        return {
          en: `Domain ${e.dom} fills grant entry ${e.ref} with GTF_accept_transfer for domain ${e.entry.domid}: it offers to receive a whole page from that domain (page flipping). Xen will write the page's frame number into the entry.`,
          zh: `域 ${e.dom} 把授权表项 ${e.ref} 设为 GTF_accept_transfer，对象是域 ${e.entry.domid}：表示愿意从该域接收一整页（页交换）。Xen 会把该页的页帧号写进表项。`,
        }
      }
      return {
        en: `Domain ${e.dom} fills grant entry ${e.ref}: domid ${e.entry.domid}, frame ${h(e.entry.frame)}, then (after a write barrier) flags ${flagNames(e.entry.flags).join(' | ')}. The reference ${e.ref} is what travels in requests.`,
        zh: `域 ${e.dom} 填写授权表项 ${e.ref}：授权给域 ${e.entry.domid}，页帧 ${h(e.entry.frame)}，写屏障之后再写标志 ${flagNames(e.entry.flags).join(' | ')}。在请求中传递的就是授权引用 ${e.ref}。`,
      }
    case 'grant.map':
      return e.status === 0
        ? {
            en: `Domain ${e.dom} maps grant ${e.ref} of domain ${e.grantDom}${e.readonly ? ' read-only' : ''} (GNTTABOP_map_grant_ref); Xen sets GTF_reading${e.readonly ? '' : ' and GTF_writing'} in the entry and returns handle ${e.handle ?? '?'}.`,
            zh: `域 ${e.dom} ${e.readonly ? '以只读方式' : ''}映射域 ${e.grantDom} 的授权 ${e.ref}（GNTTABOP_map_grant_ref）；Xen 在表项中置位 GTF_reading${e.readonly ? '' : ' 和 GTF_writing'}，返回句柄 ${e.handle ?? '?'}。`,
          }
        : {
            en: `Mapping grant ${e.ref} of domain ${e.grantDom} fails with GNTST_${e.statusName} (${e.status}): ${e.detail}.`,
            zh: `映射域 ${e.grantDom} 的授权 ${e.ref} 失败，返回 GNTST_${e.statusName}（${e.status}）：${grantDetailZh(e.detail)}。`,
          }
    case 'grant.unmap':
      return e.status === 0
        ? {
            en: `Domain ${e.dom} unmaps handle ${e.handle}; with no mapping left Xen clears GTF_reading/GTF_writing, so the owner may revoke the grant.`,
            zh: `域 ${e.dom} 解除句柄 ${e.handle} 的映射；没有映射剩下时 Xen 清除 GTF_reading/GTF_writing，拥有者才可以撤销授权。`,
          }
        : {
            en: `Handle ${e.handle} is not a mapping of domain ${e.dom}: GNTST_bad_handle (−4).`,
            zh: `句柄 ${e.handle} 不是域 ${e.dom} 的映射：GNTST_bad_handle（−4）。`,
          }
    case 'grant.copy':
      return e.status === 0
        ? {
            en: `Xen copies ${e.len} bytes for domain ${e.dom} (GNTTABOP_copy): the data moves between the pages without either side mapping the other's memory.`,
            zh: `Xen 为域 ${e.dom} 复制 ${e.len} 字节（GNTTABOP_copy）：数据在两页之间移动，双方都无需映射对方的内存。`,
          }
        : {
            en: `GNTTABOP_copy fails with GNTST_${e.statusName} (${e.status}): ${e.detail}.`,
            zh: `GNTTABOP_copy 失败，返回 GNTST_${e.statusName}（${e.status}）：${grantDetailZh(e.detail)}。`,
          }
    case 'grant.transfer':
      return e.status === 0
        ? {
            en: `Domain ${e.dom} gives its page ${h(e.frame)} to domain ${e.targetDom} through grant ${e.ref} (GNTTABOP_transfer): page flipping, no copy. Xen sets GTF_transfer_committed and GTF_transfer_completed.`,
            zh: `域 ${e.dom} 通过授权 ${e.ref} 把自己的页 ${h(e.frame)} 交给域 ${e.targetDom}（GNTTABOP_transfer）：页交换（翻页），无需复制。Xen 置位 GTF_transfer_committed 和 GTF_transfer_completed。`,
          }
        : {
            en: `GNTTABOP_transfer fails with GNTST_${e.statusName}: grant ${e.ref} of domain ${e.targetDom} does not accept a transfer from domain ${e.dom}.`,
            zh: `GNTTABOP_transfer 失败，返回 GNTST_${e.statusName}：域 ${e.targetDom} 的授权 ${e.ref} 不接受来自域 ${e.dom} 的页转交。`,
          }
    case 'grant.end':
      return e.ended
        ? {
            en: `Domain ${e.dom} ends grant ${e.ref}: no GTF_reading/GTF_writing was set, so the flags go to 0 and the page is private again${e.frame === null ? '' : `; it received frame ${h(e.frame)}`}.`,
            zh: `域 ${e.dom} 撤销授权 ${e.ref}：GTF_reading/GTF_writing 均未置位，标志清零，页重新归自己私有${e.frame === null ? '' : `；它收到了页帧 ${h(e.frame)}`}。`,
          }
        : {
            en: `Domain ${e.dom} cannot end grant ${e.ref}: ${flagNames(e.flags).join(' | ')} shows another domain still maps it.`,
            zh: `域 ${e.dom} 无法撤销授权 ${e.ref}：${flagNames(e.flags).join(' | ')} 表明另一个域仍在映射它。`,
          }
    case 'blk.connect':
      return {
        en: `${e.dev}: blkfront in domain ${e.frontDom} and blkback in domain ${e.backDom} now share a ring page (grant ${e.ringRef}) and an event channel (ports ${e.frontPort} / ${e.backPort}) — the split driver model.`,
        zh: `${e.dev}：域 ${e.frontDom} 中的 blkfront 与域 ${e.backDom} 中的 blkback 共享一个环页（授权 ${e.ringRef}）和一个事件通道（端口 ${e.frontPort} / ${e.backPort}）——这就是分离驱动模型。`,
      }
    case 'blk.request':
      return {
        en: `blkfront builds request ${e.id}: ${e.request.operation === 0 ? 'BLKIF_OP_READ' : 'BLKIF_OP_WRITE'} at sector ${e.request.sectorNumber}, ${e.request.nrSegments} segment(s), each a grant reference (${e.request.seg.map((s) => s.gref).join(', ')}) with sectors first_sect..last_sect of a 4 KiB page. Only references travel in the ring, not data.`,
        zh: `blkfront 构造请求 ${e.id}：${e.request.operation === 0 ? 'BLKIF_OP_READ' : 'BLKIF_OP_WRITE'}，起始扇区 ${e.request.sectorNumber}，共 ${e.request.nrSegments} 个段，每段是一个授权引用（${e.request.seg.map((s) => s.gref).join('、')}）加上 4 KiB 页内的扇区范围 first_sect..last_sect。环中只传引用，不传数据。`,
      }
    case 'blk.io':
      return {
        en: `blkback has mapped the granted pages and performed request ${e.id} on the real disk: ${e.sectors} sector(s), status ${e.status}.`,
        zh: `blkback 映射了授权页，并在真实磁盘上完成请求 ${e.id}：${e.sectors} 个扇区，状态 ${e.status}。`,
      }
    case 'blk.done':
      return {
        en: `blkfront completes request ${e.id} (status ${e.status}) and revokes its grants; the data is in its own pages.`,
        zh: `blkfront 完成请求 ${e.id}（状态 ${e.status}）并撤销相应授权；数据已在它自己的页中。`,
      }
    case 'net.connect':
      return {
        en: `netfront in domain ${e.dom} is connected; Dom0 names the backend ${e.vif} and adds it to bridge ${e.bridge}. MAC ${e.mac} is in Xen's 00:16:3e range. Receive mode: ${e.rx === 'copy' ? 'grant copy' : 'page flipping'}.`,
        zh: `域 ${e.dom} 中的 netfront 已连接；Dom0 把后端命名为 ${e.vif} 并加入网桥 ${e.bridge}。MAC ${e.mac} 位于 Xen 的 00:16:3e 地址段。接收方式：${e.rx === 'copy' ? '授权复制' : '页交换'}。`,
      }
    case 'net.tx':
      return {
        en: `netfront puts a ${e.size}-byte packet in a page, grants it read-only (ref ${e.gref}) and queues TX request ${e.id}.`,
        zh: `netfront 把 ${e.size} 字节的数据包放进一页，以只读方式授权（引用 ${e.gref}），并排队 TX 请求 ${e.id}。`,
      }
    case 'net.bridge':
      return {
        en: `Bridge ${e.bridge} forwards ${e.size} bytes from ${e.from} to ${e.to}, choosing the port by destination MAC ${e.dst}.`,
        zh: `网桥 ${e.bridge} 按目的 MAC ${e.dst === 'wire' ? '（外部网络）' : e.dst} 选择端口，把 ${e.size} 字节从 ${e.from} 转发到 ${e.to}。`,
      }
    case 'net.rx':
      return e.mode === 'copy'
        ? {
            en: `netback copies the ${e.size}-byte packet into the guest's posted buffer (grant ${e.gref}) with GNTTABOP_copy and answers RX request ${e.id}.`,
            zh: `netback 用 GNTTABOP_copy 把 ${e.size} 字节的数据包复制进客户机投放的缓冲区（授权 ${e.gref}），并响应 RX 请求 ${e.id}。`,
          }
        : {
            en: `netback flips the page holding the ${e.size}-byte packet to the guest (grant ${e.gref}): the guest exchanged an empty frame for it, no bytes are copied.`,
            zh: `netback 把装有 ${e.size} 字节数据包的页整体交给客户机（授权 ${e.gref}）：客户机用一个空页帧换来了它，没有复制任何字节。`,
          }
    case 'net.drop':
      return {
        en: `A packet for ${e.vif} arrived but the guest has posted no receive buffer, so netback drops it (${e.dropped} dropped so far).`,
        zh: `一个发往 ${e.vif} 的数据包到达，但客户机没有投放接收缓冲区，netback 只能丢弃它（累计丢弃 ${e.dropped} 个）。`,
      }
    case 'net.done':
      return e.dir === 'tx'
        ? {
            en: `netfront reaps TX response ${e.id} (status ${e.status}) and revokes the packet page's grant.`,
            zh: `netfront 回收 TX 响应 ${e.id}（状态 ${e.status}），并撤销数据包页的授权。`,
          }
        : {
            en: `netfront takes RX response ${e.id}: ${e.status >= 0 ? `${e.status} bytes received` : `error ${e.status}`}.`,
            zh: `netfront 取走 RX 响应 ${e.id}：${e.status >= 0 ? `收到 ${e.status} 字节` : `错误 ${e.status}`}。`,
          }
    default:
      return exhaustive(e)
  }
}
