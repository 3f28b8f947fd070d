// Intercom's official TypeScript SDK (npm intercom-client), unchanged, pointed at the channel gateway
// by the system tests (QuotaTest): it posts `count` new-conversation events one after the other and
// prints one JSON line: what each call answered, and every HTTP attempt the SDK made (status,
// Retry-After, when), seen through the fetch the SDK is given, so a test can see it honour a 429.
//   node e2e/intercom-client.mjs '{"base_url": "...", "token": "...", "count": 5, "prefix": "..."}'
import { IntercomClient } from 'intercom-client';

const { base_url: baseUrl, token, count, prefix } = JSON.parse(process.argv[2]);
const attempts = [];
const started = Date.now();
const observed = async (input, init) => {
  const answer = await fetch(input, init);
  attempts.push({
    event_id: JSON.parse(init.body).event_id,
    status: answer.status,
    retry_after: answer.headers.get('retry-after'),
    limit: answer.headers.get('x-ratelimit-limit'),
    at_ms: Date.now() - started,
  });
  return answer;
};
const client = new IntercomClient({ token, baseUrl, fetch: observed });
const results = [];
for (let i = 0; i < count; i++) {
  const eventId = `${prefix}-${i}`;
  const conversation = `${prefix}-conversation-${i}`;
  try {
    const answer = await client.customChannelEvents.notifyNewConversation({
      event_id: eventId,
      external_conversation_id: conversation,
      contact: { type: 'user', external_id: `${prefix}-contact`, name: 'Quota Test', email: 'quota@example.com' },
    });
    results.push({ event_id: eventId, conversation_id: answer.conversation_id ?? null });
  } catch (e) {
    results.push({ event_id: eventId, error: String(e), status: e.statusCode ?? null });
  }
}
process.stdout.write(`${JSON.stringify({ results, attempts })}\n`);
