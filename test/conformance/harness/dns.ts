/**
 * A tiny authoritative DNS responder for the scenario's `server.dns.records`. It runs inside the
 * scenario's private network namespace on the nameserver address of the server's resolv.conf, so
 * the real glibc resolver of the real sshd gets real answers: the records, NODATA for a known
 * name without that address family, NXDOMAIN for everything else.
 */
import dgram from 'node:dgram';
import net from 'node:net';

const TYPE_A = 1;
const TYPE_AAAA = 28;

function readName(msg: Buffer, offset: number): { name: string; end: number } {
  const labels: string[] = [];
  let o = offset;
  for (;;) {
    const len = msg[o];
    if (len === undefined) throw new Error('truncated name');
    if (len === 0) return { name: labels.join('.'), end: o + 1 };
    if ((len & 0xc0) !== 0) throw new Error('compressed question name');
    labels.push(msg.subarray(o + 1, o + 1 + len).toString('latin1'));
    o += 1 + len;
  }
}

function ipv6Bytes(addr: string): Buffer {
  const [head = '', tail = ''] = addr.split('::');
  const h = head ? head.split(':') : [];
  const t = addr.includes('::') && tail ? tail.split(':') : [];
  const fill = addr.includes('::') ? 8 - h.length - t.length : 0;
  const groups = [...h, ...Array<string>(fill).fill('0'), ...t];
  const b = Buffer.alloc(16);
  groups.forEach((g, i) => {
    b.writeUInt16BE(parseInt(g, 16), i * 2);
  });
  return b;
}

/** Builds the answer to one query. Exported for tests. */
export function answer(query: Buffer, records: Record<string, string[]>): Buffer | null {
  if (query.length < 12) return null;
  const id = query.readUInt16BE(0);
  const flags = query.readUInt16BE(2);
  const qd = query.readUInt16BE(4);
  if (qd !== 1) return null;
  let q: { name: string; end: number };
  try {
    q = readName(query, 12);
  } catch {
    return null;
  }
  const qtype = query.readUInt16BE(q.end);
  const question = query.subarray(12, q.end + 4);
  const key = Object.keys(records).find((k) => k.toLowerCase() === q.name.toLowerCase());
  const addrs = key === undefined ? null : (records[key] ?? []);
  const wanted = (addrs ?? []).filter((a) => (qtype === TYPE_A ? net.isIPv4(a) : qtype === TYPE_AAAA ? net.isIPv6(a) : false));
  const rcode = addrs === null ? 3 : 0;
  const header = Buffer.alloc(12);
  header.writeUInt16BE(id, 0);
  // QR, opcode copied, AA, RD copied, RA
  header.writeUInt16BE(0x8000 | (flags & 0x7800) | 0x0400 | (flags & 0x0100) | 0x0080 | rcode, 2);
  header.writeUInt16BE(1, 4);
  header.writeUInt16BE(wanted.length, 6);
  const rrs = wanted.map((a) => {
    const rdata = net.isIPv4(a) ? Buffer.from(a.split('.').map(Number)) : ipv6Bytes(a);
    const rr = Buffer.alloc(12);
    rr.writeUInt16BE(0xc00c, 0);
    rr.writeUInt16BE(qtype, 2);
    rr.writeUInt16BE(1, 4);
    rr.writeUInt32BE(60, 6);
    rr.writeUInt16BE(rdata.length, 10);
    return Buffer.concat([rr, rdata]);
  });
  return Buffer.concat([header, question, ...rrs]);
}

/** Starts a responder on address:53 (UDP and TCP is not needed for these small answers). */
export async function startDns(address: string, records: Record<string, string[]>): Promise<{ close: () => void; queries: string[] }> {
  const sock = dgram.createSocket(net.isIPv6(address) ? 'udp6' : 'udp4');
  const queries: string[] = [];
  sock.on('message', (msg, rinfo) => {
    try {
      queries.push(readName(msg, 12).name);
    } catch {
      /* ignore */
    }
    const res = answer(msg, records);
    if (res) sock.send(res, rinfo.port, rinfo.address);
  });
  await new Promise<void>((resolve, reject) => {
    sock.once('error', reject);
    sock.bind(53, address, () => resolve());
  });
  return { close: () => sock.close(), queries };
}
