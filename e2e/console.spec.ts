import { expect, shot, status, test, totalSteps } from './fixtures.ts'

const ID = 'three-address-spaces'

test('the console loads on demand, its lines become steps, and the URL carries them', async ({
  page,
}) => {
  const scripts: string[] = []
  page.on('request', (r) => {
    if (r.resourceType() === 'script') scripts.push(r.url())
  })
  await page.goto(`/#/${ID}/1`)
  await expect(status(page)).toHaveText(/^Step 1 of \d+$/)
  const total = await totalSteps(page)
  const before = scripts.length
  await page.getByRole('button', { name: /^Console/ }).click()
  const term = page.getByTestId('console')
  await expect(term.locator('.xterm-rows')).toContainText('vmscope>')
  expect(scripts.length, 'the terminal arrives as its own chunk').toBeGreaterThan(before)

  await term.click()
  await page.keyboard.type('help host map')
  await page.keyboard.press('Enter')
  await expect(term.locator('.xterm-rows')).toContainText('usage: host map GPA HPA')

  // A bad command points at its column, suggests a fix, and changes nothing.
  await page.keyboard.type('acess 0x7123')
  await page.keyboard.press('Enter')
  await expect(term.locator('.xterm-rows')).toContainText("did you mean 'access'")
  await expect(status(page)).toHaveText(`Step 1 of ${total}`)
  await expect(page).toHaveURL(new RegExp(`#/${ID}/1$`))

  // Tab completes; the new line runs as three steps and the panels follow.
  await page.keyboard.type('acc')
  await page.keyboard.press('Tab')
  await page.keyboard.type('0x5abc write user')
  await page.keyboard.press('Enter')
  await expect(term.locator('.xterm-rows')).toContainText('write 0x5abc: ok, HPA 0x15abc')
  await expect(status(page)).toHaveText(`Step ${total + 3} of ${total + 3}`)
  await expect(page.getByTestId('outcome')).toHaveText(/reaches 0x15abc/)
  await expect(
    page.getByRole('region', { name: 'Script' }).locator('li[aria-current="step"]'),
  ).toContainText('access 0x5abc write user')
  await shot(page, 'console')

  // The link opens the same state cold in a new page.
  const url = page.url()
  expect(url).toMatch(new RegExp(`#/${ID}/${total + 3}/.+`))
  const other = await page.context().newPage()
  await other.goto(url)
  await expect(other.getByRole('status')).toHaveText(`Step ${total + 3} of ${total + 3}`)
  await expect(other.getByTestId('outcome')).toHaveText(/reaches 0x15abc/)
  await other.close()

  await term.click()
  await page.keyboard.type('info mem')
  await page.keyboard.press('Enter')
  await expect(term.locator('.xterm-rows')).toContainText('guest2 hypervisor map (GPA -> HPA):')

  // History brings the line back.
  await term.click()
  await page.keyboard.press('ArrowUp')
  await page.keyboard.press('ArrowUp')
  await expect(term.locator('.xterm-rows')).toContainText('vmscope> access 0x5abc write user')

  // Line editing in the middle: recall the typo, go Home, step right twice, insert the 'c'.
  await page.keyboard.press('Control+c')
  await page.keyboard.type('acess 0x5abc read user')
  await page.keyboard.press('Home')
  await page.keyboard.press('ArrowRight')
  await page.keyboard.press('ArrowRight')
  await page.keyboard.type('c')
  await expect(term.locator('.xterm-rows')).toContainText('vmscope> access 0x5abc read user')
  await page.keyboard.press('Enter')
  await expect(term.locator('.xterm-rows')).toContainText('read 0x5abc: ok, HPA 0x15abc')
})

test('a tampered link with added lines says what is wrong', async ({ page }) => {
  await page.goto(`/#/${ID}/3/not-lz-data!!`)
  await expect(page.getByTestId('route-error')).toContainText('cannot be read')
  await expect(page.getByRole('link', { name: 'Back to the scenario library' })).toBeVisible()
})

test('a script file opens as a scenario of its own; a bad file is refused with line and column', async ({
  page,
}) => {
  await page.goto('/#/')
  const input = page.getByTestId('load-script')
  await input.setInputFiles({
    name: 'bad.vms',
    mimeType: 'text/plain',
    buffer: Buffer.from('vm g\nmap 0x1000 zebra\n'),
  })
  await expect(page.getByRole('alert')).toContainText('bad.vms: line 2, column 12')
  await expect(page).toHaveURL(/#\/$/)

  await input.setInputFiles({
    name: 'mine.vms',
    mimeType: 'text/plain',
    buffer: Buffer.from('vm g\nmap 0x1000 0x2000 w\nhost map 0x2000 0x9000\naccess 0x1234 write\n'),
  })
  await expect(page).toHaveURL(/#\/custom\/1\/.+/)
  await expect(page.getByRole('heading', { name: 'Your script', level: 1 })).toBeVisible()
  await expect(status(page)).toHaveText('Step 1 of 6')
  await page.keyboard.press('End')
  await expect(page.getByTestId('outcome')).toHaveText(/reaches 0x9234/)
  // The URL follows a step on the next frame (urlSync): reloading before that reloads step 1.
  await expect(page).toHaveURL(/#\/custom\/6\/.+/)
  await page.reload()
  await expect(status(page)).toHaveText('Step 6 of 6')
  await shot(page, 'custom-script')
})

test('a poke changes the page walk and survives a reload via the URL', async ({ page }) => {
  await page.goto('/#/paging-walk-4level/1')
  await expect(status(page)).toHaveText(/^Step 1 of \d+$/)
  await page.getByRole('button', { name: /^Console/ }).click()
  const term = page.getByTestId('console')
  await expect(term.locator('.xterm-rows')).toContainText('vmscope>')
  await term.click()
  // Point the PTE for 0x7000 (at 0x103038) at frame 0xb000 instead of 0xa000.
  for (const line of ['poke 0x103038 0xb027', 'invlpg 0x7000', 'access 0x7123 read user']) {
    await page.keyboard.type(line)
    await page.keyboard.press('Enter')
  }
  await expect(term.locator('.xterm-rows')).toContainText('PA 0xb123')
  await expect(page.getByTestId('narration-event')).toContainText('0xb123')
  const url = page.url()
  await page.reload()
  await expect(page).toHaveURL(url)
  await expect(page.getByTestId('narration-event')).toContainText('0xb123')
  await shot(page, 'paging-poke')
})

test('Escape gives the keys back: a clicker steps again at once after the console', async ({
  page,
}) => {
  await page.goto(`/#/${ID}/1`)
  await expect(status(page)).toHaveText(/^Step 1 of \d+$/)
  await page.keyboard.press('c')
  const term = page.getByTestId('console')
  await expect(term.locator('.xterm-rows')).toContainText('vmscope>')
  await page.keyboard.type('help')
  // While the terminal has the keys, PageDown is the terminal's.
  await page.keyboard.press('PageDown')
  await expect(status(page)).toHaveText(/^Step 1 of/)
  await page.keyboard.press('Escape')
  await page.keyboard.press('PageDown')
  await expect(status(page)).toHaveText(/^Step 2 of/)
  await page.keyboard.press('ArrowRight')
  await expect(status(page)).toHaveText(/^Step 3 of/)
  await page.keyboard.press('PageUp')
  await expect(status(page)).toHaveText(/^Step 2 of/)
})

test('Copy link puts the link of this exact step on the clipboard', async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write'])
  await page.goto(`/#/${ID}/1`)
  await expect(status(page)).toHaveText(/^Step 1 of \d+$/)
  await page.keyboard.press('ArrowRight')
  await page.keyboard.press('ArrowRight')
  await expect(status(page)).toHaveText(/^Step 3 of/)
  await page.getByRole('button', { name: 'Copy link' }).click()
  await expect(page.getByText('Link copied')).toBeVisible()
  const copied = await page.evaluate(() => navigator.clipboard.readText())
  expect(copied).toMatch(new RegExp(`#/${ID}/3$`))
})
