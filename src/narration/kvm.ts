// What each hop of a guest I/O access under KVM and QEMU means, in English and Simplified
// Chinese (hw-facts-2 §1.8, §2.2, §2.4).
import type { Localized } from '../console/index.ts'
import { type KvmEvent, exhaustive } from '../engine/index.ts'
import { causeText, hx } from '../console/format/kvm.ts'
import { tidyZh } from './zh.ts'

const L = (en: string, zh: string): Localized => ({ en, zh: tidyZh(zh) })

const TARGET: Record<string, Localized> = {
  'e1000-bar0': { en: 'the e1000’s register BAR (BAR0)', zh: 'e1000 的寄存器 BAR（BAR0）' },
  'e1000-bar1': { en: 'the e1000’s I/O BAR (BAR1)', zh: 'e1000 的 I/O BAR（BAR1）' },
  'pci-config-address': {
    en: 'the host bridge’s CONFIG_ADDRESS register (0xCF8)',
    zh: '主桥的 CONFIG_ADDRESS 寄存器（0xCF8）',
  },
  'pci-config-data': {
    en: 'the host bridge’s CONFIG_DATA window (0xCFC), which reads the configuration space CONFIG_ADDRESS selects',
    zh: '主桥的 CONFIG_DATA 窗口（0xCFC），它读写 CONFIG_ADDRESS 选中的配置空间',
  },
  unassigned: {
    en: 'nothing: no device decodes this address',
    zh: '没有设备：没有设备解码这个地址',
  },
}

const EFFECT: Record<string, Localized> = {
  store: { en: 'stores the value', zh: '保存这个值' },
  masked: {
    en: 'stores it masked as the register allows (a ring length is a multiple of 128 bytes, a head or tail 16 bits)',
    zh: '按寄存器允许的位掩码后保存（环长度是 128 字节的倍数，头尾指针是 16 位）',
  },
  'start-xmit': {
    en: 'stores it and calls start_xmit at once, on this vCPU thread',
    zh: '保存它并立即在这个 vCPU 线程上调用 `start_xmit`',
  },
  'read-clear': {
    en: 'returns ICR and clears it (read-to-clear), so the interrupt line drops',
    zh: '返回 ICR 并把它清零（读后清零），于是中断线降低',
  },
  ics: { en: 'sets these cause bits in ICR', zh: '把这些原因位置入 ICR' },
  'icr-clear': { en: 'clears the written bits of ICR', zh: '清除 ICR 中写入的位' },
  'ims-set': { en: 'enables these causes (IMS |= value)', zh: '使能这些中断原因（IMS |= 值）' },
  'imc-clear': { en: 'masks these causes (IMS &= ~value)', zh: '屏蔽这些中断原因（IMS &= ~值）' },
  rdt: { en: 'stores the new receive tail', zh: '保存新的接收尾指针' },
  rctl: {
    en: 'stores RCTL and derives the receive buffer size from BSIZE',
    zh: '保存 RCTL，并由 BSIZE 得出接收缓冲区大小',
  },
  unknown: {
    en: 'finds no handler for this register: a write is ignored, a read returns 0',
    zh: '找不到这个寄存器的处理函数：写被忽略，读返回 0',
  },
}

export function describeKvmEvent(e: KvmEvent): Localized {
  switch (e.kind) {
    case 'kvm.create':
      return L(
        `QEMU opened /dev/kvm, created a VM and registered ${e.ramMiB} MiB of its own memory as the guest’s RAM (memslot 0: EPT will map it). Each of the ${e.vcpus} vCPU(s) is one QEMU thread that loops on ioctl(KVM_RUN): while the ioctl runs, that thread is the guest.`,
        `QEMU 打开 \`/dev/kvm\`，创建了一台虚拟机，并把自己的 ${e.ramMiB} MiB 内存注册为客户机内存（0 号内存槽：由 EPT 映射）。${e.vcpus} 个 vCPU 中的每一个都是一个在 \`ioctl(KVM_RUN)\` 上循环的 QEMU 线程：这个 \`ioctl\` 运行期间，该线程就是客户机。`,
      )
    case 'kvm.pci':
      return L(
        `QEMU plugs its e1000 model in at ${e.bdf}: vendor ${hx(e.vendor)}, device ${hx(e.device)} (82540EM), class 0x020000 (Ethernet). BAR0 puts 128 KiB of registers at ${hx(e.bars[0]?.base ?? 0)}, a guest-physical range with no memslot behind it; BAR1 is 64 ports at ${hx(e.bars[1]?.base ?? 0)}. INTA# goes to GSI ${e.gsi}, which the guest routed to vector ${hx(e.vector)}. QEMU’s e1000 has no capability list (status bit 4 is 0), so no MSI.`,
        `QEMU 把它的 e1000 模型插在 ${e.bdf}：厂商 ${hx(e.vendor)}，设备 ${hx(e.device)}（82540EM），类代码 0x020000（以太网）。BAR0 把 128 KiB 的寄存器放在 ${hx(e.bars[0]?.base ?? 0)}，这段客户机物理地址后面没有内存槽；BAR1 是位于 ${hx(e.bars[1]?.base ?? 0)} 的 64 个端口。INTA# 接到 GSI ${e.gsi}，客户机把它路由到向量 ${hx(e.vector)}。QEMU 的 e1000 没有能力列表（状态寄存器第 4 位为 0），所以没有 MSI。`,
      )
    case 'kvm.ioeventfd':
      return L(
        `QEMU asks KVM (KVM_IOEVENTFD) to turn guest writes to ${e.space} ${hx(e.addr)}${e.datamatch === null ? '' : ` of the value ${hx(e.datamatch)}`} into an eventfd signal inside the kernel: such a write will cost one exit but no trip to user space.`,
        `QEMU 请求 KVM（\`KVM_IOEVENTFD\`）把客户机对 ${e.space === 'pio' ? '端口' : 'MMIO 地址'} ${hx(e.addr)} 的写${e.datamatch === null ? '' : `（值为 ${hx(e.datamatch)}）`}变成内核里的一次 \`eventfd\` 通知：这样的写只需一次退出，而不必回到用户态。`,
      )
    case 'kvm.ram':
      return L(
        `A ${e.write ? 'store to' : 'load from'} ${hx(e.gpa)}: that is guest RAM, mapped by EPT, so the CPU completes it without leaving the guest. Only addresses with no RAM behind them exit.`,
        `对 ${hx(e.gpa)} 的${e.write ? '写' : '读'}：这是由 EPT 映射的客户机内存，CPU 不离开客户机就完成了它。只有后面没有内存的地址才会退出。`,
      )
    case 'kvm.exit':
      if (e.reason === 30)
        return L(
          `The guest executes ${e.write ? `OUT to port ${hx(e.port ?? 0)}` : `IN from port ${hx(e.port ?? 0)}`}. The VMCS makes I/O instructions exit, so the CPU leaves the guest: VM exit 30, with the exit qualification ${hx(e.qualification)} (bits 2:0 size − 1, bit 3 ${e.write ? '0 = OUT' : '1 = IN'}, bits 31:16 the port). The CPU is now in KVM, in the host kernel.`,
          `客户机执行${e.write ? `对端口 ${hx(e.port ?? 0)} 的 OUT` : `从端口 ${hx(e.port ?? 0)} 的 IN`}。VMCS 让 I/O 指令退出，于是 CPU 离开客户机：VM 退出 30，退出限定值 ${hx(e.qualification)}（第 2:0 位是大小减 1，第 3 位 ${e.write ? '0 表示 OUT' : '1 表示 IN'}，第 31:16 位是端口号）。CPU 现在在主机内核的 KVM 里。`,
        )
      if (e.reason === 48)
        return L(
          `The guest ${e.write ? 'writes' : 'reads'} ${hx(e.gpa ?? 0)}. No memslot covers that page, so its EPT entry is not present: VM exit 48, EPT violation, qualification ${hx(e.qualification)} (${e.write ? 'bit 1: a write' : 'bit 0: a read'}; bits 3-5 zero: the page is not mapped at all). The CPU is now in KVM.`,
          `客户机${e.write ? '写' : '读'} ${hx(e.gpa ?? 0)}。没有内存槽覆盖这一页，它的 EPT 表项不存在：VM 退出 48，EPT 违例，退出限定值 ${hx(e.qualification)}（${e.write ? '第 1 位：写' : '第 0 位：读'}；第 3-5 位为 0：这一页根本没有映射）。CPU 现在在 KVM 里。`,
        )
      if (e.reason === 49)
        return L(
          `The guest ${e.write ? 'writes' : 'reads'} ${hx(e.gpa ?? 0)} again. KVM has marked this page as MMIO with a deliberately invalid EPT entry, so the CPU takes VM exit 49, EPT misconfiguration, and KVM knows at once that this is MMIO without walking its page tables.`,
          `客户机再次${e.write ? '写' : '读'} ${hx(e.gpa ?? 0)}。KVM 已用一个故意无效的 EPT 表项把这一页标成 MMIO，所以 CPU 产生 VM 退出 49（EPT 配置错误），KVM 不用查页表就立即知道这是 MMIO。`,
        )
      return L(
        `The interrupt is pending but vCPU 0 is running the guest. KVM kicks it with an IPI: the CPU takes VM exit 1 (external interrupt) into KVM.`,
        `中断已挂起，但 vCPU 0 正在运行客户机。KVM 用一个 IPI 踢它：CPU 产生 VM 退出 1（外部中断），进入 KVM。`,
      )
    case 'kvm.kernel':
      switch (e.decision) {
        case 'mmio-spte':
          return L(
            `KVM looks for a memslot at GFN ${hx(e.gfn ?? 0)} and finds none: this is MMIO. It installs an MMIO SPTE for the page (so later touches exit as misconfigurations), decodes the guest’s instruction, and finds no in-kernel device or ioeventfd at this address. It must ask user space.`,
            `KVM 在 GFN ${hx(e.gfn ?? 0)} 找内存槽，没有找到：这是 MMIO。它为这一页装上 MMIO SPTE（之后的访问会以配置错误退出），解码客户机指令，发现这个地址上没有内核中的设备，也没有 \`ioeventfd\`。它必须交给用户态。`,
          )
        case 'emulate':
          return L(
            'KVM decodes the instruction to learn the address, size and data, finds no in-kernel device or ioeventfd there, and must ask user space.',
            'KVM 解码指令，得到地址、大小和数据，发现那里没有内核中的设备，也没有 `ioeventfd`，必须交给用户态。',
          )
        case 'pio':
          return L(
            'KVM checks its in-kernel devices (PIC, PIT) and ioeventfds: none covers this port, so it must ask user space.',
            'KVM 检查它在内核中的设备（PIC、PIT）和 `ioeventfd`：没有一个覆盖这个端口，所以必须交给用户态。',
          )
        case 'in-kernel':
          return L(
            `The port belongs to the ${e.device ?? ''}, which KVM emulates in the kernel (KVM_CREATE_IRQCHIP / KVM_CREATE_PIT2). KVM handles the access and re-enters the guest: QEMU never sees it. (The device’s own state is not modelled.)`,
            `这个端口属于 ${e.device ?? ''}，KVM 在内核中模拟它（\`KVM_CREATE_IRQCHIP\` / \`KVM_CREATE_PIT2\`）。KVM 处理这次访问并重新进入客户机：QEMU 完全看不到它。（该设备自身的状态不在模型中。）`,
          )
        case 'ioeventfd':
          return L(
            `An ioeventfd matches ${e.device ?? ''}: KVM signals its eventfd and re-enters the guest at once. Whoever waits on the eventfd (an I/O thread, vhost) runs later, in parallel; this vCPU lost only one exit, not a trip to QEMU.`,
            `一个 \`ioeventfd\` 匹配 ${e.device ?? ''}：KVM 通知它的 \`eventfd\` 并立即重新进入客户机。等待这个 \`eventfd\` 的一方（I/O 线程、\`vhost\`）稍后并行运行；这个 vCPU 只付出一次退出，而不是一趟 QEMU 往返。`,
          )
        case 'kick':
          return L(
            'KVM handles the host interrupt that kicked the vCPU and goes straight back to VM entry, this time with the pending vector to inject.',
            'KVM 处理踢出 vCPU 的主机中断，然后直接回到 VM 进入，这次带着要注入的挂起向量。',
          )
        default:
          return exhaustive(e.decision)
      }
    case 'kvm.user':
      return e.io
        ? L(
            `ioctl(KVM_RUN) returns to QEMU’s vCPU thread with exit_reason 2 (KVM_EXIT_IO): direction ${e.io.direction} (${e.io.direction ? 'out' : 'in'}), size ${e.io.size}, port ${hx(e.io.port)}, count ${e.io.count}, and the data at kvm_run + data_offset (${e.io.dataOffset}). The CPU is in user space now.`,
            `\`ioctl(KVM_RUN)\` 返回 QEMU 的 vCPU 线程，\`exit_reason\` 为 2（\`KVM_EXIT_IO\`）：\`direction\` ${e.io.direction}（${e.io.direction ? '写出' : '读入'}），\`size\` ${e.io.size}，\`port\` ${hx(e.io.port)}，\`count\` ${e.io.count}，数据在 \`kvm_run\` + \`data_offset\`（${e.io.dataOffset}）处。CPU 现在在用户态。`,
          )
        : L(
            `ioctl(KVM_RUN) returns to QEMU’s vCPU thread with exit_reason 6 (KVM_EXIT_MMIO): phys_addr ${hx(e.mmio?.physAddr ?? 0)}, len ${e.mmio?.len ?? 0}, is_write ${e.mmio?.isWrite ? 1 : 0}${e.mmio?.data == null ? '' : `, data ${hx(e.mmio.data)}`}. The CPU is in user space now.`,
            `\`ioctl(KVM_RUN)\` 返回 QEMU 的 vCPU 线程，\`exit_reason\` 为 6（\`KVM_EXIT_MMIO\`）：\`phys_addr\` ${hx(e.mmio?.physAddr ?? 0)}，\`len\` ${e.mmio?.len ?? 0}，\`is_write\` ${e.mmio?.isWrite ? 1 : 0}${e.mmio?.data == null ? '' : `，\`data\` ${hx(e.mmio.data)}`}。CPU 现在在用户态。`,
          )
    case 'kvm.qemu': {
      const t = TARGET[e.target] ?? TARGET.unassigned
      return L(
        `QEMU’s ${e.handler} looks the address up in its memory map and finds ${t?.en ?? ''}${e.reg ? `, register ${e.reg}` : ''}. ${e.write ? `The device model is handed ${hx(e.value)}.` : `The device model answers ${hx(e.value)}.`}`,
        `QEMU 的 \`${e.handler}\` 在它的内存映射里查这个地址，找到${t?.zh ?? ''}${e.reg ? `，寄存器 ${e.reg}` : ''}。${e.write ? `设备模型收到 ${hx(e.value)}。` : `设备模型返回 ${hx(e.value)}。`}`,
      )
    }
    case 'kvm.irq':
      return e.level
        ? L(
            `The e1000 model raised its interrupt line: QEMU calls pci_set_irq, which reaches KVM (KVM_IRQ_LINE) for GSI ${e.gsi}. The in-kernel IOAPIC delivers vector ${hx(e.vector ?? 0)} to vCPU 0’s local APIC: pending until the next VM entry.`,
            `e1000 模型拉高了中断线：QEMU 调用 \`pci_set_irq\`，经 \`KVM_IRQ_LINE\` 到达 KVM 的 GSI ${e.gsi}。内核中的 IOAPIC 把向量 ${hx(e.vector ?? 0)} 投递到 vCPU 0 的本地 APIC：挂起，等待下一次 VM 进入。`,
          )
        : L(
            `The line went low (IMS & ICR is 0 now): QEMU tells KVM that GSI ${e.gsi} is deasserted.`,
            `中断线降低了（现在 IMS & ICR 为 0）：QEMU 告诉 KVM，GSI ${e.gsi} 已撤销。`,
          )
    case 'kvm.entry': {
      const how = e.fromKernel
        ? { en: 'KVM re-enters the guest itself', zh: 'KVM 自己重新进入客户机' }
        : {
            en: 'QEMU’s loop calls ioctl(KVM_RUN) again; KVM does VM entry',
            zh: 'QEMU 的循环再次调用 `ioctl(KVM_RUN)`；KVM 执行 VM 进入',
          }
      const inj =
        e.injected === null
          ? { en: '', zh: '' }
          : {
              en: ` with vector ${hx(e.injected)} in the VM-entry interruption-information field: the guest starts in its interrupt handler`,
              zh: `，VM 进入中断信息字段带着向量 ${hx(e.injected)}：客户机从它的中断处理程序开始运行`,
            }
      const done =
        e.completes === null
          ? { en: '', zh: '' }
          : {
              en: ` First it completes the ${e.completes.what === 'in' ? 'IN' : 'load'}: the guest’s register gets ${hx(e.completes.value)}.`,
              zh: `进入前它先完成这条${e.completes.what === 'in' ? ' IN' : '读'}：客户机寄存器得到 ${hx(e.completes.value)}。`,
            }
      return L(
        `${how.en}${inj.en}.${done.en} The CPU is back in the guest.`,
        `${how.zh}${inj.zh}。${done.zh}CPU 回到客户机。`,
      )
    }
    case 'kvm.driver':
      switch (e.action) {
        case 'init':
          return L(
            `The guest’s e1000 driver probes the card: rings in guest RAM, then ${e.writes.length} register writes (${e.writes.map((w) => w.reg).join(', ')}). Each was one MMIO exit to QEMU, counted here rather than stepped: the first touch of each register page an EPT violation, the rest misconfigurations.`,
            `客户机的 e1000 驱动探测网卡：在客户机内存中建好环，然后写 ${e.writes.length} 个寄存器（${e.writes.map((w) => w.reg).join('、')}）。每次写都是一次到 QEMU 的 MMIO 退出，这里只计数不单步：每个寄存器页的第一次访问是 EPT 违例，其余是配置错误。`,
          )
        case 'tx-fill':
          return L(
            `The driver writes ${e.slots.length} TX descriptor(s) (slots ${e.slots.map((s) => s.slot).join(', ')}) into guest RAM: buffer address, length, CMD ${e.txDescs.map((d) => hx(d.cmd)).join(', ')} (EOP ends a frame, RS asks for DD, IFCS adds the CRC). Plain RAM stores: no exit, and the device knows nothing yet.`,
            `驱动把 ${e.slots.length} 个发送描述符（槽 ${e.slots.map((s) => s.slot).join('、')}）写入客户机内存：缓冲区地址、长度、CMD ${e.txDescs.map((d) => hx(d.cmd)).join('、')}（EOP 表示帧结束，RS 请求回写 DD，IFCS 让设备加 CRC）。只是普通内存写：没有退出，设备此时还一无所知。`,
          )
        case 'rx-fill':
          return L(
            `The driver puts ${e.slots.length} empty buffer(s) into RX descriptors ${e.slots.map((s) => s.slot).join(', ')} (address set, status 0) in guest RAM. Next it writes RDT to hand them over.`,
            `驱动把 ${e.slots.length} 个空缓冲区放进客户机内存中的接收描述符 ${e.slots.map((s) => s.slot).join('、')}（设好地址，状态为 0）。接着它写 RDT 把它们交给设备。`,
          )
        case 'clean':
          return L(
            `The driver walks its rings in guest RAM: ${e.reclaimed} TX descriptor(s) with DD set are reclaimed (their buffers free again), and ${e.delivered.length} received frame(s)${e.delivered.length ? ` (${e.delivered.map((f) => `${f.len} B`).join(', ')})` : ''} go up to the network stack. It stops at the first descriptor without DD. No exit.`,
            `驱动在客户机内存中遍历它的环：回收 ${e.reclaimed} 个置了 DD 的发送描述符（缓冲区重新可用），把 ${e.delivered.length} 个收到的帧${e.delivered.length ? `（${e.delivered.map((f) => `${f.len} B`).join('、')}）` : ''}交给网络协议栈。遇到第一个没有 DD 的描述符就停下。没有退出。`,
          )
        default:
          return exhaustive(e.action)
      }
    case 'kvm.tap':
      return e.dir === 'tx'
        ? L(
            `QEMU’s net layer writes the ${e.frame.len}-byte frame to the tap device (a write() into the host kernel), which passes it to the host’s network. The vCPU thread is still inside QEMU, not in the guest.`,
            `QEMU 的网络层把这个 ${e.frame.len} 字节的帧写到 TAP 设备（对主机内核的一次 \`write()\`），TAP 设备把它交给主机网络。vCPU 线程仍在 QEMU 里，不在客户机中。`,
          )
        : e.dir === 'rx'
          ? L(
              `A ${e.frame.len}-byte frame for the guest arrives on the host’s tap device. QEMU’s I/O thread, not the vCPU thread, wakes from its poll and reads it. vCPU 0 keeps running the guest meanwhile.`,
              `一个发给客户机的 ${e.frame.len} 字节的帧到达主机的 TAP 设备。醒来读取它的是 QEMU 的 I/O 线程，而不是 vCPU 线程。此时 vCPU 0 继续运行客户机。`,
            )
          : L(
              `Buffers exist now, so QEMU flushes the ${e.frame.len}-byte frame it was holding into the e1000 model, on this vCPU thread.`,
              `现在有缓冲区了，于是 QEMU 在这个 vCPU 线程上把扣住的 ${e.frame.len} 字节的帧送进 e1000 模型。`,
            )
    case 'e1000.reg': {
      const eff = EFFECT[e.effect] ?? EFFECT.unknown
      const name = e.reg ?? hx(e.offset)
      return L(
        `The e1000 model: a ${e.write ? `write of ${hx(e.value)} to` : 'read of'} ${name} (offset ${hx(e.offset)}, register index ${hx(e.offset >> 2)}). QEMU’s handler ${eff?.en ?? ''}${e.write && e.after !== e.value && e.effect !== 'ics' && e.effect !== 'ims-set' && e.effect !== 'imc-clear' && e.effect !== 'icr-clear' ? `: ${name} is now ${hx(e.after)}` : ''}${!e.write ? `: it returns ${hx(e.value)}` : ''}.`,
        `e1000 模型：${e.write ? `向 ${name} 写 ${hx(e.value)}` : `读 ${name}`}（偏移 ${hx(e.offset)}，寄存器索引 ${hx(e.offset >> 2)}）。QEMU 的处理函数${eff?.zh ?? ''}${e.write && e.after !== e.value && e.effect !== 'ics' && e.effect !== 'ims-set' && e.effect !== 'imc-clear' && e.effect !== 'icr-clear' ? `：${name} 现在是 ${hx(e.after)}` : ''}${!e.write ? `：返回 ${hx(e.value)}` : ''}。`,
      )
    }
    case 'e1000.tx-desc':
      return L(
        `start_xmit reads TX descriptor ${e.slot} from guest RAM at ${hx(e.gpa)} (TDBA + 16 × ${e.slot}): buffer ${hx(e.desc.addr)}, ${e.desc.length} bytes, CMD ${hx(e.desc.cmd)}. It copies the buffer${e.sent ? `; EOP is set, so the ${e.sent.len}-byte frame goes to the back end` : '; no EOP, so the frame continues in the next descriptor'}.${e.writeback ? ' RS is set: it writes STA.DD = 1 back into the descriptor (cause TXDW).' : ''} TDH moves to ${e.tdh}.`,
        `\`start_xmit\` 从客户机内存 ${hx(e.gpa)}（TDBA + 16 × ${e.slot}）读发送描述符 ${e.slot}：缓冲区 ${hx(e.desc.addr)}，${e.desc.length} 字节，CMD ${hx(e.desc.cmd)}。它拷贝缓冲区${e.sent ? `；EOP 已置位，于是这个 ${e.sent.len} 字节的帧交给后端` : '；没有 EOP，帧在下一个描述符中继续'}。${e.writeback ? 'RS 已置位：它把 STA.DD = 1 写回描述符（原因 TXDW）。' : ''}TDH 移到 ${e.tdh}。`,
      )
    case 'e1000.tx-end':
      return e.why === 'disabled'
        ? L(
            'start_xmit returns at once: TCTL.EN is 0, transmit is disabled.',
            '`start_xmit` 立即返回：TCTL.EN 为 0，发送被禁止。',
          )
        : e.why === 'wrapped'
          ? L(
              `start_xmit stops after ${e.processed} descriptor(s): TDH came back to where it started. A TDT beyond the ring (or a bad TDLEN) would otherwise loop for ever; QEMU’s guard ends it, and TDH ≠ TDT stays.`,
              `\`start_xmit\` 处理了 ${e.processed} 个描述符后停下：TDH 回到了起点。超出环的 TDT（或错误的 TDLEN）本来会无限循环；QEMU 的保护让它结束，TDH ≠ TDT 的状态保留下来。`,
            )
          : L(
              `TDH has reached TDT: the ring is empty, start_xmit ends after ${e.processed} descriptor(s). It sets the causes ${causeText(e.cause)} (TXQE: queue empty${e.cause & 1 ? '; TXDW: a descriptor was written back' : ''}).`,
              `TDH 追上了 TDT：环已空，\`start_xmit\` 处理了 ${e.processed} 个描述符后结束。它置上原因 ${causeText(e.cause)}（TXQE：队列空${e.cause & 1 ? '；TXDW：有描述符被回写' : ''}）。`,
            )
    case 'e1000.rx-desc':
      return L(
        `The model writes ${e.desc.length} bytes into the buffer of RX descriptor ${e.slot}, then the descriptor: length ${e.desc.length}, status ${hx(e.desc.status)} (DD${e.desc.status & 2 ? ', EOP: the frame ends here' : ''}). RDH moves to ${e.rdh}.`,
        `模型把 ${e.desc.length} 字节写进接收描述符 ${e.slot} 的缓冲区，再写回描述符：长度 ${e.desc.length}，状态 ${hx(e.desc.status)}（DD${e.desc.status & 2 ? '，EOP：帧在这里结束' : ''}）。RDH 移到 ${e.rdh}。`,
      )
    case 'e1000.rx-end':
      switch (e.outcome) {
        case 'received':
          return L(
            `The frame is in guest RAM. Cause ${causeText(e.cause)}${e.cause & 0x10 ? ' (RXDMT0: free buffers fell to the RDMTS threshold)' : ''}.`,
            `帧已在客户机内存中。原因 ${causeText(e.cause)}${e.cause & 0x10 ? '（RXDMT0：空闲缓冲区降到了 RDMTS 阈值）' : ''}。`,
          )
        case 'held':
          return L(
            'e1000_can_receive is false (RDH == RDT: no free buffers, or receive is off). QEMU’s net layer keeps the frame queued: nothing is dropped, no RXO. It goes in when the driver writes RDT.',
            '`e1000_can_receive` 为假（RDH == RDT：没有空闲缓冲区，或接收未打开）。QEMU 的网络层把帧留在队列里：不丢弃，也没有 RXO。驱动写 RDT 时它才会送入。',
          )
        case 'overrun':
          return L(
            `Overrun: the frame needs ${e.need} bytes but the ${e.free} free buffer(s) hold fewer. The e1000 drops it, counts RNBC and MPC, and sets RXO in ICR.`,
            `溢出：这个帧需要 ${e.need} 字节，但 ${e.free} 个空闲缓冲区装不下。e1000 丢弃它，RNBC 和 MPC 加一，并在 ICR 中置上 RXO。`,
          )
        case 'oversized':
          return L(
            'The frame is longer than 1518 bytes and RCTL.LPE is 0: dropped silently, no interrupt.',
            '帧长超过 1518 字节而 RCTL.LPE 为 0：静默丢弃，没有中断。',
          )
        case 'disabled':
          return L(
            'Receive is disabled (RCTL.EN = 0): the frame is refused.',
            '接收被禁止（RCTL.EN = 0）：帧被拒绝。',
          )
        default:
          return exhaustive(e.outcome)
      }
    case 'e1000.irq':
      return L(
        `ICR is now ${causeText(e.icr)} and IMS ${hx(e.ims)}: the interrupt line is ${e.level ? 'high' : 'low'} (level = IMS & ICR ≠ 0)${e.changed ? '' : ', unchanged'}.`,
        `ICR 现在是 ${causeText(e.icr)}，IMS 是 ${hx(e.ims)}：中断线为${e.level ? '高' : '低'}（电平 = IMS & ICR ≠ 0）${e.changed ? '' : '，没有变化'}。`,
      )
    default:
      return exhaustive(e)
  }
}
