import { mkdirSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/test-server.js';
import { CHROMIUM_ARGS, findChromium, registerOnPage, WEB_ARTIFACTS as ARTIFACTS, WEB_WAIT_MS as WAIT_MS, type WebPerson } from '../helpers/web-page.js';

const CHROMIUM = findChromium();
const IS_CI = process.env.CI === 'true';
const GROUP = 'Lunch crew';

describe.skipIf(!CHROMIUM && !IS_CI)('web page: replies, forwards, mentions and group read counts', () => {
  let server: TestServer;
  let browser: Browser;
  let base: string;
  const stamp = `${process.pid}${Date.now().toString(36)}`;

  beforeAll(async () => {
    if (!CHROMIUM) throw new Error('chromium is missing: install it with `apt-get install -y chromium` (.ci/run does)');
    mkdirSync(ARTIFACTS, { recursive: true });
    await build({ configFile: 'src/web/vite.config.js', logLevel: 'error' });
    server = await startTestServer();
    base = `http://127.0.0.1:${server.httpPort}/`;
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const bubble = (person: WebPerson, text: string) => person.page.getByTestId('messages').getByTestId('message').filter({ hasText: text });
  const groupLine = (person: WebPerson) => person.page.getByTestId('contacts').locator('li').filter({ hasText: GROUP });

  async function say(person: WebPerson, text: string): Promise<void> {
    await person.page.getByTestId('composer').fill(text);
    await person.page.getByTestId('send').click();
  }

  async function openGroup(person: WebPerson): Promise<void> {
    await groupLine(person).locator('button.contact').click({ timeout: WAIT_MS });
    await person.page.getByTestId('peer-name').filter({ hasText: GROUP }).waitFor({ timeout: WAIT_MS });
  }

  it('replies with a quote, forwards with its origin, highlights a mention for the mentioned member and shows group read counts', async () => {
    const [alice, bob, carol] = await Promise.all([registerOnPage(browser, base, 'Alice', stamp), registerOnPage(browser, base, 'Bob', stamp), registerOnPage(browser, base, 'Carol', stamp)]);
    for (const peer of [bob, carol]) {
      await alice.page.getByTestId('add-contact-input').fill(String(peer.uid));
      await alice.page.getByTestId('add-contact').click();
      await alice.page.getByTestId(`contact-${peer.uid}`).waitFor({ timeout: WAIT_MS });
    }
    // Each adds Alice back, as people do (that opens her chat).
    for (const person of [bob, carol]) {
      await person.page.getByTestId('add-contact-input').fill(String(alice.uid));
      await person.page.getByTestId('add-contact').click();
      await person.page.getByTestId('peer-name').filter({ hasText: /^Alice$/ }).waitFor({ timeout: WAIT_MS });
    }

    // A reply: Bob quotes Alice's question; both see the quoted line above his answer.
    await alice.page.getByTestId(`contact-${bob.uid}`).locator('button.contact').click();
    await say(alice, 'Lunch at noon on the pier?');
    await bob.page.getByTestId(`contact-${alice.uid}`).locator('button.contact').click();
    await bubble(bob, 'Lunch at noon on the pier?').getByTestId('reply').click();
    await bob.page.getByTestId('reply-bar').filter({ hasText: 'Alice: Lunch at noon on the pier?' }).waitFor({ timeout: WAIT_MS });
    await say(bob, 'Yes, see you there');
    await expect(bob.page.getByTestId('reply-bar').count()).resolves.toBe(0);
    for (const person of [alice, bob]) {
      await bubble(person, 'Yes, see you there').getByTestId('quote').filter({ hasText: 'Alice: Lunch at noon on the pier?' }).waitFor({ timeout: WAIT_MS });
    }
    // Only the reply carries a quote.
    await expect(alice.page.getByTestId('messages').getByTestId('quote').count()).resolves.toBe(1);
    await alice.page.screenshot({ path: `${ARTIFACTS}/web-reply.png` });

    // A group of the three; Bob forwards Alice's question into it: the copy names its origin.
    await alice.page.getByTestId('new-group').click();
    await alice.page.getByTestId('group-name').fill(GROUP);
    await alice.page.getByTestId(`pick-${bob.uid}`).check();
    await alice.page.getByTestId(`pick-${carol.uid}`).check();
    await alice.page.getByTestId('create-group').click();
    await alice.page.getByTestId('peer-name').filter({ hasText: GROUP }).waitFor({ timeout: WAIT_MS });
    await say(alice, 'Welcome, crew');
    await groupLine(bob).waitFor({ timeout: WAIT_MS });
    // The first bubble is the question itself; the reply below quotes it.
    await bubble(bob, 'Lunch at noon on the pier?').first().getByTestId('forward').click();
    await bob.page.getByTestId('forward-to').selectOption({ label: GROUP });
    await bubble(alice, 'Lunch at noon on the pier?').filter({ has: alice.page.getByTestId('forwarded') }).waitFor({ timeout: WAIT_MS });
    await expect(bubble(alice, 'Lunch at noon on the pier?').getByTestId('forwarded').textContent()).resolves.toBe('Forwarded from Alice');
    await openGroup(bob);
    await bubble(bob, 'Lunch at noon on the pier?').getByTestId('forwarded').filter({ hasText: 'Forwarded from Alice' }).waitFor({ timeout: WAIT_MS });

    // A mention picked from the members: Carol's line says so, her copy is highlighted, Bob's is not.
    await groupLine(carol).waitFor({ timeout: WAIT_MS });
    await alice.page.getByTestId('composer').fill('Bring the map @Ca');
    await alice.page.getByTestId(`mention-${carol.uid}`).click();
    await expect(alice.page.getByTestId('composer').inputValue()).resolves.toBe('Bring the map @Carol ');
    await alice.page.getByTestId('send').click();
    await bubble(bob, 'Bring the map @Carol').waitFor({ timeout: WAIT_MS });
    await expect(bubble(bob, 'Bring the map @Carol').getAttribute('data-mentioned')).resolves.toBeNull();
    await groupLine(carol).getByText('mentioned you').waitFor({ timeout: WAIT_MS });
    await carol.page.screenshot({ path: `${ARTIFACTS}/web-mentioned-line.png` });
    await openGroup(carol);
    await bubble(carol, 'Bring the map @Carol').and(carol.page.locator('[data-mentioned=true]')).waitFor({ timeout: WAIT_MS });
    await expect(bubble(carol, 'Bring the map @Carol').evaluate((el) => (el as unknown as { className: string }).className)).resolves.toContain('mentioned');
    await carol.page.screenshot({ path: `${ARTIFACTS}/web-mention.png` });
    await expect(groupLine(carol).getByText('mentioned you').count()).resolves.toBe(0);
    // Alice owns the group, so the picker offers her @all, and it marks everyone's copy.
    await alice.page.getByTestId('composer').fill('@al');
    await alice.page.getByTestId('mention-all').click();
    await expect(alice.page.getByTestId('composer').inputValue()).resolves.toBe('@all ');
    await alice.page.getByTestId('composer').fill('@all leaving in five');
    await alice.page.getByTestId('send').click();
    await bubble(bob, 'leaving in five').and(bob.page.locator('[data-mentioned=true]')).waitFor({ timeout: WAIT_MS });
    // Bob is a plain member: no @all for him.
    await bob.page.getByTestId('composer').fill('@al');
    await bob.page.getByTestId(`mention-${alice.uid}`).waitFor({ timeout: WAIT_MS });
    await expect(bob.page.getByTestId('mention-all').count()).resolves.toBe(0);
    await bob.page.getByTestId('composer').fill('');

    // Bob and Carol have read the mention: Alice's history page says so (positions are written coalesced, so reload until they land).
    await expect
      .poll(
        async () => {
          await alice.page.reload();
          await openGroup(alice);
          const count = bubble(alice, 'Bring the map @Carol').getByTestId('read-count');
          await count.waitFor({ timeout: WAIT_MS });
          return count.textContent();
        },
        { timeout: 20_000, interval: 500 },
      )
      .toBe('Read by 2');
    await alice.page.screenshot({ path: `${ARTIFACTS}/web-read-count.png` });
    for (const person of [alice, bob, carol]) await person.context.close();
  }, 90_000);
});
