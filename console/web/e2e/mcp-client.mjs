// A real MCP client, the official TypeScript SDK's, driven by the system tests (AgentToolsTest) one
// command at a time: each line on stdin is a JSON command, each line on stdout its JSON answer.
//   {"op": "connect", "id": "a", "url": "...", "token": "..."}  → {"protocol_version", "server"} or {"error", "status"}
//   {"op": "list", "id": "a"}                                     → {"tools": [...]}
//   {"op": "call", "id": "a", "name": "...", "arguments": {...}, "meta": {...}} → the tool's result
//   {"op": "changes", "id": "a"}                                  → {"count": tools/list_changed heard so far}
//   {"op": "close", "id": "a"}                                    → {}
import { createInterface } from 'node:readline';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { ToolListChangedNotificationSchema } from '@modelcontextprotocol/sdk/types.js';

const clients = new Map();

async function run(command) {
  switch (command.op) {
    case 'connect': {
      const client = new Client({ name: 'system-tests', version: '1.0.0' });
      const state = { client, changes: 0 };
      client.setNotificationHandler(ToolListChangedNotificationSchema, () => {
        state.changes += 1;
      });
      const transport = new StreamableHTTPClientTransport(new URL(command.url), {
        requestInit: { headers: { Authorization: `Bearer ${command.token}` } },
      });
      await client.connect(transport);
      clients.set(command.id, state);
      return { protocol_version: transport.protocolVersion, server: client.getServerVersion() };
    }
    case 'list':
      return await clients.get(command.id).client.listTools();
    case 'call':
      return await clients
        .get(command.id)
        .client.callTool({ name: command.name, arguments: command.arguments, _meta: command.meta });
    case 'changes':
      return { count: clients.get(command.id).changes };
    case 'close':
      await clients.get(command.id)?.client.close();
      clients.delete(command.id);
      return {};
    default:
      throw new Error(`unknown op ${command.op}`);
  }
}

const lines = createInterface({ input: process.stdin });
for await (const line of lines) {
  let answer;
  try {
    answer = await run(JSON.parse(line));
  } catch (error) {
    answer = { error: String(error?.message ?? error), status: error?.code ?? null };
  }
  process.stdout.write(`${JSON.stringify(answer)}\n`);
}
for (const { client } of clients.values()) {
  await client.close();
}
