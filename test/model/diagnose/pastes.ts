/** Large pastes shared by the diagnoser's property tests and its benchmark (scripts/bench/diagnose.mjs). */

/** About 1 MB of recognised lines mixed with noise, as a long journal excerpt would be. */
export function denseMegabytePaste(): string {
  const block = [
    'Nov 24 10:01:02 host sshd[1234]: Accepted publickey for alice from 198.51.100.23 port 50522 ssh2',
    'debug1: channel 2: new direct-tcpip [direct-tcpip] (inactive timeout: 0)',
    'channel 2: open failed: administratively prohibited: open failed',
    'some unrelated noise line with words and numbers 1234567890',
  ].join('\n');
  return `${block}\n`.repeat(Math.ceil(1_000_000 / (block.length + 1)));
}

/** About 5 MB of unrelated journal lines with one client failure at the end. */
export function fiveMegabyteJournal(): string {
  const chunk = 'Nov 24 10:00:01 host CRON[1234]: (root) CMD (command -v debian-sa1 > /dev/null)\n';
  return `${chunk.repeat(Math.ceil(5_000_000 / chunk.length))}channel 2: open failed: connect failed: Connection timed out\n`;
}
