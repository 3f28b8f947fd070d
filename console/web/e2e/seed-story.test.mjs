// The seed's story in a real browser, by clicks only: an admin signs in, builds the data model, a
// connection, reads a cURL command into a new action (its credentials left out), builds "Get order",
// tests it (a green tick), maps response fields by clicking them, publishes it, makes it available to
// AI agents, binds it to the order number a customer gives; a channel event sent through the
// gateway's API runs it; the run is in the run log and what it brought is on the conversation and
// the Order instance. Then: moving a triggered action to draft lists its trigger (409), archiving the
// attribute it writes and deleting the connection it uses are refused naming it (409), publishing a
// draft with an error says what to fix beside the field, the record lists, a failed test shows its
// error type and a 404 declared as "nothing found" is a success, the operations page shows an admin
// its workspace and an operator the platform, the API tokens page says how an AI agent connects (MCP),
// a revoked token signs the console out, and axe-core finds nothing on any screen.
//
// Started by deploy/system-tests (ConsoleBrowserTest) against the launched platform and a local
// HTTPS stand-in for the shop: CONSOLE_URL, ADMIN_TOKEN (a fresh workspace's), OPERATOR_TOKEN (the
// platform's bootstrap token, scope operator), SHOP_ORIGIN,
// GATEWAY_URL, SCREENSHOTS (a folder for one PNG per main screen).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { launch } from './browser.mjs';

const env = (name) => {
  const value = process.env[name];
  if (!value) {
    throw new Error(`${name} is not set: run this through deploy/system-tests (ConsoleBrowserTest)`);
  }
  return value;
};
const CONSOLE = env('CONSOLE_URL');
const TOKEN = env('ADMIN_TOKEN');
const OPERATOR_TOKEN = env('OPERATOR_TOKEN');
const SHOP = env('SHOP_ORIGIN');
const GATEWAY = env('GATEWAY_URL');
const SCREENSHOTS = env('SCREENSHOTS');
const WAIT = { timeout: 30_000 };

let browser;
let page;

before(async () => {
  mkdirSync(SCREENSHOTS, { recursive: true });
  browser = await launch();
  page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  page.setDefaultTimeout(15_000);
});

after(async () => {
  await browser?.close();
});

// axe-core runs on every screen the story shows (each screenshot): every violation, of any impact, is kept
// with the screen it was on, and the story's last step fails if there is one.
const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const violations = [];
async function accessible(screen) {
  await page.evaluate(AXE);
  const found = await page.evaluate(async () =>
    (await window.axe.run(document, { resultTypes: ['violations'] })).violations.map(
      (v) =>
        `${v.id} (${v.impact}): ${v.help}; at ${v.nodes
          .slice(0, 3)
          .map((n) => n.target.join(' '))
          .join(' | ')}`,
    ),
  );
  for (const violation of found) {
    violations.push(`${screen}: ${violation}`);
    console.log(`axe: ${screen}: ${violation}`);
  }
}
const shot = async (name) => {
  await accessible(name);
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
};
const nav = (name) =>
  page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name, exact: true }).click();
const status = (text) => page.getByRole('status').filter({ hasText: text }).first().waitFor(WAIT);

async function signIn(token) {
  await page.goto(CONSOLE);
  await page.getByLabel('API token (admin scope)').fill(token);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Actions', exact: true }).waitFor(WAIT);
}

async function sendEvent(kind, body) {
  const answer = await fetch(`${GATEWAY}/custom_channel_events/${kind}`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ event_id: `evt_${crypto.randomUUID()}`, ...body }),
  });
  const text = await answer.text();
  assert.equal(answer.status, 200, text);
  return JSON.parse(text);
}

test('an admin does the seed story by clicks only', async (t) => {
  const contact = { type: 'user', external_id: `user_${Date.now()}`, name: 'Jane Doe', email: 'jane@example.com' };
  const conversationExternalId = `conv_${Date.now()}`;

  await t.test('signs in with an API token', async () => {
    await page.goto(CONSOLE);
    await shot('sign-in');
    await signIn(TOKEN);
    const stored = await page.evaluate(() => ({ local: JSON.stringify(localStorage), url: location.href }));
    assert.ok(!stored.local.includes(TOKEN), 'the token is not in local storage');
    assert.ok(!stored.url.includes(TOKEN), 'the token is not in the URL');
  });

  await t.test('builds the data model', async () => {
    await nav('Data model');
    await page.getByLabel('Attribute name').fill('order_fulfillment_status');
    await page.getByLabel('Attribute description').fill('Status of the order asked about');
    // Written by the action only: a customer can't forge an order's status through the messenger.
    await page
      .getByLabel('Who may set it')
      .selectOption({ label: "Actions and admins only (a customer can't forge it)" });
    await page.getByRole('button', { name: 'Create attribute' }).click();
    await status('Attribute "order_fulfillment_status" created');
    await page.getByRole('row').filter({ hasText: 'order_fulfillment_status' }).getByText('actions only').waitFor(WAIT);
    await page.getByLabel('Who may set it').selectOption({ label: 'End users (messenger), actions and admins' });
    await page.getByLabel('Attribute name').fill('order_number');
    await page.getByLabel('Attribute description').fill('The order number the customer gave');
    await page.getByRole('button', { name: 'Create attribute' }).click();
    await status('Attribute "order_number" created');

    await page.getByRole('button', { name: 'New object type' }).click();
    await page.getByLabel('Identifier').fill('Order');
    await page.getByLabel('Object attribute 1 name').fill('status');
    await page.getByRole('button', { name: 'Add object attribute' }).click();
    await page.getByLabel('Object attribute 2 name').fill('total_price');
    await page.getByLabel('Object attribute 2 data type').selectOption('decimal');
    await page.getByRole('button', { name: 'Create object type' }).click();
    await page.getByRole('heading', { name: /^Order/ }).waitFor(WAIT);
    await shot('data-model');
  });

  await t.test('creates a connection', async () => {
    await nav('Connections');
    await page.getByRole('button', { name: 'New connection' }).click();
    await page.getByLabel('Connection name').fill('Shop');
    await page.getByLabel('Authentication type').selectOption('bearer');
    await page.getByLabel('Bearer token').fill('shpat_console_secret');
    await page.getByLabel(/^Allowed hosts/).fill('127.0.0.1');
    await page.getByRole('button', { name: 'Save connection' }).click();
    await status('Connection "Shop" saved.');
    assert.equal(await page.getByText('shpat_console_secret').count(), 0, 'the secret is never shown back');
    await shot('connections');
  });

  await t.test('reads a cURL command into a new action, without its credentials, and saves the draft', async () => {
    await nav('Actions');
    await page.getByRole('button', { name: 'Create action' }).click();
    await page.getByText('Import from cURL or OpenAPI', { exact: true }).click();
    await page
      .getByLabel('cURL command')
      .fill(
        `curl -X GET "${SHOP}/admin/api/orders/1001.json?fields=id" -H "Accept: application/json" -H "Authorization: Bearer shpat_x"`,
      );
    await page.getByRole('button', { name: 'Read command' }).click();
    await status('Imported into the draft');
    assert.equal(await page.getByLabel('URL', { exact: true }).inputValue(), `${SHOP}/admin/api/orders/1001.json`);
    assert.equal(await page.getByLabel('Query parameter 1 name', { exact: true }).inputValue(), 'fields');
    assert.equal(await page.getByLabel('Query parameter 1 value', { exact: true }).inputValue(), 'id');
    await page.getByText('The command carried credentials (bearer)').waitFor(WAIT);
    assert.equal(await page.getByLabel('Header 1 name', { exact: true }).inputValue(), 'Accept');
    assert.equal(await page.getByLabel('Header 2 name', { exact: true }).count(), 0, 'the credential is not a header');
    await shot('action-import');
    await page.getByLabel('Name', { exact: true }).fill('Order from cURL');
    await page.getByRole('button', { name: 'Save draft' }).click();
    await page.waitForURL(/\/actions\/[0-9a-f-]{36}$/, WAIT);
    await page.getByRole('heading', { name: /^Order from cURL/ }).waitFor(WAIT);
  });

  await t.test('builds "Get order" with the placeholder picker and saves the draft', async () => {
    await nav('Actions');
    await page.getByRole('button', { name: 'Create action' }).click();
    await page.getByLabel('Name', { exact: true }).fill('Get order');
    // AI agents choose a tool by its description: the live version needs one to be available to them.
    await page
      .getByLabel('Description', { exact: true })
      .fill('Looks an order up in the shop by its number: its fulfillment status and total price');
    await page.getByRole('button', { name: 'Add input' }).click();
    await page.getByLabel('Input name').fill('order_id');
    const url = page.getByLabel('URL', { exact: true });
    await url.fill(`${SHOP}/admin/api/orders/`);
    await page.getByRole('button', { name: 'Insert a placeholder into URL' }).click();
    await page.getByRole('menuitem', { name: 'order_id' }).click();
    await url.press('End');
    await url.pressSequentially('.json');
    assert.equal(await url.inputValue(), `${SHOP}/admin/api/orders/{{order_id}}.json`);
    await page.getByLabel('Connection', { exact: true }).selectOption({ label: 'Shop (bearer; 127.0.0.1)' });
    await page.getByRole('button', { name: 'Save draft' }).click();
    await page.waitForURL(/\/actions\/[0-9a-f-]{36}$/, WAIT);
    await page.getByRole('heading', { name: /^Get order/ }).waitFor(WAIT);
  });

  await t.test('tests it for real: a green tick, then maps two fields by clicking them', async () => {
    await page.getByLabel(/^order_id/).fill('1001');
    await page.getByRole('button', { name: 'Make API call' }).click();
    await status('✔ Success');
    await page.getByRole('button', { name: 'Use $.order.fulfillment_status as an output' }).click();
    await page.getByRole('button', { name: 'Use $.order.total_price as an output' }).click();
    await page.getByRole('button', { name: 'Use $.order.id as an output' }).click();
    assert.equal(await page.locator('#output-0-path').inputValue(), '$.order.fulfillment_status');
    assert.equal(await page.locator('#output-0-name').inputValue(), 'fulfillment_status');
    assert.equal(await page.locator('#output-1-name').inputValue(), 'total_price');
    await page.locator('#output-1-type').selectOption('decimal');
    assert.equal(await page.locator('#output-2-type').inputValue(), 'integer', 'the type is filled in from the value');
    await page.locator('#output-2-name').fill('order_number');
    await page.locator('#output-2-type').selectOption('string');

    await page.getByRole('button', { name: 'Map to conversation attributes' }).click();
    await page.getByRole('button', { name: 'Add attribute', exact: true }).click();
    await page.locator('#mapping-0-0-attribute').selectOption('order_fulfillment_status');
    await page.locator('#mapping-0-0-output').selectOption('fulfillment_status');
    await page.getByRole('button', { name: 'Map to a custom object' }).click();
    await page.getByLabel('Object type').selectOption('Order');
    await page.getByLabel('External id from output').selectOption('order_number');
    await page.getByLabel(/^Order\.status/).selectOption('fulfillment_status');
    await page.getByLabel(/^Order\.total_price/).selectOption('total_price');
    await shot('action-editor');
  });

  await t.test('publishing a draft with an error says what to fix beside the field, then publishes it', async () => {
    const timeout = page.getByLabel('Timeout (ms)');
    await timeout.fill('0');
    await page.getByRole('button', { name: 'Publish' }).click();
    await page.getByRole('alert').filter({ hasText: 'timeout_ms must be between 1 and' }).first().waitFor(WAIT);
    assert.equal(await timeout.getAttribute('aria-invalid'), 'true', 'the field with the error is marked');
    assert.equal(await page.getByText('live · version 1').count(), 0, 'nothing was published');
    await shot('publish-errors');
    await timeout.fill('');
    await page.getByRole('button', { name: 'Publish' }).click();
    await status('Published: this version is live.');
    await page.getByText('live · version 1').waitFor(WAIT);
  });

  await t.test('makes the live "Get order" available to AI agents', async () => {
    await page.getByLabel('Available to AI agents', { exact: true }).click();
    await status('Available to AI agents: its live version is a tool');
    await page.getByRole('checkbox', { name: 'Available to AI agents', checked: true }).waitFor(WAIT);
  });

  await t.test('binds it to the order number the customer gives', async () => {
    await nav('Triggers');
    await page.getByRole('button', { name: 'New trigger' }).click();
    await page.getByLabel('Trigger name').fill('Order number given');
    await page.getByLabel('Action', { exact: true }).selectOption({ label: 'Get order (live)' });
    await page.getByLabel('Attribute collected').check();
    await page.getByLabel('Condition', { exact: true }).selectOption('attribute_id_equals');
    // Picked from the data model: the value field offers its attribute names.
    const offered = await page
      .locator('#condition-choices option')
      .evaluateAll((options) => options.map((o) => o.value));
    assert.ok(offered.includes('order_number'), `the data model's attributes are offered: ${offered}`);
    await page.getByLabel('Condition value').fill('order_number');
    await page.getByRole('button', { name: 'Insert a placeholder into Binding of order_id' }).click();
    await page.getByRole('menuitem', { name: 'event.attribute.value' }).click();
    assert.equal(
      await page.getByRole('textbox', { name: 'Binding of order_id' }).inputValue(),
      '{{event.attribute.value}}',
    );
    await page.getByRole('button', { name: 'Save trigger' }).click();
    await status('Trigger "Order number given" saved: it is live.');
    await page
      .getByRole('row')
      .filter({ hasText: 'Order number given' })
      .getByText('When an attribute is collected and the attribute is order_number')
      .waitFor(WAIT);
    assert.equal(await page.getByText('No attribute is named').count(), 0, 'no warning for a known attribute');
    await shot('triggers');
  });

  let conversationId;
  await t.test('a customer gives the order number: the run is in the run log', async () => {
    const started = await sendEvent('notify_new_conversation', {
      external_conversation_id: conversationExternalId,
      contact,
    });
    conversationId = started.conversation_id;
    await nav('Run log');
    // The trigger takes effect once it reached the executor through Kafka (milliseconds, normally):
    // an event read before that is not matched, so the customer gives the number again until a run shows.
    const row = page
      .getByRole('row')
      .filter({ hasText: 'Get order' })
      .filter({ hasText: 'live' })
      .filter({ hasText: 'success' });
    for (let attempt = 0; attempt < 12 && (await row.count()) === 0; attempt++) {
      await sendEvent('notify_attribute_collected', {
        external_conversation_id: conversationExternalId,
        contact,
        attribute: { id: 'order_number', value: '1001' },
      });
      await row
        .first()
        .waitFor({ timeout: 5_000 })
        .catch(() => page.reload());
    }
    await row.first().waitFor(WAIT);
    await shot('run-log');
    await row.first().getByRole('link', { name: 'Details' }).click();
    await page.getByText('shipped').first().waitFor(WAIT);
    assert.equal(await page.getByText('shpat_console_secret').count(), 0, 'the credential is masked in the run');
    await shot('run-detail');
  });

  await t.test('the stored attribute and the Order instance are on the conversation', async () => {
    await nav('Contacts & objects');
    await page.getByRole('navigation', { name: 'Record lists' }).getByRole('link', { name: 'Order' }).click();
    await page.getByRole('table', { name: 'Order instances' }).getByRole('link', { name: '1001' }).waitFor(WAIT);
    await shot('records-list');
    await page.getByRole('navigation', { name: 'Record lists' }).getByRole('link', { name: 'Conversations' }).click();
    await page.getByLabel('Search', { exact: true }).fill(conversationExternalId);
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await page
      .getByRole('table', { name: 'Conversations' })
      .getByRole('link', { name: conversationExternalId })
      .click();
    const attributes = page.getByRole('table', { name: 'Custom attributes' });
    await attributes.getByText('order_fulfillment_status').waitFor(WAIT);
    await attributes.getByText('shipped').waitFor(WAIT);
    assert.ok(conversationId);
    await page.getByText('1001').first().waitFor(WAIT);
    await page
      .getByRole('table', { name: 'Runs that wrote it' })
      .getByRole('link', { name: 'Get order' })
      .first()
      .waitFor(WAIT);
    await shot('records');
  });

  await t.test('moving the triggered action to draft lists the trigger that runs it', async () => {
    await nav('Actions');
    await page.getByRole('link', { name: 'Get order' }).waitFor(WAIT);
    await shot('actions');
    await page.getByRole('link', { name: 'Get order' }).click();
    await page.getByRole('button', { name: 'Move to draft' }).click();
    const conflict = page.getByRole('alert').filter({ hasText: 'These live triggers run this action' });
    await conflict.waitFor(WAIT);
    await conflict.getByRole('link', { name: 'Order number given' }).waitFor(WAIT);
    assert.equal(await page.getByText('triggers[0]').count(), 0, 'the 409 is said once, not as the raw API line too');
    await shot('move-to-draft-conflict');
  });

  await t.test('archiving the attribute the live action writes is refused, naming the action', async () => {
    await nav('Data model');
    const row = page.getByRole('row').filter({ hasText: 'order_fulfillment_status' });
    await row.getByRole('link', { name: 'Get order' }).waitFor(WAIT);
    await page.getByRole('button', { name: 'Archive order_fulfillment_status' }).click();
    const refusal = page.getByRole('alert').filter({ hasText: `"order_fulfillment_status" can't be archived` });
    await refusal.getByRole('link', { name: 'Get order' }).waitFor(WAIT);
    assert.equal(await page.getByText('actions[0]').count(), 0, 'the 409 is said once, in words');
    await shot('attribute-in-use');
  });

  await t.test('deleting the connection an action uses is refused, naming the action', async () => {
    await nav('Connections');
    const row = page.getByRole('row').filter({ hasText: 'Shop' });
    await row.getByRole('link', { name: 'Get order' }).waitFor(WAIT);
    page.once('dialog', (dialog) => dialog.accept());
    await page.getByRole('button', { name: 'Delete Shop' }).click();
    const refusal = page.getByRole('alert').filter({ hasText: `"Shop" can't be deleted: these actions use it` });
    await refusal.waitFor(WAIT);
    await refusal.getByRole('link', { name: 'Get order' }).waitFor(WAIT);
    assert.equal(await page.getByText('actions[0]').count(), 0, 'the 409 is said once, in words');
    await shot('connection-in-use');
    await refusal.getByRole('link', { name: 'Get order' }).click();
    await page.getByRole('button', { name: 'Move to draft' }).waitFor(WAIT);
  });

  await t.test('a failed test shows its error type', async () => {
    await page.getByLabel(/^order_id/).fill('404');
    await page.getByRole('button', { name: 'Make API call' }).click();
    await status('✘ Failed');
    await page.getByRole('status').filter({ hasText: 'http_error' }).waitFor(WAIT);
    await shot('test-failed');
  });

  await t.test('a 404 declared as "nothing found" is a success that found nothing', async () => {
    await page.getByLabel('Statuses that mean “nothing found”').fill('404');
    await page.getByLabel(/^order_id/).fill('404');
    await page.getByRole('button', { name: 'Make API call' }).click();
    await status('✔ Nothing found');
    await page.getByRole('status').filter({ hasText: 'HTTP 404' }).waitFor(WAIT);
    await shot('test-not-found');
  });

  await t.test('the operations page shows an admin its workspace, and an operator the platform', async () => {
    const workspaceName = (await page.locator('header .workspace').textContent()).trim();
    await nav('Operations');
    await page.getByRole('heading', { name: 'This workspace, last hour' }).waitFor(WAIT);
    await page.getByRole('table', { name: 'Runs by action, last hour' }).getByText('Get order').waitFor(WAIT);
    assert.equal(await page.getByRole('table', { name: 'Service health' }).count(), 0, "the platform is an operator's");
    await shot('operations-workspace');

    await page.getByRole('button', { name: 'Sign out' }).click();
    await signIn(OPERATOR_TOKEN);
    await nav('Operations');
    const health = page.getByRole('table', { name: 'Service health' });
    for (const service of ['definitions', 'gateway', 'executor', 'objects']) {
      await health
        .getByRole('row')
        .filter({ hasText: service })
        .filter({ has: page.getByText('ready', { exact: true }) })
        .first()
        .waitFor(WAIT);
    }
    // Nothing is pending once the story's events are handled: the lag reads 0, not 1 or 2.
    await page
      .locator('.stat')
      .filter({ hasText: 'consumer lag (records)' })
      .getByText('0', { exact: true })
      .waitFor({ timeout: 60_000 });
    const dependencies = page.getByRole('table', { name: 'Kafka and PostgreSQL' });
    for (const dependency of ['Kafka', 'PostgreSQL']) {
      await dependencies
        .getByRole('row')
        .filter({ hasText: dependency })
        .filter({ has: page.getByText('up', { exact: true }) })
        .waitFor(WAIT);
    }
    await shot('operations');

    // The records services could not apply, every workspace's for an operator: filters, list or none.
    await nav('Dead letters');
    await page.getByRole('heading', { name: 'Dead letters', level: 1 }).waitFor(WAIT);
    await page.getByRole('form', { name: 'Dead letter filters' }).waitFor(WAIT);
    await shot('dead-letters');

    // Each workspace's request rate: the operator finds the story's workspace by name, gives it a limit of
    // its own, then puts it back on the default.
    await nav('Quotas');
    await page.getByRole('heading', { name: 'Quotas', level: 1 }).waitFor(WAIT);
    await page.getByLabel('Workspace name contains').fill(workspaceName);
    await page.getByRole('button', { name: 'Apply filters' }).click();
    const limit = page.getByRole('form', { name: `Limit of ${workspaceName}` });
    await limit.getByLabel(`Requests per minute for ${workspaceName}`).fill('50000000');
    await limit.getByRole('button', { name: 'Set limit' }).click();
    await status(`${workspaceName} now has a limit of its own: 50,000,000 requests a minute.`);
    await page.getByText('own limit', { exact: true }).waitFor(WAIT);
    await shot('quotas');
    await limit.getByRole('button', { name: `Use the default for ${workspaceName}…` }).click();
    await page.getByRole('button', { name: 'Yes, use the default' }).click();
    await status(`${workspaceName} is back on the default`);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await signIn(TOKEN);
  });

  await t.test('is readable at a narrow width', async () => {
    await page.setViewportSize({ width: 414, height: 896 });
    await nav('Actions');
    await page.getByRole('link', { name: 'Get order' }).click();
    await page.getByRole('heading', { name: /^Get order/ }).waitFor(WAIT);
    await shot('narrow-action-editor');
    const overflow = await page.evaluate(() => {
      const width = document.documentElement.clientWidth;
      const wide = [...document.querySelectorAll('body *')].filter(
        (el) =>
          el.getBoundingClientRect().right > width + 1 &&
          ![...el.children].some((child) => child.getBoundingClientRect().right > width + 1),
      );
      return {
        by: document.documentElement.scrollWidth - width,
        elements: wide.slice(0, 5).map((el) => `${el.tagName.toLowerCase()}#${el.id}.${el.className}`),
      };
    });
    assert.ok(
      overflow.by <= 0,
      `no horizontal scrolling (${overflow.by} px too wide: ${overflow.elements.join(', ')})`,
    );
    await page.setViewportSize({ width: 1280, height: 800 });
  });

  await t.test('the API tokens page says how an AI agent connects', async () => {
    await nav('API tokens');
    const mcp = page.getByRole('region', { name: 'AI agents (MCP)' });
    assert.equal(await mcp.getByLabel('MCP endpoint').inputValue(), `${new URL(CONSOLE).origin}/mcp`);
    await mcp.getByRole('button', { name: 'Copy configuration' }).waitFor(WAIT);
    await shot('tokens-mcp');
  });

  await t.test('a revoked token signs the console out', async () => {
    await nav('API tokens');
    await page.getByLabel('Token name').fill('Temporary admin');
    await page.getByLabel('admin', { exact: true }).check();
    await page.getByRole('button', { name: 'Create token' }).click();
    const secret = await page.getByLabel('New token (shown once)').inputValue();
    assert.match(secret, /^cat_/);
    await shot('tokens');
    await page.getByRole('button', { name: 'Done, I have copied it' }).click();
    await page.getByRole('button', { name: 'Sign out' }).click();
    await signIn(secret);
    await nav('API tokens');
    await page.getByRole('button', { name: 'Revoke Temporary admin' }).click();
    await page
      .getByRole('group', { name: 'Confirm revoking Temporary admin' })
      .getByRole('button', { name: 'Yes, revoke' })
      .click();
    // Every service refuses it within seconds; the console's next call gets 401 and signs out. Each attempt
    // moves to another page (a link to the page already shown loads nothing), so each one makes a call once
    // the page's cached answer is stale; the sign-out may come in the middle of a click, so a click is tried
    // briefly and the loop looks again.
    const signInField = page.getByLabel('API token (admin scope)');
    for (let attempt = 0; attempt < 60 && (await signInField.count()) === 0; attempt++) {
      await page
        .getByRole('navigation', { name: 'Sections' })
        .getByRole('link', { name: attempt % 2 === 0 ? 'Actions' : 'Connections', exact: true })
        .click({ timeout: 2_000 })
        .catch(() => undefined);
      await signInField.waitFor({ timeout: 1_000 }).catch(() => undefined);
    }
    await page.getByText('You were signed out').waitFor(WAIT);
    await shot('signed-out');
  });

  await t.test('axe-core finds no violation, of any impact, on any screen', () => {
    assert.deepEqual(violations, []);
  });
});
