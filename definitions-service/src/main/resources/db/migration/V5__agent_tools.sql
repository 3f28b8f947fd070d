-- An action an admin makes available to AI agents: its live version is a tool of the platform's MCP
-- server. Off by default; such an action needs a description (agents choose tools by it).
ALTER TABLE action ADD COLUMN available_to_agents boolean NOT NULL DEFAULT false;
