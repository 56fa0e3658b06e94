/**
 * Parsers never throw on user text: they return a result plus diagnostics (the jsonc-parser rule).
 * Every code a parser or validator can emit is listed here, so a misspelt or new code does not
 * compile until it is added (and the islands, tests and docs can rely on the set being closed).
 */
export type Severity = 'error' | 'warning' | 'info';

/** The parsers that share the capped diagnostic list (src/model/parse/common.ts DiagList). */
export type ParserPrefix = 'command' | 'ssh-config' | 'sshd' | 'keys' | 'hosts' | 'resolv';

/** Codes every parser can emit: input cut at the size cap, the list cut at its cap, a caught bug. */
type SharedCode = `${ParserPrefix}.${'input-truncated' | 'too-many-diagnostics' | 'internal-error'}`;

/** What the client-option handlers (client-options.ts) report; `-o` prefixes command., ~/.ssh/config ssh-config. */
export type ClientOptionCode = 'bad-value' | 'bad-forward' | 'extra-arguments' | 'user-in-forward' | 'leading-zero-address';

/** The ssh command line (parse/command.ts, parse/shell-words.ts). */
type CommandCode =
  | 'command.autossh-bad-port'
  | 'command.autossh-no-monitor'
  | 'command.background'
  | 'command.bad-argument'
  | 'command.bad-destination'
  | 'command.bad-option'
  | 'command.bad-port'
  | 'command.bad-stdio-forward'
  | 'command.empty'
  | 'command.empty-host'
  | 'command.env-in-forward'
  | 'command.extra-commands'
  | 'command.extra-lines'
  | 'command.missing-argument'
  | 'command.no-connect'
  | 'command.no-destination'
  | 'command.no-program'
  | 'command.not-ssh'
  | 'command.option-after-command'
  | 'command.placeholder'
  | 'command.prompt-removed'
  | 'command.protocol-1'
  | 'command.redirection-ignored'
  | 'command.shell-expansion'
  | 'command.unknown-option'
  | 'command.unquoted-glob'
  | 'command.unsupported-option'
  | 'command.unterminated-quote';

/** ~/.ssh/config (parse/ssh-config.ts). */
type SshConfigCode =
  | 'ssh-config.bad-match'
  | 'ssh-config.bad-percent'
  | 'ssh-config.deprecated-keyword'
  | 'ssh-config.empty-pattern'
  | 'ssh-config.host-pattern-case'
  | 'ssh-config.include-not-followed'
  | 'ssh-config.invalid-quotes'
  | 'ssh-config.match-exec'
  | 'ssh-config.missing-value'
  | 'ssh-config.unknown-keyword'
  | 'ssh-config.unsupported-keyword';

/** sshd_config and `sshd -T` (parse/sshd-config.ts). */
type SshdCode =
  | 'sshd.bad-match'
  | 'sshd.bad-value'
  | 'sshd.curly-quotes'
  | 'sshd.deprecated'
  | 'sshd.directive-in-match'
  | 'sshd.duplicate-ignored'
  | 'sshd.ignored'
  | 'sshd.include-not-followed'
  | 'sshd.invalid-quotes'
  | 'sshd.missing-value'
  | 'sshd.negation-only'
  | 'sshd.not-allowed-in-match'
  | 'sshd.unknown-keyword'
  | 'sshd.unsupported';

/** authorized_keys options (parse/authorized-keys.ts). */
type KeysCode =
  | 'keys.bad-from'
  | 'keys.bad-option'
  | 'keys.cert-authority'
  | 'keys.missing-key'
  | 'keys.permitopen-without-forwarding'
  | 'keys.several-lines'
  | 'keys.unknown-key-type'
  | 'keys.unterminated-quote';

/** /etc/hosts and resolv.conf (parse/hosts.ts). */
type HostsCode =
  | 'hosts.invalid-address'
  | 'hosts.no-names'
  | 'resolv.invalid-nameserver'
  | 'resolv.no-nameserver'
  | 'resolv.too-many-nameservers'
  | 'resolv.unknown-line';

/** The server version string (version.ts) and the scenario as a whole (world.ts). */
type OtherCode = 'version.invalid' | 'version.unknown-release' | 'version.unsupported' | 'input.too-long';

/** Every diagnostic code the model emits. */
export type DiagnosticCode =
  | SharedCode
  | `${'command' | 'ssh-config'}.${ClientOptionCode}`
  | CommandCode
  | SshConfigCode
  | SshdCode
  | KeysCode
  | HostsCode
  | OtherCode;

export interface Diagnostic {
  /** 1-based line in the text that was parsed. */
  line: number;
  /** 1-based column of the first offending character. */
  column: number;
  /** Length of the offending span, in characters (0 when it points between characters). */
  length: number;
  /** Stable machine-readable code, e.g. `sshd.unknown-keyword`. */
  code: DiagnosticCode;
  /** One sentence a user understands, naming what is wrong and, where possible, what to write. */
  message: string;
  severity: Severity;
}

export interface ParseResult<T> {
  value: T;
  diagnostics: Diagnostic[];
}

export function diag(line: number, column: number, length: number, code: DiagnosticCode, message: string, severity: Severity = 'error'): Diagnostic {
  return { line, column, length, code, message, severity };
}
