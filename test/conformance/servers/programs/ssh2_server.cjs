// A server built on Node's ssh2 (npm) `Server`, the way Node projects embed one: public-key login
// against one authorized_keys line, then what the mode says. Every decision and every error the
// library reports goes to stderr, so the recorder keeps them as the server's lines.
//
//   reject-tcpip           a 'tcpip' listener that calls reject() for every direct-tcpip channel
//   no-tcpip               no 'tcpip' listener at all (the library refuses by itself)
//   forward-echo           tcpip-forward accepted; each connection to the bound port comes back as
//                          a forwarded-tcpip channel naming the address and port the client asked
//                          for (the working control)
//   forward-wrong-port     the same, but the channel names the port plus one
//   forward-wrong-address  the same, but the channel names the address the connection arrived
//                          on (127.0.0.1), not the one the client asked for ("localhost", which
//                          ssh -R PORT:… sends, or 0.0.0.0)
//   one-session            the first session channel of a connection is accepted, every later
//                          one is refused with reject()
//   no-session             no 'session' listener at all
//
// usage: node ssh2_server.cjs MODE PORT HOSTKEY AUTHORIZED_KEYS
'use strict';
const fs = require('node:fs');
const net = require('node:net');
const { Server, utils } = require('ssh2');

const [mode, port, hostKeyFile, authorizedFile] = process.argv.slice(2);
const allowed = utils.parseKey(fs.readFileSync(authorizedFile, 'utf8').split('\n')[0]);
const log = (line) => process.stderr.write(`${line}\n`);

function authenticate(ctx) {
  if (ctx.method !== 'publickey') return ctx.reject(['publickey']);
  const same = ctx.key.algo === allowed.type && ctx.key.data.equals(allowed.getPublicSSH());
  if (!same) return ctx.reject(['publickey']);
  if (ctx.signature && allowed.verify(ctx.blob, ctx.signature, ctx.hashAlgo) !== true) return ctx.reject(['publickey']);
  ctx.accept();
}

/** tcpip-forward: listen on the address and port asked for, and open a channel back per connection. */
function remoteForwards(client) {
  client.on('request', (accept, reject, name, info) => {
    if (name !== 'tcpip-forward') {
      if (reject) reject();
      return;
    }
    const host = info.bindAddr === 'localhost' || info.bindAddr === '' ? '127.0.0.1' : info.bindAddr;
    const listener = net.createServer((socket) => {
      const claimAddr = mode === 'forward-wrong-address' ? socket.localAddress : info.bindAddr;
      const claimPort = mode === 'forward-wrong-port' ? info.bindPort + 1 : info.bindPort;
      log(`forwarded-tcpip for ${claimAddr}:${claimPort} (bound ${info.bindAddr}:${info.bindPort})`);
      client.forwardOut(claimAddr, claimPort, socket.remoteAddress, socket.remotePort, (err, channel) => {
        if (err) {
          log(`forwardOut: ${err.message}`);
          socket.destroy();
          return;
        }
        socket.pipe(channel).pipe(socket);
      });
    });
    listener.on('error', (err) => {
      log(`tcpip-forward ${info.bindAddr}:${info.bindPort}: ${err.message}`);
      if (reject) reject();
    });
    listener.listen(info.bindPort, host, () => {
      log(`tcpip-forward ${info.bindAddr}:${info.bindPort}: accepted`);
      if (accept) accept(info.bindPort);
    });
    client.on('close', () => listener.close());
  });
}

function oneSession(client) {
  let sessions = 0;
  client.on('session', (accept, reject) => {
    sessions += 1;
    if (sessions > 1) {
      log(`session channel ${sessions}: reject()`);
      reject();
      return;
    }
    log(`session channel ${sessions}: accepted`);
    const session = accept();
    // No shell behind it: `echo WORDS` prints WORDS and exits 0, anything else (the master's
    // `sleep 60`) is accepted and left running.
    session.on('exec', (acceptExec, _rejectExec, info) => {
      const stream = acceptExec();
      const echo = /^echo (.*)$/.exec(info.command);
      if (!echo) {
        log(`exec ${info.command}: accepted, left running`);
        return;
      }
      log(`exec ${info.command}: accepted`);
      stream.write(`${echo[1]}\n`);
      stream.exit(0);
      stream.end();
    });
  });
}

const server = new Server({ hostKeys: [fs.readFileSync(hostKeyFile)] }, (client) => {
  client.on('authentication', authenticate);
  client.on('error', (err) => log(`client error: ${err.message}`));
  client.on('ready', () => {
    if (mode === 'reject-tcpip') {
      client.on('tcpip', (_accept, reject, info) => {
        log(`direct-tcpip to ${info.destIP}:${info.destPort}: reject()`);
        reject();
      });
    } else if (mode.startsWith('forward-')) {
      remoteForwards(client);
    } else if (mode === 'one-session') {
      oneSession(client);
    }
  });
});
server.listen(Number(port), '127.0.0.1', () => log(`listening on 127.0.0.1:${port} (${mode})`));
