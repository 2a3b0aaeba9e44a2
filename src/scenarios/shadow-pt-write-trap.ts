import type { Phase } from './types.ts'

// hw-facts §8 (LX-mmudoc): guest page tables the VMM shadows are write-protected, so every
// store the guest OS makes to them traps (a #PF exit, §4.6 reason 0) and the VMM emulates it,
// then updates the affected shadow entry (a last-level entry is refreshed from the new guest
// entry when that entry is present and accessed) or drops it. Course notes 003 (method one:
// write-protect the guest tables) and 004 slide 24. Same memory layout as shadow-lazy-fill.
const SETUP =
  'mmu shadow\nhost map 0x0 0x2000000 rwx size=2M\nhost map 0x200000 0x7a00000 rwx size=2M\nmap 0x400000 0x200000 w u\naccess 0x400000 read user'

export const phases: readonly Phase[] = [
  {
    id: 'setup',
    script: SETUP,
    say: {
      en: 'A guest process with one page: VA 0x400000 -> guest-physical 0x200000 -> machine 0x7a00000. The first access built the shadow path, so the VMM now shadows all four guest tables (0x100000, 0x101000, 0x102000, 0x103000) and keeps them read-only for the guest.',
      zh: '一个只有一页的客户机进程：虚拟地址 0x400000 -> 客户机物理地址 0x200000 -> 机器地址 0x7a00000。第一次访问建好了影子路径，所以虚拟机监控器现在影子化了全部四级客户机页表（0x100000、0x101000、0x102000、0x103000），并让它们对客户机只读。',
    },
    title: { en: 'Shadowed, write-protected tables', zh: '已影子化的写保护页表' },
    setup: true,
  },
  {
    id: 'remap',
    questions: [{ step: 1, kind: 'exit-reason' }],
    script: 'poke 0x103000 0x201027',
    say: {
      en: 'The guest OS points its PTE at guest-physical 0x201000 with a plain store. On bare metal nobody would notice; here the page is write-protected, so the store faults into the VMM (exit reason 0, error code 0x3: present, write). The VMM performs the store for the guest, and since this is a last-level entry that is present and accessed it refreshes the shadow PTE from it: 0x7a00025 -> 0x7a01025, machine page 0x7a01000 from the P2M. It also drops the stale TLB entry.',
      zh: '客户机操作系统用一次普通写把 PTE 指向客户机物理地址 0x201000。在裸机上没人会察觉；而这里该页被写保护，写入会陷入虚拟机监控器（退出原因 0，错误码 0x3：存在、写）。虚拟机监控器代客户机完成写入，因为这是一个存在且已访问的最后一级表项，它据此刷新影子 PTE：0x7a00025 -> 0x7a01025，机器页 0x7a01000 来自 P2M。它还丢弃了过时的 TLB 表项。',
    },
    title: { en: 'A trapped PTE store', zh: '被捕获的 PTE 存储' },
  },
  {
    id: 'after-remap',
    questions: [{ step: 1, kind: 'walk-refs' }],
    script: 'access 0x400000 read user',
    say: {
      en: 'The guest reads the page again. The shadow entry is already up to date, so the hardware walk reaches machine 0x7a01000 with no exit: write protection kept the two tables in step.',
      zh: '客户机再次读取这一页。影子表项已经是最新的，硬件遍历直接到达机器地址 0x7a01000，没有 VM 退出：写保护让两套页表保持同步。',
    },
    title: { en: 'Read again: no exit', zh: '再次读取：无退出' },
  },
  {
    id: 'unmap',
    questions: [{ step: 1, kind: 'exit-reason' }],
    script: 'poke 0x103000 0x0\naccess 0x400000 read user',
    say: {
      en: 'The guest clears the PTE (unmaps the page): another trapped store, and this time the VMM drops the shadow PTE. The next access exits; the VMM finds the guest PTE not present and reflects #PF with error code 0x4 and CR2 0x400000, a guest-induced fault the guest OS expects.',
      zh: '客户机清除 PTE（取消映射）：又一次被陷入的写，这次虚拟机监控器丢弃影子 PTE。下一次访问引发 VM 退出；虚拟机监控器发现客户机 PTE 不存在，于是以错误码 0x4、CR2 0x400000 反射 #PF：这是客户机操作系统预期的、由客户机引起的缺页。',
    },
    title: { en: 'Unmap: #PF reflected', zh: '取消映射：#PF 转给客户机' },
  },
  {
    id: 'direct-map',
    questions: [{ step: 1, kind: 'pf-error-code' }],
    script: 'map 0x402000 0x103000 w\naccess 0x402000 write\naccess 0x402008 read',
    say: {
      en: 'Kernels map their own page-table pages (here PT page 0x103000 at VA 0x402000, writable for the guest). The shadow entry for 0x402000 is built read-only anyway, because it maps a guest page table. A kernel write through it exits and is emulated (handled: emulate); a read runs at full speed.',
      zh: '内核会映射自己的页表页（这里把 PT 页 0x103000 映射到虚拟地址 0x402000，对客户机可写）。但 0x402000 的影子表项仍被建成只读，因为它映射的是客户机页表。内核经它写入会退出并被模拟（处理方式：模拟）；读取则全速进行。',
    },
    now: {
      en: 'Count so far: 8 exits, 6 hidden page faults, 1 reflected, 5 emulated page-table stores (the first was the OS writing its PML4 entry right after the CR3 load).',
      zh: '目前共 8 次 VM 退出，6 次隐藏缺页，1 次反射缺页，5 次被模拟的页表写入（第一次是加载 CR3 之后操作系统写 PML4 表项）。',
    },
    title: { en: 'The kernel maps its own table', zh: '内核映射自己的页表' },
  },
]
