/**
 * Parsers never throw on user text: they return a result plus diagnostics (the jsonc-parser rule).
 */
export type Severity = 'error' | 'warning' | 'info';

export interface Diagnostic {
  /** 1-based line in the text that was parsed. */
  line: number;
  /** 1-based column of the first offending character. */
  column: number;
  /** Length of the offending span, in characters (0 when it points between characters). */
  length: number;
  /** Stable machine-readable code, e.g. `sshd.unknown-keyword`. */
  code: string;
  /** One sentence a user understands, naming what is wrong and, where possible, what to write. */
  message: string;
  severity: Severity;
}

export interface ParseResult<T> {
  value: T;
  diagnostics: Diagnostic[];
}

export function diag(line: number, column: number, length: number, code: string, message: string, severity: Severity = 'error'): Diagnostic {
  return { line, column, length, code, message, severity };
}
