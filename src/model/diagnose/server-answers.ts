/**
 * What server programs other than OpenSSH answer a direct-tcpip channel they will not open, as their
 * profiles (software/) say: the diagnoser names a program by its description, and knows the server
 * is not OpenSSH when the description is one of these.
 */
import { STRERROR } from '../decide.ts';
import { type ReasonCode, reasonText } from '../messages.ts';
import { SERVER_PROFILES } from '../software/index.ts';

/** One answer a server program's profile names for a direct-tcpip channel: its default, its policy's, or an older release's. */
export interface KnownAnswer {
  /** The program's profile id (`server.software`). */
  program: string;
  /** Its profile's kind: a server program, or a gateway in front of the real server. */
  kind: 'server' | 'gateway';
  /** The program, with the releases for an older release's answer. */
  name: string;
  /** SSH_MSG_CHANNEL_OPEN_FAILURE reason code. */
  code: number;
  /** The description (with `numbered`, the text before the channel's number). */
  description: string;
  /** The description ends with the server's number for the channel. */
  numbered: boolean;
  /** What the answer means: the software has no forwarding, or the product's policy refused. */
  cause: 'server-lacks-forwarding' | 'ssh-gateway-policy';
  /** The product's setting that allows forwarding (a policy's answer). */
  setting: string | null;
  /** The default answer of the current release (not a policy's, not an older release's). */
  current: boolean;
  /** The program's "Seen in" page, or null. */
  seenIn: string | null;
}

/**
 * Whether OpenSSH's sshd sends the same answer itself: reason 2 with the strerror() of a failed
 * connect to the target (channels.c). AsyncSSH's default refusal is exactly that, "Connection
 * refused", so it names no program: only its banner does.
 */
function opensshSendsToo(code: number, description: string): boolean {
  return code === 2 && (Object.values(STRERROR) as string[]).includes(description);
}

/** Every non-empty description the server profiles say a program sends (an empty one names no program). */
const PROFILE_ANSWERS: readonly KnownAnswer[] = SERVER_PROFILES.flatMap((p): KnownAnswer[] => {
  const out: KnownAnswer[] = [];
  const base = { program: p.id, kind: p.kind, name: p.name, setting: null, current: false, seenIn: p.seenIn };
  if (p.directTcpip) out.push({ ...base, ...p.directTcpip, numbered: p.directTcpip.numbered === true, current: true });
  const policy = p.policy?.answer === 'refuses' ? p.policy : null;
  if (policy) out.push({ ...base, ...policy, numbered: policy.numbered === true, cause: 'ssh-gateway-policy', setting: policy.setting });
  for (const e of p.earlier ?? []) out.push({ ...base, ...e, name: `${p.name} ${e.releases}`, numbered: e.numbered === true });
  return out.filter((k) => k.description !== '');
});

/** Those that name a program: OpenSSH never sends them. */
const KNOWN_ANSWERS = PROFILE_ANSWERS.filter((k) => !opensshSendsToo(k.code, k.description));

/** Whether a refusal with this reason (OpenSSH's words for it) and description is this answer. */
function isAnswer(k: KnownAnswer, reason: string, desc: string): boolean {
  if (k.code < 1 || k.code > 4 || reasonText(k.code as ReasonCode) !== reason) return false;
  if (desc === k.description) return true;
  return k.numbered && desc.startsWith(k.description) && /^\d{1,10}$/.test(desc.slice(k.description.length));
}

/** The answers a refusal with this reason (OpenSSH's words for it) and description is: none, one program's, or several's. */
export function knownAnswers(reason: string, desc: string): KnownAnswer[] {
  return KNOWN_ANSWERS.filter((k) => isAnswer(k, reason, desc));
}

/**
 * The current default answer of one program (its profile id) that this refusal is, or null; unlike
 * knownAnswers(), also an answer OpenSSH sends too, for when a banner has named the program.
 */
export function programAnswer(program: string, reason: string, desc: string): KnownAnswer | null {
  return PROFILE_ANSWERS.find((k) => k.program === program && k.current && isAnswer(k, reason, desc)) ?? null;
}

/** The one "Seen in" page of the programs whose answer this is, or null (none, or several pages). */
export function knownAnswersPage(reason: string, desc: string): string | null {
  const pages = new Set(knownAnswers(reason, desc).map((k) => k.seenIn));
  return pages.size === 1 ? [...pages][0]! : null;
}

/** A program's name inside a sentence: "A server built on russh" becomes "a server built on russh". */
export function inSentence(name: string): string {
  return name.replace(/^A /, 'a ');
}
