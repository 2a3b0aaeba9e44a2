import { it } from 'vitest'
import { apply } from '../../src/engine/apply.ts'
import { initialMachine, type Machine } from '../../src/engine/machine.ts'
import type { Op } from '../../src/engine/modules.ts'
it('dbg', () => {
  let m: Machine = initialMachine
  const ops: Op[] = [{kind:'sched.init',sched:'xen',pcpus:1},{kind:'sched.vm',name:'A',vcpus:1,weight:null,cap:null},{kind:'sched.vm',name:'IO',vcpus:1,weight:null,cap:null},
   {kind:'sched.thread',vcpu:'A.0',name:'loop',mode:'busy',runUs:0,sleepUs:0},{kind:'sched.thread',vcpu:'IO.0',name:'io',mode:'io',runUs:500,sleepUs:9500}]
  for (const op of ops) { const r = apply(m, op); if (!r.ok) throw new Error(); m = r.value.machine }
  for (let i=0;i<30;i++){ const r = apply(m,{kind:'sched.step',count:1}); if(!r.ok) throw new Error(); m=r.value.machine
    console.log(r.value.events.map(e=>JSON.stringify(e)).join('\n')) }
})
