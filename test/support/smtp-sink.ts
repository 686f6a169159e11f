import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

/** A message the sink accepted, decoded enough to check what a person would read. */
export interface ReceivedMail {
  messageId: string;
  from: string;
  to: string[];
  subject: string;
  text: string;
}

export interface SmtpSink {
  /** smtp://user:pass@127.0.0.1:port — with the credentials the sink requires. */
  url: string;
  /** Every accepted message, in arrival order. */
  received: ReceivedMail[];
  /** Decides each message before the answer: a string refuses it with "451 <string>" (try later); undefined accepts it. */
  judge?: (mail: ReceivedMail) => string | undefined;
  /** Called right after the "250" to an accepted message was written. */
  accepted?: (mail: ReceivedMail) => void;
  /** How long to wait before answering each message (to make senders overlap). */
  delayMs: number;
  close(): Promise<void>;
}

const USER = 'lienket';
const PASSWORD = 'sink-password';

/** A real SMTP server (the smtp-server package) on a free loopback port, requiring AUTH like a relay would. */
export async function startSmtpSink(): Promise<SmtpSink> {
  const sink: SmtpSink = {
    url: '',
    received: [],
    delayMs: 0,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
  const server = new SMTPServer({
    logger: false,
    // Closing waits this long for clients still connected (a sender's pooled connection).
    closeTimeout: 200,
    // Loopback only: no TLS to negotiate, so AUTH goes in the clear, which the server must allow.
    disabledCommands: ['STARTTLS'],
    allowInsecureAuth: true,
    onAuth(auth, _session, callback) {
      if (auth.username === USER && auth.password === PASSWORD) callback(null, { user: USER });
      else callback(Object.assign(new Error('Invalid credentials'), { responseCode: 535 }));
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const mail = parseMail(Buffer.concat(chunks).toString('latin1'), session.envelope);
        setTimeout(() => {
          const refusal = sink.judge?.(mail);
          if (refusal !== undefined) return callback(Object.assign(new Error(refusal), { responseCode: 451 }));
          sink.received.push(mail);
          callback();
          sink.accepted?.(mail);
        }, sink.delayMs);
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.server.address() as AddressInfo;
  sink.url = `smtp://${USER}:${PASSWORD}@127.0.0.1:${port}`;
  return sink;
}

function parseMail(raw: string, envelope: { mailFrom: false | { address: string }; rcptTo: { address: string }[] }): ReceivedMail {
  const split = raw.indexOf('\r\n\r\n');
  const head = raw.slice(0, split).replace(/\r\n[ \t]+/g, ' ');
  const body = raw.slice(split + 4);
  const header = (name: string) => new RegExp(`^${name}:\\s*(.*)$`, 'im').exec(head)?.[1] ?? '';
  const encoding = header('Content-Transfer-Encoding').toLowerCase();
  const bytes =
    encoding === 'base64'
      ? Buffer.from(body, 'base64')
      : encoding === 'quoted-printable'
        ? qpBytes(body.replace(/=\r\n/g, ''))
        : Buffer.from(body, 'latin1');
  return {
    messageId: header('Message-ID'),
    from: envelope.mailFrom ? envelope.mailFrom.address : '',
    to: envelope.rcptTo.map((r) => r.address),
    subject: decodeWords(header('Subject')),
    text: bytes.toString('utf8').replace(/\r\n/g, '\n'),
  };
}

function qpBytes(text: string): Buffer {
  const out: number[] = [];
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '=' && /^[0-9A-F]{2}$/i.test(text.slice(i + 1, i + 3))) {
      out.push(parseInt(text.slice(i + 1, i + 3), 16));
      i += 2;
    } else out.push(text.charCodeAt(i));
  }
  return Buffer.from(out);
}

/** RFC 2047 encoded words (=?UTF-8?Q?…?= / =?UTF-8?B?…?=); whitespace between two of them is dropped. */
function decodeWords(value: string): string {
  return value
    .replace(/(\?=)\s+(=\?)/g, '$1$2')
    .replace(/=\?utf-8\?([qb])\?([^?]*)\?=/gi, (_, kind: string, data: string) =>
      (kind.toLowerCase() === 'b' ? Buffer.from(data, 'base64') : qpBytes(data.replace(/_/g, ' '))).toString('utf8'),
    );
}
