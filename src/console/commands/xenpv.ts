// Console rows of Xen PV direct paging (`mmu xen-pv`): the guest kernel's page-table
// hypercalls with Xen's real names. `map`, `poke`, `access` keep their CONSOLE.md rows; under
// xen-pv the engine turns `map` into the mmu_update batch a PV kernel would issue.
import { MMUEXT_CMDS, type MmuextCmd, type XenPvOp } from '../../engine/index.ts'
import type { ArgReader } from '../args.ts'
import type { CommandDef } from '../registry.ts'

/** mmuext ops that take an MFN, a VA, or nothing. */
const ARG_OF: Record<MmuextCmd, 'mfn' | 'va' | null> = {
  pin_l1_table: 'mfn',
  pin_l2_table: 'mfn',
  pin_l3_table: 'mfn',
  pin_l4_table: 'mfn',
  unpin_table: 'mfn',
  new_baseptr: 'mfn',
  tlb_flush_local: null,
  invlpg_local: 'va',
}

export const xenPvCommands: readonly CommandDef<XenPvOp>[] = [
  {
    words: ['mmu_update'],
    usage: 'mmu_update PTR VAL [PTR VAL ...]',
    topic: 'memory',
    summary: {
      en: 'HYPERVISOR_mmu_update (hypercall 1), with mmu xen-pv: one guest-to-Xen transition carrying every PTR VAL pair. PTR is the machine address of the entry, its low bits the command (0 MMU_NORMAL_PT_UPDATE, 1 MMU_MACHPHYS_UPDATE: PTR names a frame and VAL its pseudo-physical frame for Xen’s M2P table, 2 MMU_PT_UPDATE_PRESERVE_AD, 3 MMU_PT_UPDATE_NO_TRANSLATE: as 0 for a PV guest); Xen checks each new entry and stops at the first it refuses (done = how many it applied).',
      zh: 'HYPERVISOR_mmu_update（1 号超级调用，需 `mmu xen-pv`）：一次从客户机进入 Xen 的切换携带所有 PTR VAL 对。PTR 是页表项的机器地址，其低位是命令（0 MMU_NORMAL_PT_UPDATE；1 MMU_MACHPHYS_UPDATE：PTR 指定页帧，VAL 是它在 Xen 的 M2P 表中的伪物理页帧；2 MMU_PT_UPDATE_PRESERVE_AD；3 MMU_PT_UPDATE_NO_TRANSLATE：对 PV 客户机与 0 相同）；Xen 逐项检查新表项，遇到第一个被拒绝的就停下（done = 已执行的个数）。',
    },
    example: 'mmu_update 0x105000 0x106007 0x106000 0x107007',
    parse: (a): XenPvOp => {
      const reqs = [{ ptr: a.address('PTR (machine address of the entry)'), val: a.number('VAL') }]
      const next = (): bigint | null => a.optionalNumber('PTR')
      for (let ptr = next(); ptr !== null; ptr = next())
        reqs.push({ ptr, val: a.number('VAL after PTR') })
      a.done()
      return { kind: 'xenpv.mmu-update', reqs }
    },
  },
  {
    words: ['mmuext'],
    usage:
      'mmuext new_baseptr|pin_l1_table..pin_l4_table|unpin_table MFN | invlpg_local VA | tlb_flush_local [...]',
    topic: 'memory',
    summary: {
      en: 'HYPERVISOR_mmuext_op (hypercall 26), with mmu xen-pv: one or more ops in one transition. new_baseptr MFN switches the root (CR3) after Xen validates MFN as an L4 table; pin_lN_table MFN validates it as an Ln table and keeps one type reference; unpin_table MFN drops it; invlpg_local VA and tlb_flush_local flush the TLB.',
      zh: 'HYPERVISOR_mmuext_op（26 号超级调用，需 `mmu xen-pv`）：一次切换执行一个或多个操作。new_baseptr MFN 在 Xen 确认 MFN 是合法的 L4 页表后切换根页表（CR3）；pin_lN_table MFN 把它验证为 Ln 页表并保留一个类型引用；unpin_table MFN 释放该引用；invlpg_local VA 与 tlb_flush_local 刷新 TLB。',
    },
    example: 'mmuext pin_l4_table 0x105 new_baseptr 0x105',
    complete: (after) => mmuextCompletions(['mmuext', ...after]),
    parse: (a): XenPvOp => readMmuext(a),
  },
  {
    words: ['multicall', 'begin'],
    usage: 'multicall begin',
    topic: 'memory',
    summary: {
      en: 'Start writing a HYPERVISOR_multicall list (hypercall 13): the mmu_update and mmuext lines that follow are only queued, nothing enters Xen yet.',
      zh: '开始填写 HYPERVISOR_multicall（13 号超级调用）列表：随后的 `mmu_update` 与 `mmuext` 命令只是排队，尚未进入 Xen。',
    },
    example: 'multicall begin',
    parse: (a): XenPvOp => {
      a.done()
      return { kind: 'xenpv.multicall', action: 'begin' }
    },
  },
  {
    words: ['multicall', 'end'],
    usage: 'multicall end',
    topic: 'memory',
    summary: {
      en: 'Issue the queued list as one HYPERVISOR_multicall: one transition; Xen runs every entry in order and stores each result.',
      zh: '把排好的列表作为一次 HYPERVISOR_multicall 发出：只切换一次；Xen 按顺序执行每一项并保存各自的结果。',
    },
    example: 'multicall end',
    parse: (a): XenPvOp => {
      a.done()
      return { kind: 'xenpv.multicall', action: 'end' }
    },
  },
]

function readMmuext(a: ArgReader): XenPvOp {
  const ops: { cmd: MmuextCmd; arg: bigint | null }[] = []
  let cmd: MmuextCmd | null = a.word('an mmuext op', MMUEXT_CMDS)
  while (cmd !== null) {
    const kind = ARG_OF[cmd]
    const arg =
      kind === null
        ? null
        : kind === 'mfn'
          ? a.number(`the MFN for ${cmd}`)
          : a.address(`the VA for ${cmd}`)
    ops.push({ cmd, arg })
    cmd = a.optionalWord(MMUEXT_CMDS)
  }
  a.done()
  return { kind: 'xenpv.mmuext', ops }
}

/**
 * Completion after `mmuext`: an op name, except right after an op that takes an MFN or a VA
 * (the next word is then that number). `done` holds the finished words, `mmuext` first.
 */
export function mmuextCompletions(done: readonly string[]): readonly string[] {
  const last = done.at(-1) ?? ''
  const op = MMUEXT_CMDS.find((c) => c === last)
  return op !== undefined && ARG_OF[op] !== null ? [] : MMUEXT_CMDS
}
