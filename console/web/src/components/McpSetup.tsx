import { CopyStatus, useClipboard } from './Clipboard';

/** What stands for the token in the configuration until a token with the agent scope has just been created. */
export const TOKEN_PLACEHOLDER = '<a token with the agent scope>';

/** The workspace's MCP endpoint: the console's origin, which forwards /mcp to the platform's MCP server. */
export function mcpEndpoint(): string {
  return `${window.location.origin}/mcp`;
}

/** An MCP client's configuration for the workspace's server, with {@code secret} or the placeholder. */
export function mcpConfiguration(endpoint: string, secret: string | null): string {
  return JSON.stringify(
    {
      mcpServers: {
        'custom-actions': {
          type: 'http',
          url: endpoint,
          headers: { Authorization: `Bearer ${secret ?? TOKEN_PLACEHOLDER}` },
        },
      },
    },
    null,
    2,
  );
}

/**
 * How an AI agent connects to the workspace's MCP server: its endpoint and a client configuration to
 * copy, carrying {@code secret} (a token with the agent scope just created, shown this once) when given.
 */
export function McpSetup({ secret }: { secret: string | null }) {
  const { copied, copy } = useClipboard();
  const endpoint = mcpEndpoint();
  const configuration = mcpConfiguration(endpoint, secret);
  return (
    <section className="card" aria-labelledby="mcp-heading">
      <h2 id="mcp-heading">AI agents (MCP)</h2>
      <p>
        An AI agent's MCP client lists and calls, as tools, the live actions whose “Available to AI agents” switch is on
        (on the action's page), with a token that has the <code>agent</code> scope.
      </p>
      <label htmlFor="mcp-endpoint">MCP endpoint (Streamable HTTP)</label>
      <input
        id="mcp-endpoint"
        type="text"
        readOnly
        value={endpoint}
        className="mono"
        spellCheck={false}
        onFocus={(e) => e.target.select()}
      />
      <label htmlFor="mcp-configuration">MCP client configuration</label>
      <textarea
        id="mcp-configuration"
        readOnly
        rows={11}
        value={configuration}
        spellCheck={false}
        aria-describedby="mcp-configuration-hint"
        onFocus={(e) => e.target.select()}
      />
      <div id="mcp-configuration-hint" className="hint">
        {secret
          ? 'It carries the token just created: keep it as safe as the token.'
          : `Put a token with the agent scope in place of ${TOKEN_PLACEHOLDER}: create one above, and this configuration carries it while its secret is shown.`}
      </div>
      <div className="toolbar" style={{ marginTop: 8 }}>
        <button
          type="button"
          className="secondary"
          onClick={() => copy(configuration)}
          aria-describedby="mcp-configuration-copied"
        >
          Copy configuration
        </button>
      </div>
      <CopyStatus id="mcp-configuration-copied" copied={copied} what="the configuration" />
    </section>
  );
}
