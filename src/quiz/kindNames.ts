// A short description of every question kind, for the editor's "Add a question" list (issue 19).
// The same words as docs/questions.md's "asks" column. A Record over QuestionKind: a new kind
// does not compile until it is described here.
import type { Localized } from '../console/index.ts'
import type { QuestionKind } from '../scenarios/types.ts'

const L = (en: string, zh: string): Localized => ({ en, zh })

export const KIND_DESCRIPTIONS: Readonly<Record<QuestionKind, Localized>> = {
  'pf-error-code': L('Which #PF error code does the access raise?', '访问引发哪个 #PF 错误码？'),
  'walk-refs': L(
    'How many paging-structure memory references? (number)',
    '要读多少次分页结构内存？（数字）',
  ),
  'exit-reason': L('Which VM exit reason (number and name)?', '哪个 VM 退出原因（编号和名称）？'),
  'next-entry': L('Which table entry does the walk read now?', '页表遍历此刻读哪个表项？'),
  notify: L('Does this push notify the other end?', '这次推送会通知另一端吗？'),
  'access-outcome': L('Translation, #PF, #GP or VM exit?', '翻译成功、#PF、#GP还是 VM 退出？'),
  'tlb-hit': L('TLB hit or miss?', 'TLB 命中还是未命中？'),
  'vmx-outcome': L(
    'VMsucceed, VMfailInvalid or VMfailValid(n)?',
    '`VMsucceed`、`VMfailInvalid`还是`VMfailValid(n)`？',
  ),
  'ring-prod': L(
    'req_prod / rsp_prod after a push (number)',
    '推送后的`req_prod`/`rsp_prod`（数字）',
  ),
  'ring-slots': L('Which ring slots do the queued entries take?', '排队的条目占哪些环槽？'),
  'ring-pending': L(
    'How many unconsumed entries does the consumer find? (number)',
    '消费者发现多少个未消费的条目？（数字）',
  ),
  'evtchn-deliver': L(
    'Upcall, already pending, masked, or refused?',
    '上调、已挂起、被屏蔽还是被拒绝？',
  ),
  'grant-count': L(
    'How many grant entries, maps, copies or transfers? (number)',
    '多少个授权条目、映射、复制或转移？（数字）',
  ),
  'rx-outcome': L('What happens to the received frame?', '收到的帧结果如何？'),
  'kvm-exit': L(
    'No exit, in the kernel, KVM_EXIT_IO or KVM_EXIT_MMIO?',
    '不退出、在内核处理、`KVM_EXIT_IO`还是`KVM_EXIT_MMIO`？',
  ),
  'e1000-icr': L('Which ICR cause bits are set?', 'ICR 中置了哪些原因位？'),
  'used-idx': L("used->idx after the device's work (number)", '设备处理后的`used->idx`（数字）'),
  'hyp-hops': L(
    'Hops of a guest OUT until the guest runs again (number)',
    '客户机`OUT`到再次运行要经过几跳（数字）',
  ),
  'ioways-exits': L(
    'VM exits one I/O way costs over its workload (number)',
    '一种 I/O 方式在其负载上的 VM 退出次数（数字）',
  ),
  'dma-outcome': L(
    'Untranslated, IOTLB, walk, remapped interrupt, or fault?',
    '不翻译、IOTLB、遍历、重映射中断还是故障？',
  ),
  'vf-rid': L('Which bus:dev.fn does the VF get?', '该 VF 得到哪个`bus:dev.fn`？'),
  'instr-outcome': L(
    'Ran, trapped and emulated, exit, hypercall...?',
    '直接运行、陷入并模拟、退出、超级调用……？',
  ),
  'vmm-entries': L(
    'How many times does the run enter the VMM? (number)',
    '这次运行进入 VMM 多少次？（数字）',
  ),
  'share-outcome': L('Hint, merged, joined, collision...?', '提示、合并、加入、冲突……？'),
  'write-fault': L(
    'Nothing, fresh frame, COW, unshare, or swap-in?',
    '无事、新页框、写时复制、取消共享还是换入？',
  ),
  'pages-sharing': L(
    "KSM's pages_sharing after the scan (number)",
    '扫描后 KSM 的`pages_sharing`（数字）',
  ),
  'balloon-source': L(
    'Free pages, dropped clean cache, or paging out?',
    '空闲页、丢弃干净缓存还是换出？',
  ),
  'balloon-actual': L("The balloon's actual afterwards (number)", '之后气球的`actual`（数字）'),
  'pageout-ios': L(
    "Disk I/Os of the guest's page-out (number)",
    '客户机换出的磁盘 I/O 次数（数字）',
  ),
  'reclaim-victim': L('Does the host reclaim by balloon or swap?', '宿主机用气球还是交换来回收？'),
  'round-sent': L('Pages a pre-copy round sends (number)', '一轮预复制发送的页数（数字）'),
  'migrate-decision': L(
    'Another round, stop, post-copy, or give up?',
    '再来一轮、停机、后复制还是放弃？',
  ),
  'checkpoint-pages': L(
    'Pages the checkpoint holds or the restore reverts (number)',
    '检查点保存或恢复回退的页数（数字）',
  ),
  'guest-stores': L('Stores the guest makes in the run (number)', '客户机在运行中的写次数（数字）'),
  'sched-next': L('Which vCPU runs next (or idle)?', '下一个运行哪个 vCPU（或空闲）？'),
  'cpu-share': L("The least-served vCPU's share of the run (%)", '得到最少的 vCPU 所占份额（%）'),
  'hypercall-rc': L(
    '0 or which -errno does the hypercall return?',
    '超级调用返回 0 还是哪个`-errno`？',
  ),
  'hypercall-done': L(
    'How many requests of the batch complete? (number)',
    '这批请求完成了多少个？（数字）',
  ),
  'ptwr-outcome': L('Emulated, refused, or not an L1 table?', '被模拟、被拒绝还是不是 L1 页表？'),
}
