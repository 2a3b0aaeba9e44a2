import type { Phase } from './types.ts'

// Course notes, Memory Virtualization (seeds/003): guest OS 1 maps virtual pages 7, 4, 3 to
// guest-physical 10, 11, 12 (machine 10, 11, 12); guest OS 2 maps 4, 5, 6 to its own
// guest-physical 10, 11, 12, which the hypervisor backs with machine pages 20, 21, 22.
// Addresses are page number × 4 KiB: page 7 = 0x7000, page 10 = 0xa000, page 20 = 0x14000.
export const phases: readonly Phase[] = [
  {
    id: 'boot-guest1',
    script: 'vm guest1',
    say: {
      en: 'Guest OS 1 starts in a virtual machine. Like any OS it believes it owns physical memory from page 0 up.',
      zh: '客户机操作系统 1 在虚拟机中启动。和任何操作系统一样，它以为自己拥有从第 0 页开始的物理内存。',
    },
    title: { en: 'Guest 1 boots', zh: '客户机 1 启动' },
  },
  {
    id: 'guest1-maps',
    script: `map 0x7000 0xa000 w u
map 0x4000 0xb000 w u
map 0x3000 0xc000 w u`,
    say: {
      en: 'Guest OS 1 writes its own page table: virtual pages 7, 4, 3 go to what it thinks are physical pages 10, 11, 12.',
      zh: '客户机操作系统 1 填写自己的页表：虚拟页 7、4、3 映射到它以为的物理页 10、11、12。',
    },
    title: { en: 'Guest 1’s page table', zh: '客户机 1 的页表' },
  },
  {
    id: 'guest1-host',
    script: `host map 0xa000 0xa000
host map 0xb000 0xb000
host map 0xc000 0xc000`,
    say: {
      en: "Those are only guest-physical pages. The hypervisor keeps its own map per guest and backs guest 1's pages 10, 11, 12 with free machine pages 10, 11, 12.",
      zh: '这些只是客户机物理页。虚拟机监控器为每个客户机维护自己的映射，用空闲的机器页 10、11、12 支撑客户机 1 的第 10、11、12 页。',
    },
    title: { en: 'Machine pages for guest 1', zh: '为客户机 1 分配机器页' },
  },
  {
    id: 'boot-guest2',
    script: 'vm guest2',
    say: {
      en: 'Guest OS 2 starts in a second virtual machine. It also believes physical memory starts at page 0 and is all its own.',
      zh: '客户机操作系统 2 在第二台虚拟机中启动。它同样以为物理内存从第 0 页开始，而且全归它所有。',
    },
    title: { en: 'Guest 2 boots', zh: '客户机 2 启动' },
  },
  {
    id: 'guest2-maps',
    script: `map 0x4000 0xa000 w u
map 0x5000 0xb000 w u
map 0x6000 0xc000 w u`,
    say: {
      en: 'Guest OS 2 maps its virtual pages 4, 5, 6 to physical pages 10, 11, 12: the same page numbers guest 1 already uses.',
      zh: '客户机操作系统 2 把虚拟页 4、5、6 映射到物理页 10、11、12：正是客户机 1 已经在用的页号。',
    },
    title: { en: 'Guest 2 reuses the numbers', zh: '客户机 2 用同样的页号' },
  },
  {
    id: 'guest2-host',
    script: `host map 0xa000 0x14000
host map 0xb000 0x15000
host map 0xc000 0x16000`,
    say: {
      en: 'Machine pages 10, 11, 12 already hold guest 1, so the hypervisor finds free machine pages 20, 21, 22 for guest 2. This extra layer is why a VMM needs its own map.',
      zh: '机器页 10、11、12 已被客户机 1 占用，所以虚拟机监控器为客户机 2 找到空闲的机器页 20、21、22。正因为这一层，虚拟机监控器需要自己的映射。',
    },
    title: { en: 'Other machine pages for guest 2', zh: '为客户机 2 分配其他机器页' },
  },
  {
    id: 'guest1-access',
    questions: [{ step: 2, kind: 'access-outcome' }],
    script: `vm guest1
access 0x7123 read user`,
    say: {
      en: "A program in guest 1 reads virtual address 0x7123 (page 7). The guest's table gives guest-physical page 10, and the hypervisor's map gives machine page 10.",
      zh: '客户机 1 中的程序读取虚拟地址 0x7123（第 7 页）。客户机的页表给出客户机物理页 10，虚拟机监控器的映射给出机器页 10。',
    },
    title: { en: 'Guest 1 reads page 7', zh: '客户机 1 读第 7 页' },
  },
  {
    id: 'guest2-access',
    script: `vm guest2
access 0x4123 read user`,
    say: {
      en: "A program in guest 2 reads 0x4123 (page 4). Its table also says guest-physical page 10, but guest 2's own map leads to machine page 20: no clash.",
      zh: '客户机 2 中的程序读取 0x4123（第 4 页）。它的页表同样给出客户机物理页 10，但客户机 2 自己的映射指向机器页 20：互不冲突。',
    },
    title: { en: 'Guest 2 reads page 4', zh: '客户机 2 读第 4 页' },
  },
  {
    id: 'guest-fault',
    questions: [{ step: 1, kind: 'pf-error-code' }],
    script: 'access 0x9000 read user',
    say: {
      en: "Guest 2 touches virtual page 9, which its own table does not map. That is the guest's page fault (#PF): it goes to the guest OS, and the hypervisor never hears of it.",
      zh: '客户机 2 访问虚拟页 9，它自己的页表没有映射这一页。这是客户机自己的缺页异常（#PF）：交给客户机操作系统处理，虚拟机监控器对此一无所知。',
    },
    title: { en: 'The guest’s own #PF', zh: '客户机自己的 #PF' },
  },
  {
    id: 'hypervisor-fault',
    questions: [{ step: 2, kind: 'exit-reason' }],
    script: `map 0x8000 0xd000 w u
access 0x8000 write user`,
    say: {
      en: 'Guest 2 maps page 8 to guest-physical page 13, which the hypervisor has not backed yet. The access leaves the guest: a VM exit (EPT violation, reason 48) hands control to the hypervisor.',
      zh: '客户机 2 把第 8 页映射到客户机物理页 13，而虚拟机监控器还没有为它分配机器页。这次访问离开客户机：VM 退出（EPT 违例，原因号 48）把控制权交给虚拟机监控器。',
    },
    title: { en: 'An unbacked page: VM exit', zh: '未分配的页：VM 退出' },
  },
  {
    id: 'hypervisor-fixes',
    questions: [{ step: 2, kind: 'access-outcome' }],
    script: `host map 0xd000 0x17000
access 0x8000 write user`,
    say: {
      en: 'The hypervisor backs guest page 13 with free machine page 23 and resumes the guest. The same write now reaches machine memory, and the guest never knew.',
      zh: '虚拟机监控器用空闲的机器页 23 支撑客户机第 13 页，然后恢复客户机运行。同一次写入现在到达了机器内存，而客户机毫不知情。',
    },
    title: { en: 'The hypervisor backs it', zh: '虚拟机监控器补上映射' },
  },
]
