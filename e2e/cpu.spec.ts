import { expect, expectAxeClean, shot, status, test } from './fixtures.ts'

// The guest-CPU scenarios (issue 16) in English and Chinese: the POPF hole under
// trap-and-emulate, a trapped-and-emulated kernel routine, and the translation cache of the
// notes' do_atomic_operation, with axe and screenshots; presenter mode for one of them.
const POPF = '#/cpu-popf-hole/18'
const TRAP = '#/cpu-trap-and-emulate/14'
const BT = '#/cpu-binary-translation/30'
const PV = '#/cpu-paravirt-hypercalls/14'
const VTX = '#/cpu-vtx-routine/32'

test('cpu-popf-hole: POPF at CPL 1 silently diverges, en', async ({ page }) => {
  await page.goto(`/?lang=en${POPF}`)
  await expect(status(page)).toHaveText('Step 18 of 44')
  const panel = page.getByTestId('guestcpu')
  await expect(panel.getByTestId('gc-line-2')).toContainText('silently diverged')
  await expect(panel.getByTestId('gc-now')).toContainText('IF: the guest set 0')
  await expect(panel.getByTestId('gc-cpu-cpl')).toContainText('differs')
  await expectAxeClean(page)
  await shot(page, 'cpu-popf-hole-en')
})

test('cpu-popf-hole: the same step in Chinese', async ({ page }) => {
  await page.goto(`/?lang=zh${POPF}`)
  const panel = page.getByTestId('guestcpu')
  await expect(panel).toContainText('CPU 上的客户机内核')
  await expect(panel.getByTestId('gc-line-2')).toContainText('结果悄悄偏离')
  await expectAxeClean(page)
  await shot(page, 'cpu-popf-hole-zh')
})

test('cpu-trap-and-emulate: MOV CR3 traps into the VMM, en and zh', async ({ page }) => {
  await page.goto(`/?lang=en${TRAP}`)
  await expect(status(page)).toHaveText('Step 14 of 21')
  const panel = page.getByTestId('guestcpu')
  await expect(panel.getByTestId('gc-line-3')).toContainText('trapped, emulated')
  await expect(panel.getByTestId('gc-now')).toContainText('vector 13')
  await expectAxeClean(page)
  await shot(page, 'cpu-trap-and-emulate-en')
  await page.goto(`/?lang=zh${TRAP}`)
  await expect(page.getByTestId('gc-line-3')).toContainText('陷入并被模拟')
  await expectAxeClean(page)
  await shot(page, 'cpu-trap-and-emulate-zh')
})

test('cpu-binary-translation: the translation cache, en, zh and presenter', async ({ page }) => {
  await page.goto(`/?lang=en${BT}`)
  await expect(status(page)).toHaveText('Step 30 of 49')
  const panel = page.getByTestId('guestcpu')
  await expect(panel.getByTestId('gc-ccf-6')).toContainText('in-TC')
  await expect(panel.getByTestId('gc-line-14')).toContainText('translated branch')
  await expectAxeClean(page)
  await shot(page, 'cpu-binary-translation-en')
  await page.goto(`/?lang=zh${BT}`)
  await expect(page.getByTestId('gc-ccf-6')).toContainText('缓存内')
  await expectAxeClean(page)
  await shot(page, 'cpu-binary-translation-zh')
  await page.keyboard.press('p')
  await expect(page.locator(':root.presenter')).toHaveCount(1)
  await expect(page.getByTestId('guestcpu')).toBeVisible()
  await expectAxeClean(page)
  await shot(page, 'cpu-binary-translation-presenter')
})

test('cpu-paravirt-hypercalls and cpu-vtx-routine, en and zh', async ({ page }) => {
  // Four page loads with axe each: more than 30 s on a loaded machine.
  test.slow()
  await page.goto(`/?lang=en${PV}`)
  await expect(page.getByTestId('gc-now')).toContainText('hypercall 26')
  await expectAxeClean(page)
  await shot(page, 'cpu-paravirt-hypercalls-en')
  await page.goto(`/?lang=zh${PV}`)
  await expect(page.getByTestId('gc-now')).toContainText('26 号超级调用')
  await expectAxeClean(page)
  await shot(page, 'cpu-paravirt-hypercalls-zh')
  await page.goto(`/?lang=en${VTX}`)
  await expect(page.getByTestId('gc-line-3')).toContainText('VM exit')
  await expect(page.getByTestId('gc-now')).toContainText('exit 28')
  await expectAxeClean(page)
  await shot(page, 'cpu-vtx-routine-en')
  await page.goto(`/?lang=zh${VTX}`)
  await expect(page.getByTestId('gc-line-3')).toContainText('VM 退出')
  await expectAxeClean(page)
  await shot(page, 'cpu-vtx-routine-zh')
})

const RINGS = '#/cpu-rings-cpl/68'
const ALL = '#/cpu-all-ways/32'
const PG = '#/cpu-popek-goldberg/13'

test('cpu-rings-cpl: INT 0x20 from ring 3 meets a DPL 0 gate, en and zh', async ({ page }) => {
  // Two page loads with axe each: more than 30 s on a loaded machine.
  test.slow()
  await page.goto(`/?lang=en${RINGS}`)
  await expect(status(page)).toHaveText('Step 68 of 78')
  const panel = page.getByTestId('guestcpu')
  await expect(panel.getByTestId('gc-now')).toContainText('vector 13, error code 0x102')
  await expect(panel.getByTestId('gc-cpu-cpl')).toContainText('0')
  await expectAxeClean(page)
  await shot(page, 'cpu-rings-cpl-en')
  await page.goto(`/?lang=zh#/cpu-rings-cpl/59`)
  await expect(page.getByTestId('gc-line-16')).toContainText('直接运行')
  await expectAxeClean(page)
  await shot(page, 'cpu-rings-cpl-zh')
})

test('cpu-all-ways: the comparison strip with approximate, cited cycles, en and zh', async ({
  page,
}) => {
  test.slow()
  await page.goto(`/?lang=en${ALL}`)
  const strip = page.getByTestId('gc-compare')
  await expect(strip).toContainText('ASPLOS 2006')
  await expect(strip.getByRole('row')).toHaveCount(6)
  await expect(strip).toContainText('≈16240')
  await expect(strip).toContainText('events with no figure')
  await expectAxeClean(page)
  await shot(page, 'cpu-all-ways-en')
  await page.goto(`/?lang=zh${ALL}`)
  await expect(page.getByTestId('gc-compare')).toContainText('无数据的事件')
  await expectAxeClean(page)
  await shot(page, 'cpu-all-ways-zh')
})

test('cpu-popek-goldberg: sort the table and try an instruction by keyboard, en', async ({
  page,
}) => {
  await page.goto(`/?lang=en${PG}`)
  const table = page.getByTestId('pgtable')
  const popf = table.getByTestId('pg-row-popf')
  await expect(popf).toContainText('hole')
  await expect(popf).toContainText('silently diverged')
  await expect(popf).toHaveAttribute('data-focus', '')
  const byName = table.getByRole('button', { name: 'Sort by Instruction' })
  await byName.focus()
  await page.keyboard.press('Enter')
  await expect(byName).toHaveAttribute('aria-pressed', 'true')
  await expect(table.getByRole('rowheader').first()).toHaveText('add eax, 1')
  const tryCli = table.getByRole('button', { name: 'Try cli under trap-and-emulate at CPL 0' })
  await tryCli.focus()
  await page.keyboard.press('Enter')
  await expect(table.getByTestId('pg-row-cli')).toContainText('trapped, emulated')
  await expectAxeClean(page)
  await shot(page, 'cpu-popek-goldberg-en')
})

test('cpu-popek-goldberg: a try in Chinese, and presenter mode', async ({ page }) => {
  // A long table under axe twice: give it the time a loaded machine needs.
  test.slow()
  await page.goto(`/?lang=zh${PG}`)
  await expect(page.getByTestId('pg-row-popf')).toContainText('漏洞')
  await page.getByRole('button', { name: '在陷入并模拟方式下以 CPL 0 试运行 `popf`' }).click()
  await expect(page.getByTestId('pg-row-popf')).toContainText('与裸机有 1 处不同')
  await expectAxeClean(page)
  await shot(page, 'cpu-popek-goldberg-zh')
  await page.keyboard.press('p')
  await expect(page.locator(':root.presenter')).toHaveCount(1)
  await expectAxeClean(page)
  await shot(page, 'cpu-popek-goldberg-presenter')
})
