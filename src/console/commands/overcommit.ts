// Console rows of the host-memory model (CONSOLE.md `mem ...`): a host's frames, guests on it,
// their stores and workloads, the virtio balloon, ESX page sharing, KSM, hypervisor swapping,
// guest page-out (double paging), ESX's idle memory tax and its reclamation states.
import {
  IDLE_TAX_DEFAULT_PCT,
  OC_MAX_FRAMES,
  OC_MAX_VM_PAGES,
  type OcOp,
} from '../../engine/index.ts'
import { intField } from '../args.ts'
import { ArgFailure } from '../errors.ts'
import type { CommandDef } from '../registry.ts'

const FRAMES = intField(
  'FRAMES',
  'a frame count',
  OC_MAX_FRAMES,
  'the model draws up to 512 host frames',
  1,
)
const SEED = intField('seed', 'a seed', 0xffffffff, 'a 32-bit seed')
const PAGES = intField(
  'PAGES',
  'a page count',
  OC_MAX_VM_PAGES,
  'the model draws up to 256 pages per guest',
  1,
)
const COUNT = intField('count', 'a page count', OC_MAX_VM_PAGES, 'at most a guest’s pages')
const GFN = intField(
  'GFN',
  'a guest frame number',
  OC_MAX_VM_PAGES - 1,
  'a guest has at most 256 pages',
)
// virtio-balloon's num_pages is a le32 config field: any 32-bit value is a legal target.
const NUM_PAGES = intField('PAGES', 'a page count', 0xffffffff, 'num_pages is a le32 field')
const SHARES = intField('shares', 'a share count', 1_000_000, 'ESX shares, 0 to a million')
const SCAN = intField('N', 'a page count', 1024, 'pages to scan, at most 1024 per command', 1)
// tau = 100 % would make an idle page cost infinite shares (k = 1 / (1 - tau)).
const TAX = intField('PCT', 'a percentage', 99, 'k = 1 / (1 - tau) needs tau below 100 %')

const LABEL = /^[A-Za-z0-9_:.-]{1,24}$/

export const overcommitCommands: readonly CommandDef<OcOp>[] = [
  {
    words: ['mem', 'host'],
    usage: 'mem host FRAMES [seed=N]',
    topic: 'memory',
    summary: {
      en: 'A host with FRAMES machine frames of 4 KiB, all free, and no guests. seed= drives ESX’s random scan order and the host’s random swap victims.',
      zh: '一台有 FRAMES 个 4 KiB 机器页框的主机，页框全部空闲，没有客户机。`seed=` 决定 ESX 的随机扫描顺序和主机随机选出的换出页。',
    },
    example: 'mem host 64 seed=7',
    parse: (a): OcOp => {
      const frames = a.int(FRAMES)
      const seed = a.intOption('seed', SEED) ?? 1
      a.done()
      return { kind: 'mem.host', frames, seed }
    },
  },
  {
    words: ['mem', 'vm'],
    usage:
      'mem vm NAME PAGES [kernel=N] [anon=N] [cache=N] [active=N] [zero=N] [image=NAME] [shares=N] [must-tell-host] [deflate-on-oom]',
    topic: 'memory',
    summary: {
      en: 'Boot a guest of PAGES 4 KiB pages: kernel= pages (from its image), anon= pages of its workload (zero= of them zero-filled), cache= page-cache pages (from its image), the rest free. active= of the used pages are in use (anon first). Guests with the same image= have identical kernel and cache pages. The flags are its virtio-balloon features.',
      zh: '启动一台有 PAGES 个 4 KiB 页的客户机：`kernel=` 个内核页（来自它的镜像），`anon=` 个负载的匿名页（其中 `zero=` 个全为零），`cache=` 个页缓存页（来自镜像），其余空闲。已用页中有 `active=` 个正在使用（先算匿名页）。`image=` 相同的客户机内核页与缓存页完全相同。后面的标志是它的 `virtio-balloon` 特性。',
    },
    example: 'mem vm a 24 kernel=4 anon=8 cache=6 active=6 must-tell-host',
    parse: (a): OcOp => {
      const name = a.name('a guest name')
      const pages = a.int(PAGES)
      const f = a.flags(['must-tell-host', 'deflate-on-oom'])
      const part = (key: string) =>
        a.intOption(key, intField(key, 'a page count', pages, 'within the guest’s pages')) ?? 0
      const kernel = part('kernel')
      const anon = part('anon')
      const cache = part('cache')
      const activeAt = a.nextColumn
      const active = part('active')
      const zero = a.intOption(
        'zero',
        intField('zero', 'a page count', anon, 'some of the anon pages'),
      )
      const img = a.optionText('image')
      if (img !== null && !/^[a-z_][a-z0-9_.-]{0,15}$/i.test(img.value))
        throw new ArgFailure(
          img.column,
          `expected image=NAME (letters, digits, '_', '-', '.'), got '${img.value}'`,
        )
      const shares = a.intOption('shares', SHARES) ?? 1000
      if (kernel + anon + cache > pages)
        throw a.missing(
          `kernel + anon + cache = ${kernel + anon + cache} pages do not fit in ${pages}`,
        )
      if (active > kernel + anon + cache)
        throw new ArgFailure(
          activeAt,
          `active=${active} is more than the ${anon + cache} pages in use`,
        )
      a.done()
      return {
        kind: 'mem.vm',
        name,
        pages,
        kernel,
        cache,
        anon,
        active,
        zero: zero ?? 0,
        image: img?.value ?? name,
        shares,
        mustTellHost: f.has('must-tell-host'),
        deflateOnOom: f.has('deflate-on-oom'),
      }
    },
  },
  {
    words: ['mem', 'write'],
    usage: 'mem write VM GFN [to=GFN] [content=LABEL]',
    topic: 'memory',
    summary: {
      en: 'The guest stores into page GFN (to GFN .. to=): new data, or content=LABEL (equal labels are equal pages, 0 is the zero page). A shared page faults and gets a private copy; a swapped one is read back first.',
      zh: '客户机写入页 GFN（到 `to=` 为止）：写入新数据，或写入 `content=LABEL`（标签相同即页内容相同，0 是全零页）。共享页会触发缺页并得到一份私有副本；被换出的页先被读回。',
    },
    example: 'mem write b 5 content=hello',
    parse: (a): OcOp => {
      const vm = a.name('a guest name')
      const from = a.int(GFN)
      const to =
        a.intOption(
          'to',
          intField('to', 'a guest frame number', OC_MAX_VM_PAGES - 1, 'the last page written'),
        ) ?? from
      if (to < from) throw a.missing(`to=${to} is before GFN ${from}`)
      const c = a.optionText('content')
      if (c !== null && !LABEL.test(c.value))
        throw new ArgFailure(
          c.column,
          `expected content=LABEL (up to 24 letters, digits, '_', ':', '.', '-'), got '${c.value}'`,
        )
      a.done()
      return { kind: 'mem.write', vm, from, to, content: c?.value ?? null }
    },
  },
  {
    words: ['mem', 'touch'],
    usage: 'mem touch VM N',
    topic: 'memory',
    summary: {
      en: 'The guest’s workload needs N more pages: the guest takes them from its free list, else drops page cache, else pages out to its own disk; with deflate-on-oom it takes balloon pages back before running out.',
      zh: '客户机的负载还需要 N 个页：客户机先从空闲链表取，不够就丢弃页缓存，再不够就换出到自己的磁盘；有 `deflate-on-oom` 时，它在内存耗尽之前先从气球收回页。',
    },
    example: 'mem touch a 4',
    parse: (a): OcOp => {
      const vm = a.name('a guest name')
      const count = a.int({ ...COUNT, label: 'N', min: 1 })
      a.done()
      return { kind: 'mem.touch', vm, count }
    },
  },
  {
    words: ['mem', 'balloon'],
    usage: 'mem balloon VM PAGES',
    topic: 'memory',
    summary: {
      en: 'The device writes num_pages = PAGES to the guest’s virtio-balloon config: the driver inflates (PFNs on the inflate queue, the host frees their frames) or deflates until actual = num_pages, or as far as the guest can go.',
      zh: '设备把 `num_pages` = PAGES 写入客户机的 `virtio-balloon` 配置：驱动充气（PFN 放进充气队列，主机释放对应页框）或放气，直到 `actual` = `num_pages`，或者客户机再也给不出页为止。',
    },
    example: 'mem balloon a 8',
    parse: (a): OcOp => {
      const vm = a.name('a guest name')
      const numPages = a.int(NUM_PAGES)
      a.done()
      return { kind: 'mem.balloon', vm, numPages }
    },
  },
  {
    words: ['mem', 'share'],
    usage: 'mem share VM GFN | mem share scan N',
    topic: 'memory',
    summary: {
      en: 'ESX content-based page sharing: hash page GFN of VM and look it up (a hint on the first sight, a full compare and one read-only frame on a match), or scan N pages chosen at random.',
      zh: 'ESX 基于内容的页共享：对 VM 的页 GFN 求哈希并查表（第一次见到时留下提示项，匹配时逐字节比较并合并成一个只读页框），或者随机选 N 个页扫描。',
    },
    example: 'mem share b 5',
    parse: (a): OcOp => {
      if (a.optionalWord(['scan']) !== null) {
        const count = a.int(SCAN)
        a.done()
        return { kind: 'mem.share-scan', count }
      }
      const vm = a.name('a guest name or scan')
      const gfn = a.int(GFN)
      a.done()
      return { kind: 'mem.share', vm, gfn }
    },
  },
  {
    words: ['mem', 'ksm'],
    usage: 'mem ksm madvise VM | mem ksm zero on|off | mem ksm scan [N]',
    topic: 'memory',
    summary: {
      en: 'Linux KSM: madvise(MADV_MERGEABLE) a guest’s memory, turn use_zero_pages on or off, or let ksmd scan N pages (no N: to the end of the full scan).',
      zh: 'Linux KSM：对客户机内存调用 `madvise(MADV_MERGEABLE)`，打开或关闭 `use_zero_pages`，或者让 `ksmd` 扫描 N 个页（不给 N：扫到本轮完整扫描结束）。',
    },
    example: 'mem ksm scan',
    parse: (a): OcOp => {
      const what = a.word('madvise, zero or scan', ['madvise', 'zero', 'scan'])
      if (what === 'madvise') {
        const vm = a.name('a guest name')
        a.done()
        return { kind: 'mem.ksm-madvise', vm }
      }
      if (what === 'zero') {
        const on = a.word('on or off', ['on', 'off']) === 'on'
        a.done()
        return { kind: 'mem.ksm-zero', on }
      }
      const count = a.optionalInt(SCAN)
      a.done()
      return { kind: 'mem.ksm-scan', count }
    },
  },
  {
    words: ['mem', 'swap'],
    usage: 'mem swap VM GFN',
    topic: 'memory',
    summary: {
      en: 'The hypervisor swaps out the frame behind page GFN of VM to its own swap, without asking the guest.',
      zh: '虚拟机监控器把 VM 的页 GFN 背后的页框换出到自己的交换区，不询问客户机。',
    },
    example: 'mem swap a 9',
    parse: (a): OcOp => {
      const vm = a.name('a guest name')
      const gfn = a.int(GFN)
      a.done()
      return { kind: 'mem.swap', vm, gfn }
    },
  },
  {
    words: ['mem', 'pageout'],
    usage: 'mem pageout VM GFN',
    topic: 'memory',
    summary: {
      en: 'The guest pages its own page GFN out to its virtual disk (its disk driver reads the page first).',
      zh: '客户机把自己的页 GFN 换出到它的虚拟磁盘（磁盘驱动先读取这个页）。',
    },
    example: 'mem pageout a 9',
    parse: (a): OcOp => {
      const vm = a.name('a guest name')
      const gfn = a.int(GFN)
      a.done()
      return { kind: 'mem.pageout', vm, gfn }
    },
  },
  {
    words: ['mem', 'tax'],
    usage: 'mem tax PCT',
    topic: 'memory',
    summary: {
      en: `ESX’s idle memory tax rate tau in percent (Mem.IdleTax, default ${IDLE_TAX_DEFAULT_PCT}): an idle page costs k = 1 / (1 - tau) of an active one in the shares-per-page ratio.`,
      zh: `ESX 的空闲内存税率 τ（百分比，\`Mem.IdleTax\`，默认 ${IDLE_TAX_DEFAULT_PCT}）：在每页份额比中，一个空闲页按活跃页的 k = 1 / (1 − τ) 倍计。`,
    },
    example: 'mem tax 0',
    parse: (a): OcOp => {
      const pct = a.int(TAX)
      a.done()
      return { kind: 'mem.tax', pct }
    },
  },
  {
    words: ['mem', 'reclaim'],
    usage: 'mem reclaim',
    topic: 'memory',
    summary: {
      en: 'ESX reclaims: the free-memory state (high 6 %, soft 4 %, hard 2 %, low 1 %) picks ballooning or swapping, and the VM with the lowest shares-per-page ratio gives back enough frames to reach 6 % free.',
      zh: 'ESX 回收内存：由空闲内存状态（`high` 6%、`soft` 4%、`hard` 2%、`low` 1%）决定用气球还是换出，每页份额比最低的虚拟机交回足够的页框，使空闲内存回到 6%。',
    },
    example: 'mem reclaim',
    parse: (a): OcOp => {
      a.done()
      return { kind: 'mem.reclaim' }
    },
  },
]
