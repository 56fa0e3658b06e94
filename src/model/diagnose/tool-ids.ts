/** The "Seen in" pages (content/tools/<id>.mdx at /seen-in/<id>/) the diagnoser can name as the tool a paste came from. */
export const TOOL_IDS = [
  'vscode-remote-ssh',
  'putty-winscp',
  'ansible-paramiko',
  'terraform-go',
  'autossh',
  'docker-controlmaster',
  'gateways',
  'windows-openssh',
  'database-guis',
  'libssh-terminals',
  'cloud-access',
] as const;
export type ToolId = (typeof TOOL_IDS)[number];

/** Whether a page id (a profile's `seenIn`) is a "Seen in" page the diagnoser can point at. */
export function isToolId(id: string | null): id is ToolId {
  return id !== null && (TOOL_IDS as readonly string[]).includes(id);
}
