// What the virtualization layer did, in English and Simplified Chinese.
import type { Localized } from '../console/index.ts'
import { type MmuKind, type VirtEvent, exhaustive, hex } from '../engine/index.ts'

const MMU: Record<MmuKind, Localized> = {
  native: { en: 'native paging (no hypervisor)', zh: '原生分页（没有虚拟机监控器）' },
  shadow: {
    en: 'shadow page tables: the hypervisor keeps tables the hardware walks, mapping guest-virtual straight to machine addresses',
    zh: '影子页表：虚拟机监控器维护一套供硬件遍历的页表，把客户机虚拟地址直接映射到机器地址',
  },
  ept: {
    en: 'EPT: the hardware walks the guest’s tables and, for every guest-physical address, the hypervisor’s EPT tables (a two-dimensional walk)',
    zh: 'EPT：硬件既遍历客户机页表，又为每个客户机物理地址遍历虚拟机监控器的 EPT 页表（二维页表遍历）',
  },
  'xen-pv': {
    en: 'Xen direct paging: the paravirtualized guest’s own tables hold machine frame numbers, and Xen validates every update',
    zh: 'Xen 直接分页：半虚拟化客户机自己的页表中存放机器页帧号，每次更新都由 Xen 检查',
  },
}

export function describeVirtEvent(e: VirtEvent): Localized {
  switch (e.kind) {
    case 'virt.mmu':
      return {
        en: `The machine now uses ${MMU[e.mmu].en}. Guest and host memory start empty.`,
        // A space between Chinese and a Latin word (EPT, Xen), none before Chinese.
        zh: `机器现在使用${/^[A-Za-z]/.test(MMU[e.mmu].zh) ? ' ' : ''}${MMU[e.mmu].zh}。客户机内存与宿主机内存都从空开始。`,
      }
    case 'virt.host-poke':
      return {
        en: `The hypervisor writes ${hex(e.value)} at host-physical ${hex(e.addr)}: memory the guest cannot name.`,
        zh: `虚拟机监控器把 ${hex(e.value)} 写到宿主机物理地址 ${hex(e.addr)}：这是客户机无法直接访问的内存。`,
      }
    case 'virt.p2m-map':
      return {
        en: `The hypervisor’s P2M map now backs guest-physical ${hex(e.gpa)} (${e.size}) with machine address ${hex(e.hpa)}. The guest never sees this table.${e.replaced === null ? '' : ` Before, the page was at ${hex(e.replaced)}.`}`,
        zh: `虚拟机监控器的 P2M 表现在用机器地址 ${hex(e.hpa)} 支撑客户机物理地址 ${hex(e.gpa)}（${e.size}）。客户机看不到这张表。${e.replaced === null ? '' : `之前这一页在 ${hex(e.replaced)}。`}`,
      }
    default:
      return exhaustive(e)
  }
}
