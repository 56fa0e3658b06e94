/** The exit codes every subcommand documents in its --help. */
export const EXIT_CODES_TEXT = `Exit codes:
  0  the channel opens, or nothing wrong was found
  1  the channel is refused, or a cause was found
  2  bad input or usage (one line on standard error names the input)
`;
