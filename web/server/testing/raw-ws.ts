/**
 * A WebSocket client on a plain TCP socket, for tests that must control reading: the
 * handshake by hand, masked text frames out, unmasked text frames in (no extensions).
 * `pause()` stops reading from the kernel, which is what a slow browser looks like to
 * the server.
 */
import { randomBytes } from 'node:crypto';
import net from 'node:net';

export interface RawWs {
  socket: net.Socket;
  /** Status line of the handshake answer (e.g. "HTTP/1.1 101 Switching Protocols"). */
  status: string;
  /** Text messages received so far, parsed as JSON. */
  messages: any[];
  send(msg: unknown): void;
  pause(): void;
  resume(): void;
  close(): void;
}

export function rawWs(url: string, path: string): Promise<RawWs> {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(u.port), u.hostname);
    let buf = Buffer.alloc(0);
    let status = '';
    const messages: any[] = [];
    const ws: RawWs = {
      socket,
      status,
      messages,
      send(msg) {
        const payload = Buffer.from(JSON.stringify(msg));
        const mask = randomBytes(4);
        const head = payload.length < 126 ? Buffer.from([0x81, 0x80 | payload.length]) : Buffer.from([0x81, 0x80 | 126, payload.length >> 8, payload.length & 255]);
        const body = Buffer.from(payload.map((b, i) => b ^ mask[i % 4]));
        socket.write(Buffer.concat([head, mask, body]));
      },
      pause: () => socket.pause(),
      resume: () => socket.resume(),
      close: () => socket.destroy(),
    };
    const frames = () => {
      for (;;) {
        if (buf.length < 2) return;
        let len = buf[1] & 127;
        let at = 2;
        if (len === 126) {
          if (buf.length < 4) return;
          len = buf.readUInt16BE(2);
          at = 4;
        } else if (len === 127) {
          if (buf.length < 10) return;
          len = Number(buf.readBigUInt64BE(2));
          at = 10;
        }
        if (buf.length < at + len) return;
        const opcode = buf[0] & 15;
        if (opcode === 1) messages.push(JSON.parse(buf.subarray(at, at + len).toString('utf8')));
        buf = buf.subarray(at + len);
      }
    };
    socket.on('data', (d) => {
      buf = Buffer.concat([buf, d]);
      if (!status) {
        const end = buf.indexOf('\r\n\r\n');
        if (end < 0) return;
        status = buf.subarray(0, buf.indexOf('\r\n')).toString();
        ws.status = status;
        buf = buf.subarray(end + 4);
        resolve(ws);
      }
      if (status.includes(' 101 ')) frames();
    });
    socket.on('error', reject);
    socket.on('connect', () => {
      socket.write(
        `GET ${path} HTTP/1.1\r\nHost: ${u.host}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
          `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}\r\nSec-WebSocket-Version: 13\r\n\r\n`,
      );
    });
  });
}
