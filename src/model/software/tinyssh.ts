/**
 * tinysshd (Debian tinysshd 20230101): a minimal server with no forwarding and one session per
 * connection. tinyssh/packet_channel_open.c accepts only "session" channels and refuses every other
 * channel open, a second session included, with reason 1 and this description; a global request
 * such as tcpip-forward (-R) gets SSH2_MSG_UNIMPLEMENTED, which ssh shows only with -v, so a -R
 * fails without a word (recorded: test/conformance/servers/recordings/tinysshd.*.json).
 */
import type { ServerProfile } from './types.ts';

export const tinyssh = {
  id: 'tinyssh',
  name: 'tinysshd',
  kind: 'server',
  seenIn: null,
  directTcpip: { code: 1, description: "only one 'session' channel allowed", cause: 'server-lacks-forwarding' },
  words: { banner: 'tinyssh_', oneSession: "only one 'session' channel allowed" },
} as const satisfies ServerProfile;

/** Where each of its wordings comes from: a recording made here, or a cited source line. */
export const tinysshBacking: readonly string[] = [
  'recorded: tinysshd 20230101-1 (Debian) with ssh 9.2p1',
  'source: janmojzis/tinyssh tinyssh/packet_channel_open.c, tinyssh/main_tinysshd.c',
];
