// Console rows of "where the hypervisor lives" (hw-facts-2 §4.1-4.3): the two taxonomies, pick
// a design, follow one guest OUT through its layers, compare the designs' paths.
import {
  DEFAULT_OUT,
  DESIGN_IDS,
  type HypOp,
  NIC_PORTS,
  type OutInstr,
} from '../../engine/index.ts'
import { type ArgReader, intField } from '../args.ts'
import { ArgFailure } from '../errors.ts'
import type { CommandDef } from '../registry.ts'

const PORT = intField('PORT', 'an I/O port', 0xffff, 'ports are 16 bits', 0)
const SIZES = ['1', '2', '4'] as const
const LAST = NIC_PORTS.base + NIC_PORTS.count - 1
const hx = (n: number): string => `0x${n.toString(16)}`

/** `[PORT [VALUE]] [size=1|2|4]`: the OUT the guest's NIC driver executes. */
function outInstr(a: ArgReader): OutInstr {
  const port = a.optionalInt(PORT) ?? DEFAULT_OUT.port
  if (port < NIC_PORTS.base || port > LAST)
    throw new ArgFailure(
      a.lastColumn,
      `port ${hx(port)} is not the virtual NIC’s: this model follows the NIC driver’s OUT to its I/O window ${hx(NIC_PORTS.base)}-${hx(LAST)}`,
    )
  const v = a.optionalNumber('VALUE')
  const s = a.option('size', SIZES)
  const size = s === null ? DEFAULT_OUT.size : (Number(s) as 1 | 2 | 4)
  const value = v === null ? DEFAULT_OUT.value : Number(v)
  if (v !== null && v >= 1n << BigInt(size * 8))
    throw new ArgFailure(a.lastColumn, `VALUE does not fit in ${size} byte(s) (size=${size})`)
  a.done()
  return { port, value, size }
}

export const hypCommands: readonly CommandDef<HypOp>[] = [
  {
    words: ['hyp', 'taxonomy'],
    usage: 'hyp taxonomy',
    topic: 'cpu',
    summary: {
      en: 'The two hypervisor taxonomies the notes use, side by side: Tanenbaum’s (type 1 is the only program in the most privileged mode, type 2 relies on a host OS) and the UCR slides’ (type 1 runs on the bare machine, type 2 is hosted, Xen a hybrid), with why KVM is argued both ways.',
      zh: '并排列出笔记用到的两种 `hypervisor` 分类：Tanenbaum 的（第 1 类是唯一运行在最高特权级的程序，第 2 类依赖宿主操作系统）和 UCR 课件的（第 1 类直接运行在裸机上，第 2 类是宿主式，Xen 是混合式），并说明 KVM 为什么两种说法都有。',
    },
    example: 'hyp taxonomy',
    parse: (a): HypOp => {
      a.done()
      return { kind: 'hyp.taxonomy' }
    },
  },
  {
    words: ['hyp', 'design'],
    usage: `hyp design ${DESIGN_IDS.join('|')}`,
    topic: 'cpu',
    summary: {
      en: 'Pick where the hypervisor lives: esx (type 1 on the bare machine: VMM on the ESX hypervisor, its own drivers), hosted (VMware Workstation: VMApp, VMDriver and the VMM, a world switch between the host world and the VMM world), xen (Xen with Dom0 holding the real drivers), kvm (kvm.ko in Linux, QEMU a process).',
      zh: '选择 `hypervisor` 所在的位置：`esx`（裸机上的第 1 类：VMM 运行在 ESX 之上，自带驱动）、`hosted`（`VMware Workstation`：VMApp、VMDriver 和 VMM，在宿主世界与 VMM 世界之间做世界切换）、`xen`（Xen，真正的驱动在 Dom0 中）、`kvm`（Linux 中的 `kvm.ko`，QEMU 是一个进程）。',
    },
    example: 'hyp design hosted',
    complete: (after) => (after.length === 0 ? DESIGN_IDS : []),
    parse: (a): HypOp => {
      const design = a.word('a design', DESIGN_IDS)
      a.done()
      return { kind: 'hyp.design', design }
    },
  },
  {
    words: ['hyp', 'out'],
    usage: 'hyp out [PORT [VALUE]] [size=1|2|4]',
    topic: 'cpu',
    summary: {
      en: `The guest’s NIC driver executes OUT to its transmit port (default ${hx(DEFAULT_OUT.port)}, in the NIC’s I/O window ${hx(NIC_PORTS.base)}-${hx(LAST)}), and the step follows it hop by hop through the design’s layers: trap or VM exit or hypercall, world switch, device model, the real driver, and back to the guest.`,
      zh: `客户机的网卡驱动对发送端口执行 OUT（默认 ${hx(DEFAULT_OUT.port)}，在网卡的 I/O 窗口 ${hx(NIC_PORTS.base)}-${hx(LAST)} 内），逐跳跟踪它穿过这个设计的各层：陷入、VM 退出或超级调用，世界切换，设备模型，真正的驱动，再回到客户机。`,
    },
    example: 'hyp out 0xc010 0x1 size=2',
    parse: (a): HypOp => ({ kind: 'hyp.out', instr: outInstr(a) }),
  },
  {
    words: ['hyp', 'compare'],
    usage: 'hyp compare [PORT [VALUE]] [size=1|2|4]',
    topic: 'cpu',
    summary: {
      en: 'Follow the same OUT through all four designs and count, from the model’s hops: hops, entries into the hypervisor, world switches, privilege changes, visits to a user process, address-space changes.',
      zh: '让同一条 OUT 穿过全部四种设计，并从模型的各跳中统计：跳数、进入 `hypervisor` 的次数、世界切换、特权级变化、进入用户进程的次数、地址空间切换。',
    },
    example: 'hyp compare',
    parse: (a): HypOp => ({ kind: 'hyp.compare', instr: outInstr(a) }),
  },
]
