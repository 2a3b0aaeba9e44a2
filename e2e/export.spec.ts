import { readFileSync } from 'node:fs'
import type { Page } from 'playwright/test'
import { SHOTS, expect, test } from './fixtures.ts'

// Pictures for slides (issue #19): the stage or one panel as SVG and 2x PNG, with or without
// the step's narration as a caption, in the current language. The SVG must parse and carry the
// panel's text; the PNG must have the panel's size times two.

async function openExport(page: Page) {
  await expect(page.locator('.panel-loading')).toHaveCount(0)
  await page.getByText('Export picture').click()
  return page.locator('.export-form')
}

async function download(page: Page, what: string, format: 'SVG' | 'PNG', caption: boolean) {
  const form = page.locator('.export-form')
  await form.getByLabel('Picture of').selectOption({ label: what })
  await form.getByRole('radio', { name: new RegExp(`^${format}`) }).check()
  const box = form.getByRole('checkbox', { name: /Caption/ })
  if (caption) await box.check()
  else await box.uncheck()
  const [file] = await Promise.all([
    page.waitForEvent('download'),
    form.getByRole('button', { name: 'Download' }).click(),
  ])
  const path = await file.path()
  await file.saveAs(`${SHOTS}/export-${file.suggestedFilename()}`)
  await expect(form.locator('.export-status')).toContainText('Saved')
  return { name: file.suggestedFilename(), bytes: readFileSync(path) }
}

/** Width and height from a PNG's IHDR chunk. */
function pngSize(b: Buffer): { width: number; height: number } {
  expect(b.subarray(1, 4).toString('latin1')).toBe('PNG')
  expect(b.subarray(12, 16).toString('latin1')).toBe('IHDR')
  return { width: b.readUInt32BE(16), height: b.readUInt32BE(20) }
}

const slotSize = (page: Page, panel: string) =>
  page
    .locator(`.stage .stage-slot[data-panel="${panel}"]`)
    .evaluate((el) => ({ width: Math.ceil(el.scrollWidth), height: Math.ceil(el.scrollHeight) }))

/** Parses SVG text in the page; the text it holds, or the parser's complaint. */
const svgText = (page: Page, svg: string) =>
  page.evaluate((s) => {
    const doc = new DOMParser().parseFromString(s, 'image/svg+xml')
    const err = doc.querySelector('parsererror')
    return err ? `PARSE ERROR ${err.textContent}` : (doc.documentElement.textContent ?? '')
  }, svg)

for (const { id, step, panel, heading, svgShapes } of [
  {
    id: 'ept-2d-walk',
    step: 40,
    panel: 'walk2d',
    heading: /two-dimensional|2-D/i,
    svgShapes: false,
  },
  { id: 'xen-ring-basics', step: 5, panel: 'ring', heading: /Shared I\/O ring/, svgShapes: true },
  { id: 'vmx-lifecycle', step: 10, panel: 'vmcs', heading: /VMCS/, svgShapes: false },
]) {
  test(`${id}: the ${panel} panel as SVG and as a 2x PNG`, async ({ page }) => {
    await page.setViewportSize({ width: 1280, height: 720 })
    await page.goto(`/#/${id}/${step}`)
    // The panel is drawn (its heading names it in the menu) before the menu opens.
    const h2 = page.locator(`.stage .stage-slot[data-panel="${panel}"] h2`).first()
    await expect(h2).toHaveText(heading)
    const name = await h2.textContent()
    const form = await openExport(page)
    expect(name).toMatch(heading)
    await form.getByLabel('Picture of').selectOption({ label: name?.trim() ?? '' })

    const svg = await download(page, name?.trim() ?? '', 'SVG', true)
    expect(svg.name).toBe(`vmscope-${id}-step${step}-${panel}.svg`)
    const text = await svgText(page, svg.bytes.toString('utf8'))
    expect(text).not.toMatch(/^PARSE ERROR/)
    expect(text).toContain(name?.trim())
    // The caption: scenario, step and the narration shown at this step.
    const narration = (await page.getByTestId('narration').textContent())?.trim().slice(0, 30)
    expect(text).toContain(`step ${step} of`)
    expect(text.replace(/\s+/g, ' ')).toContain(
      narration?.replace(/\s+/g, ' ').split(' ').slice(0, 3).join(' '),
    )

    const size = await slotSize(page, panel)
    const bare = pngSize((await download(page, name?.trim() ?? '', 'PNG', false)).bytes)
    expect(bare).toEqual({ width: size.width * 2, height: size.height * 2 })
    // The exported picture keeps the stylesheet's look: the SVG's shapes are not black blobs.
    if (svgShapes)
      expect(svg.bytes.toString('utf8')).toMatch(
        /<(circle|rect|path|line)[^>]*style="[^"]*fill: (none|rgb)/,
      )
    const captioned = pngSize((await download(page, name?.trim() ?? '', 'PNG', true)).bytes)
    expect(captioned.width).toBe(size.width * 2)
    expect(captioned.height).toBeGreaterThan(size.height * 2)
  })
}

test('the whole stage in Chinese: the caption is the Chinese narration', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 720 })
  await page.goto('/?lang=zh#/xen-ring-basics/5')
  await expect(page.locator('.panel-loading')).toHaveCount(0)
  await page.getByText('导出图片').click()
  const form = page.locator('.export-form')
  await form.getByRole('radio', { name: /^SVG/ }).check()
  const [file] = await Promise.all([
    page.waitForEvent('download'),
    form.getByRole('button', { name: '下载' }).click(),
  ])
  expect(file.suggestedFilename()).toBe('vmscope-xen-ring-basics-step5-stage.svg')
  const text = await svgText(page, readFileSync(await file.path()).toString('utf8'))
  expect(text).toMatch(/第 5 步，共 \d+ 步/)
  await page.screenshot({ path: `${SHOTS}/export-menu-zh.png` })
})
