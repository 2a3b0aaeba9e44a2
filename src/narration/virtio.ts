// What a virtio-net step did, in English and Simplified Chinese (hw-facts.md §6, hw-facts-2
// §2.3-2.4). Written from the event alone.
import type { Localized } from '../console/index.ts'
import { descFlagNames } from '../console/format/virtio.ts'
import { type VirtioEvent, exhaustive, hex } from '../engine/index.ts'
import { tidyZh } from './zh.ts'

const L = (en: string, zh: string): Localized => ({ en, zh: tidyZh(zh) })

const BROKEN: Record<Extract<VirtioEvent, { kind: 'virtio.broken' }>['why'], Localized> = {
  loop: {
    en: 'the chain has visited more descriptors than the table holds, so it must loop',
    zh: '这条链经过的描述符已多于表的大小，所以它一定成环了',
  },
  'next-range': {
    en: 'a next index points beyond the table',
    zh: '某个 `next` 索引指到了表外',
  },
  'head-range': {
    en: 'the avail ring names a head beyond the table',
    zh: '可用环给出的链头超出了表的范围',
  },
  'avail-jump': {
    en: 'avail->idx moved ahead by more than the queue size',
    zh: '`avail->idx` 前进的距离超过了队列大小',
  },
  'write-order': {
    en: 'a device-readable descriptor follows a device-writable one',
    zh: '设备可读的描述符出现在设备可写的描述符之后',
  },
  'indirect-next': {
    en: 'a descriptor has both INDIRECT and NEXT',
    zh: '一个描述符同时带有 INDIRECT 与 NEXT',
  },
  'indirect-nested': {
    en: 'an indirect table holds another INDIRECT descriptor',
    zh: '间接表里又有 INDIRECT 描述符',
  },
  'indirect-len': {
    en: 'the indirect table’s length is not a multiple of 16 bytes',
    zh: '间接表的长度不是 16 字节的倍数',
  },
  'indirect-feature': {
    en: 'INDIRECT is used but VIRTIO_RING_F_INDIRECT_DESC was not negotiated',
    zh: '使用了 INDIRECT，但没有协商 VIRTIO_RING_F_INDIRECT_DESC',
  },
}

const STATUS_BITS: readonly [number, string][] = [
  [1, 'ACKNOWLEDGE'],
  [2, 'DRIVER'],
  [8, 'FEATURES_OK'],
  [4, 'DRIVER_OK'],
  [64, 'DEVICE_NEEDS_RESET'],
]
const statusNames = (s: number): string =>
  STATUS_BITS.filter(([b]) => s & b)
    .map(([, n]) => n)
    .join(' | ') || '0'

export function describeVirtioEvent(e: VirtioEvent): Localized {
  switch (e.kind) {
    case 'virtio.device':
      return e.backend === 'qemu'
        ? L(
            `A virtio-net PCI function (vendor 0x1AF4, device 0x1041) appears with its registers in BAR 4. QEMU in user space serves it; the transmit queue’s doorbell is ${hex(e.notifyAddr)}. It offers ${e.offered.length} features; the driver starts from status 0.`,
            `一个 virtio-net PCI 功能（厂商 0x1AF4，设备 0x1041）出现，寄存器在 BAR 4 中。由用户态的 QEMU 服务；发送队列的门铃地址是 ${hex(e.notifyAddr)}。它提供 ${e.offered.length} 个特性；驱动从状态 0 开始。`,
          )
        : L(
            `A virtio-net PCI function (vendor 0x1AF4, device 0x1041) whose data path is vhost-net: QEMU still owns the PCI device and its configuration, but it has handed the ring addresses, a kick eventfd (VHOST_SET_VRING_KICK) and a call eventfd (VHOST_SET_VRING_CALL) to a kernel worker thread, and told KVM to signal that eventfd on a store to ${hex(e.notifyAddr)} (KVM_IOEVENTFD) and to inject the interrupt when the call eventfd fires (KVM_IRQFD).`,
            `一个数据路径走 vhost-net 的 virtio-net PCI 功能（厂商 0x1AF4，设备 0x1041）：QEMU 仍然拥有 PCI 设备与配置，但已把环的地址、\`kick\` eventfd（VHOST_SET_VRING_KICK）和 \`call\` eventfd（VHOST_SET_VRING_CALL）交给一个内核工作线程，并让 KVM 在写 ${hex(e.notifyAddr)} 时触发该 eventfd（KVM_IOEVENTFD），在 \`call\` eventfd 触发时注入中断（KVM_IRQFD）。`,
          )
    case 'virtio.status':
      return e.refused
        ? L(
            `The driver writes FEATURES_OK and reads device_status back: the bit is clear. The device refused the features, because bit ${e.refused.join(', ')} is not one it offered. The driver must give up on this device (set FAILED) or reset and try a subset.`,
            `驱动写入 FEATURES_OK 后读回 \`device_status\`：该位仍为 0。设备拒绝了这组特性，因为第 ${e.refused.join('、')} 位不是它提供的。驱动只能放弃该设备（置 FAILED），或复位后改用子集重试。`,
          )
        : e.wrote === 0
          ? L(
              'The driver writes 0 to device_status: a reset. The device forgets the features and the queue.',
              '驱动向 `device_status` 写 0：复位。设备忘掉已协商的特性与队列。',
            )
          : L(
              `device_status is now ${e.status} (${statusNames(e.status)}). Each bit is set in the spec’s order: ACKNOWLEDGE (the OS saw the device), DRIVER (it has a driver), FEATURES_OK (features agreed), DRIVER_OK (queues ready, the device may run).`,
              `\`device_status\` 现在是 ${e.status}（${statusNames(e.status)}）。各位按规范的顺序设置：ACKNOWLEDGE（操作系统发现了设备）、DRIVER（有了驱动）、FEATURES_OK（特性已商定）、DRIVER_OK（队列就绪，设备可以运行）。`,
            )
    case 'virtio.features':
      return L(
        `The driver writes the features it wants: ${e.wrote.join(', ') || 'none'}${e.unknown.length ? ` and bit ${e.unknown.join(', ')}` : ''}. VERSION_1 (bit 32) is the modern interface; EVENT_IDX (29) replaces the on/off flags with the used_event and avail_event indices; INDIRECT_DESC (28) lets one ring slot point at a whole table.`,
        `驱动写入它想要的特性：${e.wrote.join('、') || '无'}${e.unknown.length ? `，以及第 ${e.unknown.join('、')} 位` : ''}。VERSION_1（第 32 位）表示现代接口；EVENT_IDX（第 29 位）用 \`used_event\` 与 \`avail_event\` 索引取代开关式标志；INDIRECT_DESC（第 28 位）让一个环槽指向一整张描述符表。`,
      )
    case 'virtio.queue':
      if (e.queue === 'rx')
        return L(
          `Queue 0 (receiveq1) gets ${e.layout.size} entries: descriptor table at ${hex(e.layout.desc)}, avail ring at ${hex(e.layout.avail)}, used ring at ${hex(e.layout.used)}, the same split layout as the transmit queue. Here the driver hands the device empty buffers to fill.`,
          `队列 0（\`receiveq1\`）有 ${e.layout.size} 项：描述符表在 ${hex(e.layout.desc)}，可用环在 ${hex(e.layout.avail)}，已用环在 ${hex(e.layout.used)}，与发送队列的拆分布局相同。在这里，驱动交给设备的是等待填写的空缓冲区。`,
        )
      return L(
        `Queue 1 (transmitq1) gets ${e.layout.size} entries: the descriptor table at ${hex(e.layout.desc)} (16 bytes each), the avail ring at ${hex(e.layout.avail)} (flags, idx, ring[${e.layout.size}], used_event), the used ring at ${hex(e.layout.used)} (flags, idx, ring[${e.layout.size}] of {id, len}, avail_event). All three live in guest RAM; the device reads them there.`,
        `队列 1（\`transmitq1\`）有 ${e.layout.size} 项：描述符表在 ${hex(e.layout.desc)}（每项 16 字节），可用环在 ${hex(e.layout.avail)}（\`flags\`、\`idx\`、\`ring[${e.layout.size}]\`、\`used_event\`），已用环在 ${hex(e.layout.used)}（\`flags\`、\`idx\`、由 \`{id, len}\` 组成的 \`ring[${e.layout.size}]\`、\`avail_event\`）。三部分都在客户机内存里，设备直接在那里读取。`,
      )
    case 'virtio.desc': {
      const d = e.desc
      const f = descFlagNames(d.flags).join('|') || '0'
      const where =
        d.table === 'ring' ? `descriptor ${d.index}` : `entry ${d.index} of the indirect table`
      const whereZh = d.table === 'ring' ? `描述符 ${d.index}` : `间接表第 ${d.index} 项`
      const link =
        d.flags & 4
          ? {
              en: ` It points at an indirect table of ${d.len / 16} descriptors.`,
              zh: `它指向一张含 ${d.len / 16} 个描述符的间接表。`,
            }
          : d.flags & 1
            ? { en: ` NEXT links it to ${d.next}.`, zh: `NEXT 把它链到 ${d.next}。` }
            : { en: ' No NEXT: the chain ends here.', zh: '没有 NEXT：链到此结束。' }
      const raw =
        e.by === 'raw'
          ? {
              en: ' (Written by hand, not by the driver.)',
              zh: '（这是手工写入的，不是驱动写的。）',
            }
          : { en: '', zh: '' }
      return L(
        `The driver fills ${where} at ${hex(d.gpa)}: buffer ${hex(d.addr)}, ${d.len} bytes, flags ${f}.${link.en}${raw.en}`,
        `驱动填写位于 ${hex(d.gpa)} 的${whereZh}：缓冲区 ${hex(d.addr)}，${d.len} 字节，标志 ${f}。${link.zh}${raw.zh}`,
      )
    }
    case 'virtio.avail-ring':
      return L(
        `The head of the chain, ${e.head}, goes into avail->ring[${e.slot}]. The device cannot see it yet: avail->idx has not moved.`,
        `链头 ${e.head} 写进 \`avail->ring[${e.slot}]\`。设备还看不到它：\`avail->idx\` 还没有变。`,
      )
    case 'virtio.avail-idx':
      return L(
        `A write barrier, then avail->idx goes from ${e.old} to ${e.new}: only now is the chain published. Moving idx first would let the device read a slot or descriptor not yet written.`,
        `先做写屏障，再把 \`avail->idx\` 从 ${e.old} 改为 ${e.new}：此刻这条链才算发布。若先改 \`idx\`，设备可能读到尚未写好的环槽或描述符。`,
      )
    case 'virtio.kick-check':
      return e.event !== null
        ? L(
            `Should the driver kick? vring_need_event(avail_event ${e.event}, new ${e.new}, old ${e.old}) asks whether entry ${e.event} is among those just published (${e.old} up to ${e.new}, modulo 65536): ${e.need ? 'yes, so it rings the doorbell' : 'no, the device is still working or asked for a later entry, so no doorbell and no exit'}.`,
            `驱动要不要通知？\`vring_need_event\`（\`avail_event\` ${e.event}，新 ${e.new}，旧 ${e.old}）判断第 ${e.event} 项是否在刚发布的范围（从 ${e.old} 到 ${e.new}，模 65536）里：${e.need ? '是，于是按门铃' : '否，设备仍在工作或要求更晚的项，所以不按门铃，也没有退出'}。`,
          )
        : L(
            `Should the driver kick? Without EVENT_IDX it looks at used->flags: NO_NOTIFY is ${e.noNotify ? 'set, so it does not kick' : 'clear, so it kicks'}.`,
            `驱动要不要通知？未协商 EVENT_IDX 时看 \`used->flags\`：NO_NOTIFY ${e.noNotify ? '已置位，所以不通知' : '为 0，所以通知'}。`,
          )
    case 'virtio.notify':
      return L(
        `The guest stores the queue index ${e.value} to the doorbell at ${hex(e.addr)} (BAR 4 + 0x3000 + 4 × 1).`,
        `客户机把队列索引 ${e.value} 写到门铃地址 ${hex(e.addr)}（BAR 4 + 0x3000 + 4 × 1）。`,
      )
    case 'virtio.exit':
      if (e.what === 'irq-kick')
        return L(
          `The interrupt was raised by a thread other than vCPU 0’s while vCPU 0 runs in the guest: KVM sends it an IPI, a VM exit ${e.reason} (external interrupt), so that the next VM entry can inject the vector.`,
          `中断由 vCPU 0 之外的线程发出，而 vCPU 0 正在客户机中运行：KVM 给它发一个 IPI，造成 VM 退出 ${e.reason}（外部中断），以便下一次 VM 进入时注入向量。`,
        )
      return e.what === 'notify'
        ? L(
            `The store leaves the guest: VM exit 49, EPT misconfiguration, because KVM marked this MMIO page so that every access exits.`,
            `这次写离开了客户机：VM 退出 49（EPT 配置错误），因为 KVM 把这个 MMIO 页标记成每次访问都退出。`,
          )
        : L(
            `The interrupt handler reads the ISR byte at ${hex(e.gpa)}: another VM exit 49. With INTx the driver must read it to learn why the shared line fired.`,
            `中断处理程序读取位于 ${hex(e.gpa)} 的 ISR 字节：又一次 VM 退出 49。用 INTx 时驱动必须读它，才知道共享的中断线为何触发。`,
          )
    case 'virtio.kvm':
      return e.action === 'exit-mmio'
        ? L(
            'KVM has no in-kernel handler for this address, so the KVM_RUN ioctl returns to QEMU with KVM_EXIT_MMIO (6): a trip from the kernel to user space.',
            'KVM 在内核里没有这个地址的处理者，于是 `KVM_RUN` 返回 QEMU，原因是 KVM_EXIT_MMIO（6）：从内核回到用户态走一趟。',
          )
        : e.action === 'ioeventfd'
          ? L(
              'KVM finds an ioeventfd registered for this address: it signals the kick eventfd inside the kernel. QEMU is not involved and no return to user space happens.',
              'KVM 发现这个地址注册了 ioeventfd：它在内核里直接触发 `kick` eventfd。QEMU 不参与，也不回到用户态。',
            )
          : L('VM entry: the vCPU runs the guest again.', 'VM 进入：vCPU 继续运行客户机。')
    case 'virtio.backend':
      if (e.action === 'notify' && e.snap.shown === 'rx')
        return L(
          'QEMU’s vCPU thread runs virtio_queue_notify for queue 0: virtio_net_handle_rx flushes the frames QEMU held into the new buffers, right here on this thread.',
          'QEMU 的 vCPU 线程对队列 0 执行 `virtio_queue_notify`：`virtio_net_handle_rx` 就在这个线程上把 QEMU 扣住的帧送进新的缓冲区。',
        )
      if (e.action === 'wake' && e.socket)
        return L(
          'The tap socket has a frame: it wakes the vhost worker thread in the host kernel.',
          '`tap` 套接字里有了帧：它唤醒宿主内核中的 vhost 工作线程。',
        )
      return e.action === 'notify'
        ? L(
            'QEMU’s vCPU thread runs virtio_queue_notify for queue 1, which schedules the transmit work, then issues KVM_RUN again.',
            'QEMU 的 vCPU 线程对队列 1 执行 `virtio_queue_notify`，安排好发送工作，然后再次调用 `KVM_RUN`。',
          )
        : e.action === 'wake'
          ? L(
              'The vhost worker thread, asleep on the kick eventfd, wakes up in the host kernel.',
              '在 `kick` eventfd 上睡眠的 vhost 工作线程在宿主内核中醒来。',
            )
          : L('QEMU answers the read with the ISR value.', 'QEMU 用 ISR 的值应答这次读。')
    case 'virtio.pop': {
      const walk = e.chain.map((d) => `${d.table === 'ring' ? '' : 'i'}${d.index}`).join(' → ')
      return L(
        `The ${e.chain.length > 0 ? 'backend' : 'device'} takes avail->ring[${e.slot}] = head ${e.head} and walks the chain ${walk}, checking every index against the table and counting steps: ${e.outBytes} bytes to read, ${e.inBytes} to write.`,
        `后端取出 \`avail->ring[${e.slot}]\` 中的链头 ${e.head}，沿链 ${walk} 遍历，逐个检查索引是否在表内并计数：读 ${e.outBytes} 字节，写 ${e.inBytes} 字节。`,
      )
    }
    case 'virtio.empty':
      return L(
        `The backend finds nothing new: avail->idx is ${e.availIdx}, the same as the last entry it consumed.`,
        `后端没有找到新的项：\`avail->idx\` 是 ${e.availIdx}，与它消费到的位置相同。`,
      )
    case 'virtio.tx':
      return e.backend === 'qemu'
        ? L(
            `QEMU sends the packet with writev() to the tap device: the host kernel copies ${e.bytes} bytes (the ${e.hdr}-byte virtio-net header and the frame) from guest memory into a socket buffer.`,
            `QEMU 用 \`writev()\` 把数据包交给 \`tap\` 设备：宿主内核把 ${e.bytes} 字节（${e.hdr} 字节的 virtio-net 头加帧）从客户机内存复制进套接字缓冲区。`,
          )
        : L(
            `The vhost worker sends the packet with sendmsg() on the tap socket straight from guest memory: ${e.bytes} bytes copied (the ${e.hdr}-byte header and the frame), without QEMU.`,
            `vhost 工作线程直接从客户机内存用 \`sendmsg()\` 发到 \`tap\` 套接字：复制 ${e.bytes} 字节（${e.hdr} 字节的头加帧），不经过 QEMU。`,
          )
    case 'virtio.used-ring':
      return L(
        `The device writes used->ring[${e.slot}] = {id ${e.id}, len ${e.len}}: chain ${e.id} is done (len counts bytes written into the buffers; a send writes none).`,
        `设备写入 \`used->ring[${e.slot}] = {id ${e.id}, len ${e.len}}\`：链 ${e.id} 已完成（\`len\` 是写进缓冲区的字节数；发送不写任何字节）。`,
      )
    case 'virtio.used-idx':
      return L(
        `A barrier, then used->idx goes from ${e.old} to ${e.new}${e.new - e.old > 1 || e.old - e.new > 1 ? ': several entries published with one update' : ''}.`,
        `先做屏障，再把 \`used->idx\` 从 ${e.old} 改为 ${e.new}${e.new - e.old > 1 || e.old - e.new > 1 ? '：一次更新发布了多项' : ''}。`,
      )
    case 'virtio.avail-event':
      return e.by === 'device'
        ? L(
            `The device sets avail_event to ${e.value}: kick me when the entry with index ${e.value} is published, and not before.`,
            `设备把 \`avail_event\` 设为 ${e.value}：发布第 ${e.value} 项时再通知我，在那之前不必。`,
          )
        : L(`avail_event = ${e.value}.`, `\`avail_event\` = ${e.value}。`)
    case 'virtio.used-event':
      return L(
        `The driver sets used_event to ${e.value}: interrupt me when used entry ${e.value} is published.`,
        `驱动把 \`used_event\` 设为 ${e.value}：发布第 ${e.value} 个已用项时再中断我。`,
      )
    case 'virtio.irq-check':
      return e.event === null
        ? L(
            `Should the device interrupt? Without EVENT_IDX it reads avail->flags: NO_INTERRUPT is ${e.noInterrupt ? 'set, so no interrupt' : 'clear, so it interrupts'}.`,
            `设备要不要中断？未协商 EVENT_IDX 时读 \`avail->flags\`：NO_INTERRUPT ${e.noInterrupt ? '已置位，所以不中断' : '为 0，所以中断'}。`,
          )
        : e.first
          ? L(
              'Should the device interrupt? This is its first decision on this queue, and the first one always interrupts.',
              '设备要不要中断？这是它在该队列上的第一次判断，第一次总是中断。',
            )
          : L(
              `Should the device interrupt? vring_need_event(used_event ${e.event}, new ${e.new}, old ${e.old}) is ${e.need ? 'true: entry ' + e.event + ' was just published' : 'false: entry ' + e.event + ' is not among those just published, so the interrupt is suppressed'}.`,
              `设备要不要中断？\`vring_need_event\`（\`used_event\` ${e.event}，新 ${e.new}，旧 ${e.old}）为${e.need ? `真：第 ${e.event} 项刚刚发布` : `假：第 ${e.event} 项不在刚发布的范围里，所以中断被抑制`}。`,
            )
    case 'virtio.interrupt':
      return e.path === 'irqfd'
        ? L(
            `The vhost worker writes the call eventfd; through irqfd KVM injects the ${e.irq === 'msix' ? 'MSI-X vector' : 'INTx interrupt (ISR bit 0 set)'} on the vCPU’s next entry. Still no QEMU.`,
            `vhost 工作线程写 \`call\` eventfd；KVM 通过 irqfd 在 vCPU 下次进入时注入${e.irq === 'msix' ? ' MSI-X 向量' : ' INTx 中断（ISR 第 0 位置位）'}。仍然不经过 QEMU。`,
          )
        : L(
            `QEMU raises the ${e.irq === 'msix' ? 'MSI-X vector of the queue' : 'INTx line and sets ISR bit 0'}; KVM injects it on the vCPU’s next entry.`,
            `QEMU 发出${e.irq === 'msix' ? '该队列的 MSI-X 向量' : ' INTx 中断并置位 ISR 第 0 位'}；KVM 在 vCPU 下次进入时注入它。`,
          )
    case 'virtio.isr':
      return L(
        `The ISR read returns ${e.value} and clears it (read-to-clear)${e.value & 1 ? ': bit 0, a queue has used buffers' : ''}.`,
        `读 ISR 得到 ${e.value}，并把它清零（读后清零）${e.value & 1 ? '：第 0 位表示有队列出现了已用缓冲区' : ''}。`,
      )
    case 'virtio.reclaim':
      return L(
        `The driver reads used entry for chain ${e.head} and puts its ${e.freed} descriptor(s) back on the free list.`,
        `驱动读到链 ${e.head} 的已用项，把它的 ${e.freed} 个描述符放回空闲链表。`,
      )
    case 'virtio.nothing-used':
      return L(
        `Nothing to reclaim: used->idx is still ${e.usedIdx}.`,
        `没有可回收的：\`used->idx\` 仍是 ${e.usedIdx}。`,
      )
    case 'virtio.flag':
      return e.which === 'avail'
        ? L(
            `The driver ${e.on ? 'sets' : 'clears'} VRING_AVAIL_F_NO_INTERRUPT: ${e.on ? 'please do not interrupt me (a hint the device may ignore)' : 'interrupts welcome again'}.`,
            `驱动${e.on ? '置位' : '清除'} VRING_AVAIL_F_NO_INTERRUPT：${e.on ? '请不要中断我（设备可以不理会这个提示）' : '重新欢迎中断'}。`,
          )
        : L(
            `The device ${e.on ? 'sets' : 'clears'} VRING_USED_F_NO_NOTIFY: ${e.on ? 'I am busy polling, do not kick me' : 'kick me again'}.`,
            `设备${e.on ? '置位' : '清除'} VRING_USED_F_NO_NOTIFY：${e.on ? '我正在轮询，不要通知我' : '请重新通知我'}。`,
          )
    case 'virtio.broken':
      return L(
        `The ${e.backend === 'qemu' ? 'device' : 'vhost worker'} stops on head ${e.head}: ${BROKEN[e.why].en} (at ${e.at}, queue size ${e.size}). It never follows the chain for ever: ${e.backend === 'qemu' ? 'QEMU’s virtio_error marks the device broken and sets DEVICE_NEEDS_RESET; only a reset brings it back' : 'vhost logs the error and stops serving the queue until it is set up again'}.`,
        `${e.backend === 'qemu' ? '设备' : 'vhost 工作线程'}在链头 ${e.head} 处停下：${BROKEN[e.why].zh}（位置 ${e.at}，队列大小 ${e.size}）。它绝不会无休止地沿链走下去：${e.backend === 'qemu' ? 'QEMU 的 `virtio_error` 把设备标为损坏并置位 DEVICE_NEEDS_RESET，只有复位才能恢复' : 'vhost 记录错误并停止服务该队列，直到重新设置'}。`,
      )
    case 'virtio.stopped':
      return L(
        `The queue stays stopped since the last error (${e.why}): nothing is served until the driver resets the device.`,
        `自上次错误（${e.why}）以来队列一直停着：驱动复位设备之前什么也不会被处理。`,
      )
    case 'virtio.burst':
      return L(
        `${e.n} packets go through one at a time: avail->idx ${e.from.avail} → ${e.to.avail}, used->idx ${e.from.used} → ${e.to.used} (16-bit, so they wrap at 65536). One packet at a time means every one kicked and interrupted: ${e.added.kicks} kicks, ${e.added.exits} exits, ${e.added.interrupts} interrupts.`,
        `${e.n} 个数据包逐个通过：\`avail->idx\` ${e.from.avail} → ${e.to.avail}，\`used->idx\` ${e.from.used} → ${e.to.used}（16 位，到 65536 回绕）。一次一个包，所以每个都通知、都中断：${e.added.kicks} 次通知，${e.added.exits} 次退出，${e.added.interrupts} 次中断。`,
      )
    case 'virtio.rx-arrive':
      return e.copied
        ? L(
            `A ${e.bytes}-byte frame for the guest arrives on the tap. QEMU’s I/O thread reads it into QEMU’s own buffer: the first copy.`,
            `一个发给客户机的 ${e.bytes} 字节帧到达 TAP 设备。QEMU 的 I/O 线程把它读进 QEMU 自己的缓冲区：第一次拷贝。`,
          )
        : L(
            `A ${e.bytes}-byte frame for the guest arrives on the tap. It stays in the tap socket; the socket wakes the vhost worker, which will copy it straight into a guest buffer.`,
            `一个发给客户机的 ${e.bytes} 字节帧到达 TAP 设备。它留在 TAP 套接字里；套接字唤醒 vhost 工作线程，由它直接拷进客户机缓冲区。`,
          )
    case 'virtio.rx-wait':
      return L(
        `No receive buffer is available (avail->idx equals the device’s last_avail_idx). ${e.backend === 'qemu' ? 'QEMU’s virtio_net_has_buffers returns 0: its net layer keeps the frame queued' : 'vhost’s handle_rx finds no descriptor: the frame stays in the tap socket'} and the device asks to be kicked. ${e.waiting} frame(s) wait; nothing is dropped.`,
        `没有可用的接收缓冲区（\`avail->idx\` 等于设备的 \`last_avail_idx\`）。${e.backend === 'qemu' ? 'QEMU 的 `virtio_net_has_buffers` 返回 0：网络层把帧留在队列中' : 'vhost 的 `handle_rx` 找不到描述符：帧留在 TAP 套接字中'}，设备请求驱动通知它。有 ${e.waiting} 个帧在等待；没有丢弃任何帧。`,
      )
    case 'virtio.rx':
      return L(
        `The ${e.backend === 'qemu' ? 'device' : 'vhost worker'} writes into head ${e.head}’s buffer at ${hex(e.gpa)}: a ${e.hdr}-byte virtio_net_hdr (flags 0, gso_type NONE${e.numBuffers !== null ? `, num_buffers ${e.numBuffers}` : ''}) then the ${e.bytes}-byte frame, ${e.written} bytes in all. ${e.backend === 'qemu' ? 'The second copy.' : 'The only copy.'}`,
        `${e.backend === 'qemu' ? '设备' : 'vhost 工作线程'}写入链头 ${e.head} 的缓冲区（${hex(e.gpa)}）：先是 ${e.hdr} 字节的 \`virtio_net_hdr\`（\`flags\` 0，\`gso_type\` NONE${e.numBuffers !== null ? `，\`num_buffers\` ${e.numBuffers}` : ''}），再是 ${e.bytes} 字节的帧，共 ${e.written} 字节。${e.backend === 'qemu' ? '这是第二次拷贝。' : '这是唯一的一次拷贝。'}`,
      )
    default:
      return exhaustive(e)
  }
}
