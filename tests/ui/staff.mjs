// The staff page /admin/driftinformation driven in Debian's chromium with the
// page's real CSP, as a member of staff would use it:
//  - the page loads without a token and without console errors; the token is
//    entered once and kept in sessionStorage only (no cookie, not in the URL);
//  - an incident without a Swedish title is refused: the API's message is
//    shown next to the field, tied to it with aria-describedby and
//    aria-invalid, and focus moves to the summary of errors;
//  - the preview shows the Swedish and English texts as they are typed;
//  - the corrected incident is published, listed, and appears on the public
//    /driftinformation; "Markera som löst" resolves it (PATCH with If-Match):
//    it leaves the public page and the archive shows it as "Löst";
//  - axe-core (WCAG 2.1 AA tags) finds no violation on the page while it
//    shows field errors (a11y.mjs checks the page as it loads).
//
//   ADMIN_TOKEN=... node staff.mjs BASE_URL SERVICE_ID
//
// Exits 1 when a check fails, 2 on a usage or browser error.
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { launchChromium } from './browser.mjs';

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

const [base, serviceId] = process.argv.slice(2);
const token = process.env.ADMIN_TOKEN;
if (!base || !serviceId || !token) {
  console.error('usage: ADMIN_TOKEN=... node staff.mjs BASE_URL SERVICE_ID');
  process.exit(2);
}
const TITLE = 'Inloggningen till Skolval fungerar inte';
const TITLE_EN = 'Logging in to Skolval does not work';

let failed = 0;
function check(ok, what) {
  if (ok) console.log(`ok   ${what}`);
  else { failed++; console.log(`FAIL ${what}`); }
}

// Polls fn (async, truthy when done) until the deadline.
async function until(what, fn, ms = 30000) {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > deadline) { check(false, `${what} (within ${ms / 1000} s)`); return null; }
    await new Promise((r) => setTimeout(r, 250));
  }
}

const pad = (n) => String(n).padStart(2, '0');
function localInput(d) {
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

const browser = await launchChromium();
try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 1000 }, locale: 'sv-SE' });
  const page = await context.newPage();
  const errors = [];
  page.on('console', (m) => { if (m.type() === 'error' && !/status of 400/.test(m.text())) errors.push(m.text()); });
  page.on('pageerror', (e) => errors.push(e.message));
  const requests = [];
  page.on('request', (r) => requests.push(r.url()));

  const resp = await page.goto(new URL('/admin/driftinformation', base).toString(), { waitUntil: 'load' });
  check(resp && resp.status() === 200, 'the page loads without a token (200)');
  await page.waitForSelector(`#tjanster input[value="${serviceId}"]`);
  check(await page.isVisible('#token'), 'the page asks for the token');

  await page.fill('#token', token);
  await page.click('#nyckel-form button[type=submit]');
  const stored = await page.evaluate(() => sessionStorage.getItem('followup-admin-token'));
  check(stored === token, 'the token is kept in sessionStorage');
  check(await page.evaluate(() => document.cookie) === '', 'no cookie is set');
  check(await page.inputValue('#token') === '', 'the token field is emptied');
  check(!(await page.isVisible('#token')), 'the token is asked for once: the field is gone');

  // An incident with a bad field: no Swedish title.
  await page.selectOption('#kind', 'incident');
  await page.selectOption('#state', 'investigating');
  await page.check(`#tjanster input[value="${serviceId}"]`);
  await page.fill('#starts_at', localInput(new Date(Date.now() - 10 * 60000)));
  await page.fill('#body_sv', 'Vi felsöker. Ring Kontaktcenter om det är bråttom.');
  await page.fill('#title_en', TITLE_EN);
  await page.fill('#body_en', 'We are looking into it.');
  await page.click('#publicera');
  await until('the field error next to the Swedish title', () => page.isVisible('#fel-title_sv'));
  const error = await page.textContent('#fel-title_sv');
  check(/must not be empty/.test(error), `the API's message is shown at the field: "${error}"`);
  check(await page.getAttribute('#title_sv', 'aria-invalid') === 'true', 'the field is marked aria-invalid');
  const described = (await page.getAttribute('#title_sv', 'aria-describedby')) || '';
  check(described.split(' ').includes('fel-title_sv'), `the field is described by its error (${described})`);
  check(await page.evaluate(() => document.activeElement.id) === 'fel-summering', 'focus moves to the error summary');
  await page.click('#fel-lista a[href="#title_sv"]');
  check(await page.evaluate(() => document.activeElement.id) === 'title_sv', 'the summary link focuses the field');

  // The preview follows the form.
  await page.fill('#title_sv', TITLE);
  check(await page.textContent('#forhand-sv-rubrik') === TITLE, 'the Swedish preview shows the title');
  check(await page.textContent('#forhand-en-rubrik') === TITLE_EN, 'the English preview shows the English title');
  const meta = await page.textContent('#forhand-sv-meta');
  check(meta.startsWith('Känt fel · Vi undersöker felet'), `the preview says kind and state in Swedish: "${meta}"`);
  check((await page.textContent('#forhand-sv-tjanster')).includes('Skolval'), 'the preview names the service');

  await page.click('#publicera');
  await until('"Publicerat och synligt" after publishing',
              async () => /Publicerat och synligt/.test(await page.textContent('#status')));
  check(!(await page.isVisible('#fel-title_sv')), 'the error is gone after the correction');
  const row = page.locator('#lista-rader tr', { hasText: TITLE });
  check(await row.count() === 1, 'the incident is listed');
  check((await row.textContent()).includes('Skolval'), 'the list shows the service it touches');

  const pub = await context.newPage();
  const onPublic = await until('the incident on /driftinformation', async () => {
    await pub.goto(new URL('/driftinformation', base).toString(), { waitUntil: 'load' });
    return (await pub.content()).includes(TITLE);
  });
  check(!!onPublic, 'the incident is on the public /driftinformation');

  await row.getByRole('button', { name: `Markera som löst: ${TITLE}` }).click();
  await until('"Löst och synligt" after resolving', async () => /Löst och synligt/.test(await page.textContent('#status')));
  check((await page.locator('#lista-rader tr', { hasText: TITLE }).textContent()).includes('Löst'),
        'the list shows it as resolved');
  const gone = await until('the resolved incident to leave /driftinformation', async () => {
    await pub.goto(new URL('/driftinformation', base).toString(), { waitUntil: 'load' });
    return !(await pub.content()).includes(TITLE);
  });
  check(!!gone, 'the resolved incident is no longer on the public /driftinformation');
  await pub.goto(new URL('/driftinformation/historik', base).toString(), { waitUntil: 'load' });
  const archived = await pub.locator('article', { hasText: TITLE }).textContent();
  check(/Löst/.test(archived), 'the archive /driftinformation/historik shows it as "Löst"');

  check(requests.every((u) => !u.includes(token)), 'the token is in no URL the page requested');
  check(errors.length === 0, `no console errors or CSP violations${errors.length ? ': ' + errors.join(' | ') : ''}`);
  await context.close();

  // The page with its field errors shown, checked by axe (CSP bypassed for the injected axe only).
  const axeContext = await browser.newContext({ bypassCSP: true, viewport: { width: 1280, height: 1000 }, locale: 'sv-SE' });
  const p2 = await axeContext.newPage();
  await p2.goto(new URL('/admin/driftinformation', base).toString(), { waitUntil: 'load' });
  await p2.waitForSelector(`#tjanster input[value="${serviceId}"]`);
  await p2.fill('#token', token);
  await p2.click('#nyckel-form button[type=submit]');
  await p2.click('#publicera');
  await until('field errors for an empty form', () => p2.isVisible('#fel-title_sv'));
  await p2.addScriptTag({ content: axeSource });
  const result = await p2.evaluate(async () =>
    // eslint-disable-next-line no-undef
    await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
                              resultTypes: ['violations'] }));
  for (const v of result.violations)
    console.log(`  - ${v.id} [${v.impact}] ${v.help}: ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
  check(result.violations.length === 0, `axe: ${result.violations.length} violations with the field errors shown`);
  await axeContext.close();
} finally {
  await browser.close();
}
process.exit(failed ? 1 : 0);
