// What a five-ways step did, in English and Simplified Chinese (hw-facts-2 §2.1-2.7). Written
// from the event alone: the way's design in a sentence, then its counts.
import type { Localized } from '../console/index.ts'
import { type IoWay, type IoWaysEvent, type WayCounts, exhaustive } from '../engine/index.ts'
import { tidyZh } from './zh.ts'

const L = (en: string, zh: string): Localized => ({ en, zh: tidyZh(zh) })

const HOW: Record<IoWay, Localized> = {
  e1000: {
    en: 'QEMU emulates an e1000: every register access of the driver (TDT, ICR, RDT) exits and returns to QEMU in user space, which copies each frame between guest RAM and the tap.',
    zh: 'QEMU 仿真一块 e1000：驱动的每次寄存器访问（TDT、ICR、RDT）都会退出并返回用户态的 QEMU，由它在客户机内存与 `tap` 之间拷贝每个帧。',
  },
  'virtio-qemu': {
    en: 'virtio-net with QEMU as the backend: the frames travel through shared rings in guest memory; only the doorbell exits to QEMU, and EVENT_IDX suppresses the receive refills’ doorbells.',
    zh: '以 QEMU 为后端的 virtio-net：帧经由客户机内存中的共享环传递；只有门铃会退出到 QEMU，EVENT_IDX 还抑制了接收补充缓冲区时的门铃。',
  },
  'virtio-vhost': {
    en: 'virtio-net with vhost-net: the same rings, but the doorbell ends in KVM (ioeventfd) and a kernel worker moves the frames with one copy each: QEMU is off the data path.',
    zh: '以 vhost-net 为后端的 virtio-net：同样的环，但门铃在 KVM 中结束（ioeventfd），由内核工作线程搬运帧，每帧一次拷贝：QEMU 不在数据通路上。',
  },
  vfio: {
    en: 'A real NIC assigned with VFIO: its BAR is mapped into the guest, so the doorbell and the ICR read do not exit; the NIC itself DMAs descriptors and frames through the IOMMU, and its MSI is remapped.',
    zh: '用 VFIO 直通的一块真实网卡：它的 BAR 映射进客户机，所以门铃和读 ICR 都不退出；网卡自己经 IOMMU 对描述符和帧做 DMA，它的 MSI 经过重映射。',
  },
  'sriov-vf': {
    en: 'An SR-IOV virtual function (05:10.0 of PF 05:00.0) assigned the same way: the same counts as a whole NIC, with the device shared by the VFs of several guests.',
    zh: '以同样方式直通的一个 SR-IOV 虚拟功能（PF `05:00.0` 的 `05:10.0`）：计数与整块网卡相同，而设备由多台客户机的 VF 共享。',
  },
}

const exitsEn = (c: WayCounts): string => {
  const by = Object.entries(c.exits).map(([r, n]) => `${n} × ${r}`)
  return by.length === 0 ? '0 VM exits' : `${c.exitsTotal} VM exits (reason ${by.join(', ')})`
}
const exitsZh = (c: WayCounts): string => {
  const by = Object.entries(c.exits).map(([r, n]) => `原因 ${r}：${n} 次`)
  return by.length === 0 ? '0 次 VM 退出' : `${c.exitsTotal} 次 VM 退出（${by.join('，')}）`
}

export function describeIoWaysEvent(e: IoWaysEvent): Localized {
  switch (e.kind) {
    case 'ioways.way': {
      const c = e.result.counts
      const k = e.result.k
      return L(
        `${HOW[e.way].en} Sending ${k} and receiving ${k} frames: ${exitsEn(c)}, ${c.userspace} returns to user space, ${c.copies} copies, ${c.interrupts} interrupts, ${c.kicks} doorbells, ${c.dma} device DMAs.`,
        `${HOW[e.way].zh}发送 ${k} 个、接收 ${k} 个帧：${exitsZh(c)}，返回用户态 ${c.userspace} 次，拷贝 ${c.copies} 次，中断 ${c.interrupts} 次，门铃 ${c.kicks} 次，设备 DMA ${c.dma} 次。`,
      )
    }
    case 'ioways.table':
      return L(
        `The table: the same ${e.k} + ${e.k} frames through ${e.results.length} ways, each count taken from the way’s own model.`,
        `对比表：同样的 ${e.k} + ${e.k} 个帧经过 ${e.results.length} 种方式，每个计数都取自该方式自己的模型。`,
      )
    default:
      return exhaustive(e)
  }
}
