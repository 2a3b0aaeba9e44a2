// Console rows of live migration (CONSOLE.md `migrate ...`): describe the VM and its
// workload, the link, start a run under QEMU's or Xen's rule, and step its rounds.
import {
  MIGRATE_MAX_PAGES,
  MIGRATE_MAX_ROUNDS,
  type MigrateOp,
  QEMU_DEFAULT_DOWNTIME_MS,
} from '../../engine/index.ts'
import { fieldValue, intField } from '../args.ts'
import { ArgFailure } from '../errors.ts'
import type { CommandDef } from '../registry.ts'

const PAGES = intField(
  'PAGES',
  'a page count',
  MIGRATE_MAX_PAGES,
  'the model holds up to 16 GiB of 4 KiB pages',
  1,
)
const DIRTY = intField('dirty', 'stores per second', 1_000_000_000, 'stores per second', 0)
const SEED = intField('seed', 'a seed', 0xffffffff, 'a 32-bit seed')
const MIB = intField(
  'MIB',
  'MiB per second',
  102_400,
  'a link that sends nothing never migrates anything; 100 GiB/s at most',
  1,
)
const DOWNTIME = intField('downtime', 'milliseconds', 2_000_000, 'QEMU accepts 1 ms to 2000 s', 1)
const AFTER = intField(
  'postcopy',
  'a round number',
  MIGRATE_MAX_ROUNDS,
  'after at least one live round',
  1,
)
const MAX_ROUNDS = intField(
  'max-rounds',
  'a round count',
  MIGRATE_MAX_ROUNDS,
  'the model’s cap on live rounds',
  1,
)
const COUNT = intField('N', 'a round count', MIGRATE_MAX_ROUNDS, 'rounds to step', 1)
const GUEST_MS = intField('MS', 'milliseconds', 600_000, 'at most ten minutes of guest time', 1)

const RULES = ['qemu', 'xen', 'xen-legacy'] as const

export const migrateCommands: readonly CommandDef<MigrateOp>[] = [
  {
    words: ['migrate', 'vm'],
    usage: 'migrate vm PAGES wws=PAGES dirty=STORES_PER_S [seed=N]',
    topic: 'memory',
    summary: {
      en: 'The VM to migrate: PAGES of 4 KiB RAM, a workload that makes dirty= stores per second, each to a page chosen (from seed=) among the first wws= pages, its writable working set.',
      zh: '要迁移的虚拟机：PAGES 个 4 KiB 内存页；负载每秒执行 `dirty=` 次写，每次写的页从前 `wws=` 个页（可写工作集）中按 `seed=` 选出。',
    },
    example: 'migrate vm 262144 wws=30000 dirty=20000',
    parse: (a): MigrateOp => {
      const pages = a.int(PAGES)
      // The working set lies within RAM: bigger is refused at its own column.
      const wws = a.intOption(
        'wws',
        intField(
          'wws',
          'a page count',
          pages,
          'the working set cannot be bigger than the VM’s RAM',
          1,
        ),
      )
      if (wws === null) throw a.missing('expected wws=PAGES (the writable working set)')
      const dirtyRate = a.intOption('dirty', DIRTY)
      if (dirtyRate === null) throw a.missing('expected dirty=STORES_PER_S (the workload)')
      const seed = a.intOption('seed', SEED) ?? 1
      a.done()
      return { kind: 'migrate.vm', pages, wws, dirtyRate, seed }
    },
  },
  {
    words: ['migrate', 'link'],
    usage: `migrate link MIB [downtime=MS]`,
    topic: 'memory',
    summary: {
      en: `The migration link: MIB MiB/s for the stream (QEMU max-bandwidth, default 128) and the downtime limit (default ${QEMU_DEFAULT_DOWNTIME_MS} ms). QEMU's threshold is bandwidth x limit.`,
      zh: `迁移链路：数据流带宽 MIB MiB/s（QEMU \`max-bandwidth\`，默认 128）与停机时间上限（默认 ${QEMU_DEFAULT_DOWNTIME_MS} ms）。QEMU 的阈值是带宽 × 上限。`,
    },
    example: 'migrate link 128 downtime=300',
    parse: (a): MigrateOp => {
      const bandwidthMiB = a.int(MIB)
      const downtimeMs = a.intOption('downtime', DOWNTIME) ?? QEMU_DEFAULT_DOWNTIME_MS
      a.done()
      return { kind: 'migrate.link', bandwidthMiB, downtimeMs }
    },
  },
  {
    words: ['migrate', 'start'],
    usage: 'migrate start [qemu|xen|xen-legacy] [auto-converge] [pml] [postcopy=N] [max-rounds=N]',
    topic: 'memory',
    summary: {
      en: 'Start a live migration and compute its rounds: pre-copy under QEMU’s rule (default), Xen’s (stream v2) or Xen’s legacy one; auto-converge throttles the guest (QEMU); pml logs dirty pages with Intel PML instead of write protection; postcopy=N switches to post-copy after N live rounds; max-rounds caps QEMU’s live rounds (default 30).',
      zh: '开始一次热迁移并算出各轮：按 QEMU 的规则（默认）、Xen 的规则（迁移流 v2）或 Xen 的旧规则做预拷贝；`auto-converge` 会限制客户机（QEMU）；`pml` 用 Intel PML 而不是写保护记录脏页；`postcopy=N` 在 N 轮在线拷贝后转为后拷贝；`max-rounds` 限制 QEMU 的在线轮数（默认 30）。',
    },
    example: 'migrate start qemu auto-converge',
    parse: (a): MigrateOp => {
      const rule = a.optionalWord(RULES) ?? 'qemu'
      const flagsAt = a.nextColumn
      const f = a.flags(['auto-converge', 'pml'])
      const pc = a.optionText('postcopy')
      const postcopyAfter = pc === null ? null : fieldValue(pc.value, pc.column, AFTER, 'postcopy=')
      // Auto-converge and post-copy are QEMU's; Xen's save code has neither.
      if (rule !== 'qemu' && f.has('auto-converge'))
        throw new ArgFailure(
          flagsAt,
          `auto-converge is QEMU's; Xen's save code does not throttle the guest`,
        )
      if (rule !== 'qemu' && pc !== null)
        throw new ArgFailure(
          pc.column,
          `post-copy is QEMU's (postcopy-ram); Xen migrates by pre-copy only`,
        )
      const maxRounds = a.intOption('max-rounds', MAX_ROUNDS) ?? 30
      a.done()
      return {
        kind: 'migrate.start',
        rule,
        autoConverge: f.has('auto-converge'),
        postcopyAfter,
        log: f.has('pml') ? 'pml' : 'bitmap',
        maxRounds,
      }
    },
  },
  {
    words: ['migrate', 'round'],
    usage: 'migrate round [N]',
    topic: 'memory',
    summary: {
      en: 'Step the next round (or N rounds) of the run: pages sent, pages the guest dirtied meanwhile, and what the stop rule decided. After the last round: the verdict.',
      zh: '单步执行下一轮（或 N 轮）：发送的页、其间客户机弄脏的页，以及停止规则的决定。最后一轮之后：给出结论。',
    },
    example: 'migrate round',
    parse: (a): MigrateOp => {
      const count = a.optionalInt(COUNT) ?? 1
      a.done()
      return { kind: 'migrate.step', count }
    },
  },
  {
    words: ['migrate', 'run'],
    usage: 'migrate run',
    topic: 'memory',
    summary: {
      en: 'Step every round left, then the verdict: converged (with the downtime), post-copy, or not converged.',
      zh: '执行剩下的所有轮，然后给出结论：已收敛（以及停机时间）、后拷贝，或未收敛。',
    },
    example: 'migrate run',
    parse: (a): MigrateOp => {
      a.done()
      return { kind: 'migrate.step', count: null }
    },
  },
  {
    words: ['migrate', 'guest'],
    usage: 'migrate guest MS',
    topic: 'memory',
    summary: {
      en: 'Let the VM run its workload for MS milliseconds outside any migration: its stores change its pages.',
      zh: '让虚拟机在迁移之外运行负载 MS 毫秒：它的写操作会改变它的页。',
    },
    example: 'migrate guest 500',
    parse: (a): MigrateOp => {
      const ms = a.int(GUEST_MS)
      a.done()
      return { kind: 'migrate.guest', ms }
    },
  },
  {
    words: ['migrate', 'checkpoint'],
    usage: 'migrate checkpoint FILE',
    topic: 'memory',
    summary: {
      en: 'Save the VM to FILE like xl save: the guest paused, the migration stream (every page, then the vCPU state) written to a file.',
      zh: '像 `xl save` 一样把虚拟机保存到 FILE：客户机暂停，迁移流（所有页，然后是 vCPU 状态）写入文件。',
    },
    example: 'migrate checkpoint before.img',
    parse: (a): MigrateOp => {
      const file = a.name('a file name')
      a.done()
      return { kind: 'migrate.checkpoint', file }
    },
  },
  {
    words: ['migrate', 'restore'],
    usage: 'migrate restore FILE',
    topic: 'memory',
    summary: {
      en: 'Load FILE back into the VM (xl restore): its pages and vCPU state replace the running ones.',
      zh: '把 FILE 载回虚拟机（`xl restore`）：其中的页与 vCPU 状态取代正在运行的那些。',
    },
    example: 'migrate restore before.img',
    parse: (a): MigrateOp => {
      const file = a.name('a file name')
      a.done()
      return { kind: 'migrate.restore', file }
    },
  },
]
