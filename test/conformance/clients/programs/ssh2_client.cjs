// Node's ssh2 (mscdex/ssh2) as tunnel-ssh, node-ssh and most Node tools use it: forwardOut for
// -L, forwardIn for -R. Prints the Error's message (what `console.error(err.message)` or an
// unhandled rejection shows first); the reason code is on err.reason, not in the message.
// usage: node ssh2_client.cjs local|remote|auth HOST PORT KEYFILE TARGET_HOST TARGET_PORT
'use strict';
const fs = require('node:fs');
const { Client } = require('ssh2');

const [mode, host, port, keyfile, targetHost, targetPort] = process.argv.slice(2);
const conn = new Client();
const fail = (err) => {
  process.stderr.write(`${err.message}\n`);
  conn.end();
  process.exitCode = 1;
};
conn.on('error', fail);
const done = (err) => {
  if (err) return fail(err);
  console.log('opened');
  conn.end();
};
conn.on('ready', () => {
  if (mode === 'remote') conn.forwardIn(targetHost, Number(targetPort), done);
  else conn.forwardOut('127.0.0.1', 41234, targetHost, Number(targetPort), done);
});
conn.connect({ host, port: Number(port), username: 'root', privateKey: fs.readFileSync(keyfile), readyTimeout: 5000 });
