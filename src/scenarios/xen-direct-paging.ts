import type { Phase } from './types.ts'
import { XENPV_EIGHT_FRAMES } from './xenpv-setup.ts'

// hw-facts §5.6 (Xen direct paging): the PV guest's own tables hold machine frame numbers and
// the MMU walks them; the guest maps them read-only and changes them through
// HYPERVISOR_mmu_update (1), which Xen checks; MMUEXT_NEW_BASEPTR (5) installs the root.
// Course notes: "Guest OS has read-only access to the page tables; all updates go through the
// hypervisor, which validates them".
export const phases: readonly Phase[] = [
  {
    id: 'p2m',
    script: XENPV_EIGHT_FRAMES,
    say: {
      en: 'Xen gives the paravirtualized guest (domain 1) eight machine frames, MFN 0x120 to 0x127. The P2M records which guest frame is which machine frame; a PV guest knows these machine numbers and uses them directly.',
      zh: 'Xen 给半虚拟化客户机（域 1）分配八个机器页帧：MFN 0x120 到 0x127。P2M 记录每个客户机页帧对应哪个机器页帧；半虚拟化客户机知道这些机器页帧号，并直接使用它们。',
    },
    title: { en: 'Eight machine frames', zh: '八个机器帧' },
    setup: true,
  },
  {
    id: 'build',
    script: 'map 0x400000 0x125000 w',
    say: {
      en: 'The guest kernel maps VA 0x400000 to machine frame 0x125. It takes four free frames of its own for the tables, asks Xen to pin the L4 and make it the base pointer (one mmuext_op), then sends the four entries in one mmu_update. Xen checks each one and types the frames: L4, L3, L2, L1, and 0x125 writable.',
      zh: '客户机内核把 VA 0x400000 映射到机器页帧 0x125。它从自己的内存中取出四个空闲页帧作为页表，请 Xen 固定 L4 并把它设为基址指针（一次 mmuext_op），再用一次 mmu_update 送出四个表项。Xen 逐一检查，并给这些页帧定类型：L4、L3、L2、L1，0x125 为可写页。',
    },
    title: { en: 'Tables through hypercalls', zh: '用超级调用建立页表' },
  },
  {
    id: 'walk',
    questions: [{ step: 1, kind: 'walk-refs' }],
    script: 'access 0x400123 write',
    say: {
      en: 'A write to 0x400123: the MMU walks the guest’s own four tables. Every entry it reads is at a machine address and holds a machine frame, so it reaches machine address 0x125123 with no P2M lookup, no shadow table and no exit.',
      zh: '写 0x400123：MMU 遍历客户机自己的四级页表。它读到的每个表项都在机器地址上，存的也是机器页帧，所以直接得到机器地址 0x125123，不查 P2M，没有影子页表，也没有退出。',
    },
    title: { en: 'A walk by machine address', zh: '按机器地址遍历' },
  },
  {
    id: 'read-only',
    questions: [{ step: 7, kind: 'access-outcome' }],
    script: `map 0x401000 0x123000
map 0x402000 0x122000
access 0x401000 read`,
    say: {
      en: 'The kernel also maps its own L1 table (MFN 0x123) at VA 0x401000 and its L2 table (0x122) at 0x402000, read-only: a guest may read its real page tables. Reading the first L1 entry works.',
      zh: '内核还把自己的 L1 页表（MFN 0x123）映射到 VA 0x401000、把 L2 页表（0x122）映射到 0x402000，都是只读的：客户机可以读取真实的页表。读取 L1 的第一个表项成功。',
    },
    title: { en: 'Tables mapped read-only', zh: '只读映射页表' },
  },
  {
    id: 'ptwr',
    questions: [{ step: 1, kind: 'ptwr-outcome' }],
    script: `poke 0x123000 0x126003
invlpg 0x400000
access 0x400123 read`,
    say: {
      en: 'Now the guest redirects 0x400000 by storing straight into its L1 table. The mapping is read-only, so the store faults into Xen. Because the page is an L1 table, Xen emulates the store (“writable page tables”): the same checks as mmu_update, then the write, and the guest goes on. After INVLPG (itself a request to Xen) the access reaches 0x126123. Each such store costs a trap.',
      zh: '现在客户机直接往 L1 页表里写，把 0x400000 改指别处。映射是只读的，所以这次写触发异常进入 Xen。因为该页是 L1 页表，Xen 模拟这次写（“可写页表”）：做与 mmu_update 相同的检查，然后写入，客户机继续运行。执行 INVLPG（它本身也是对 Xen 的请求）之后，访问得到 0x126123。每次这样的写都要陷入一次。',
    },
    title: { en: 'A store into L1: emulated', zh: '写 L1 页表：由 Xen 模拟' },
  },
  {
    id: 'ptwr-refused',
    questions: [{ step: 1, kind: 'ptwr-outcome' }],
    script: 'poke 0x123018 0x122003',
    say: {
      en: 'A store that would map the L2 table 0x122 writable: Xen checks it, refuses to emulate it, and delivers the #PF to the guest. The entry stays empty.',
      zh: '一次会把 L2 页表 0x122 映射为可写的写操作：Xen 检查后拒绝模拟，把 #PF 交给客户机。该表项仍为空。',
    },
    title: { en: 'An unsafe store refused', zh: '不安全的存储被拒绝' },
  },
  {
    id: 'not-l1',
    questions: [{ step: 1, kind: 'ptwr-outcome' }],
    script: `poke 0x122018 0x124007
mmu_update 0x122018 0x124007`,
    say: {
      en: 'Stores into upper-level tables are never emulated: the store into the L2 table faults back to the guest. The guest asks with mmu_update instead; Xen validates the empty frame 0x124 as an L1 table, takes a type reference on it and writes the L2 entry.',
      zh: '对上层页表的写从不被模拟：写 L2 页表的操作以异常返回客户机。客户机改用 mmu_update 请求；Xen 把空页帧 0x124 验证为 L1 页表，对它取得类型引用，然后写入 L2 表项。',
    },
    title: { en: 'Upper tables need mmu_update', zh: '上层页表须用 mmu_update' },
  },
]
