// Console rows of the five-ways comparison (CONSOLE.md `io ...`): one way's workload, all five,
// and the table of what has run.
import { DEFAULT_K, IO_WAYS, type IoWaysOp, MAX_K } from '../../engine/index.ts'
import { intField } from '../args.ts'
import type { CommandDef } from '../registry.ts'

const K = intField(
  'k',
  'a frame count',
  MAX_K,
  `each way really runs its model frame by frame, so k is 1 to ${MAX_K}`,
  1,
)

export const ioWaysCommands: readonly CommandDef<IoWaysOp>[] = [
  {
    words: ['io', 'way'],
    usage: 'io way e1000|virtio-qemu|virtio-vhost|vfio|sriov-vf [k=N]',
    topic: 'io',
    summary: {
      en: `Runs one way’s workload on its own model: send k 60-byte frames and receive k (default ${DEFAULT_K}), frame by frame, and counts VM exits by reason, returns to user space, copies, interrupts, doorbells and device DMAs from the model’s events. Adds the way to the table.`,
      zh: `在某一种方式自己的模型上运行负载：逐帧发送 k 个 60 字节的帧并接收 k 个（默认 ${DEFAULT_K}），从模型的事件中统计按原因分类的 VM 退出、返回用户态次数、拷贝、中断、门铃和设备 DMA。结果加入对比表。`,
    },
    example: 'io way virtio-vhost k=4',
    parse: (a): IoWaysOp => {
      const way = a.word('a way', IO_WAYS)
      const k = a.intOption('k', K) ?? DEFAULT_K
      a.done()
      return { kind: 'ioways.way', way, k }
    },
  },
  {
    words: ['io', 'five-ways'],
    usage: 'io five-ways [k=N]',
    topic: 'io',
    summary: {
      en: `The same packet five ways: the workload (send k, receive k; default ${DEFAULT_K}) through e1000 emulation, virtio with QEMU, virtio with vhost-net, an assigned NIC (VFIO + VT-d) and an SR-IOV VF, then the table. Starts a new table.`,
      zh: `同一个包的五种走法：同一负载（发送 k 个、接收 k 个；默认 ${DEFAULT_K}）分别经过 e1000 仿真、QEMU 后端的 virtio、vhost-net 后端的 virtio、直通网卡（VFIO + VT-d）和 SR-IOV VF，然后给出对比表。会开始一张新表。`,
    },
    example: 'io five-ways k=8',
    parse: (a): IoWaysOp => {
      const k = a.intOption('k', K) ?? DEFAULT_K
      a.done()
      return { kind: 'ioways.run', ways: IO_WAYS, k }
    },
  },
  {
    words: ['io', 'table'],
    usage: 'io table',
    topic: 'io',
    summary: {
      en: 'Shows the comparison table of the ways run so far (`io way` or `io five-ways`).',
      zh: '显示目前已运行的各方式的对比表（`io way` 或 `io five-ways`）。',
    },
    example: 'io table',
    parse: (a): IoWaysOp => {
      a.done()
      return { kind: 'ioways.table' }
    },
  },
]
