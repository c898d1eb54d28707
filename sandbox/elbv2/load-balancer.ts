// A real HTTP load balancer on 127.0.0.1 in front of one target group: each request goes to the
// next target the group routes to (its instance's port on this machine), and the answers a client
// gets when there is none or it fails are ALB's own: 503 when no target can take the request, 502
// when the target refuses the connection, resets it or answers nothing, 504 when it sends nothing
// for the idle timeout. Every request is counted as ALB counts it for CloudWatch.

import { randomBytes } from 'node:crypto';
import {
  Agent,
  type IncomingMessage,
  type OutgoingHttpHeaders,
  type Server,
  type ServerResponse,
  createServer,
  request,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import type { SandboxClock } from '../clock.js';
import { type CountMetric, MetricCounts } from './metrics.js';
import type { TargetGroup } from './target-group.js';

const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'transfer-encoding',
  'te',
  'trailer',
  'upgrade',
]);

const STATUS_TEXT: Readonly<Record<number, string>> = {
  502: '502 Bad Gateway',
  503: '503 Service Temporarily Unavailable',
  504: '504 Gateway Time-out',
};

export class LoadBalancer {
  readonly metrics = new MetricCounts();
  #server: Server | undefined;
  #port = 0;
  readonly #agent = new Agent({ keepAlive: true, maxSockets: 256 });

  constructor(
    readonly group: TargetGroup,
    private readonly clock: SandboxClock,
  ) {}

  get port(): number {
    return this.#port;
  }

  get url(): string {
    return `http://127.0.0.1:${this.#port}`;
  }

  async listen(): Promise<void> {
    const server = createServer((req, res) => this.#forward(req, res));
    server.keepAliveTimeout = 5000;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
    this.#server = server;
    this.#port = (server.address() as AddressInfo).port;
  }

  async close(): Promise<void> {
    const server = this.#server;
    this.#server = undefined;
    this.#agent.destroy();
    if (!server) return;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeAllConnections();
    await closed;
  }

  #count(metric: CountMetric): void {
    this.metrics.add(metric, this.clock.now());
  }

  #forward(req: IncomingMessage, res: ServerResponse): void {
    this.#count('RequestCount');
    const target = this.group.route();
    if (!target) {
      this.#elbError(res, 503);
      return;
    }
    let finished = false;
    let end = (): void => undefined;
    const headers: OutgoingHttpHeaders = {};
    for (const [name, value] of Object.entries(req.headers)) {
      if (!HOP_BY_HOP.has(name) && value !== undefined) headers[name] = value;
    }
    const forwardedFor = req.headers['x-forwarded-for'];
    headers['x-forwarded-for'] =
      typeof forwardedFor === 'string' ? `${forwardedFor}, 127.0.0.1` : '127.0.0.1';
    headers['x-forwarded-proto'] = 'http';
    headers['x-forwarded-port'] = String(this.#port);
    headers['x-amzn-trace-id'] =
      `Root=1-${Math.floor(Date.now() / 1000).toString(16)}-${randomBytes(12).toString('hex')}`;
    const upstream = request({
      host: '127.0.0.1',
      port: target.instance.appPort,
      method: req.method,
      path: req.url,
      headers,
      agent: this.#agent,
    });
    const fail = (status: 502 | 504): void => {
      if (finished) return;
      finished = true;
      end();
      upstream.destroy();
      if (res.headersSent) res.destroy();
      else this.#elbError(res, status);
    };
    // When a draining target's delay ends, what is still in flight to it is cut.
    end = target.begin(() => fail(502));
    // The idle timeout: a target that sends nothing for this long gets the client a 504.
    upstream.setTimeout(this.group.idleTimeoutSeconds * 1000, () => fail(504));
    upstream.on('error', () => fail(502));
    upstream.on('response', (answer) => {
      const status = answer.statusCode ?? 502;
      this.#count(targetMetric(status));
      const out: OutgoingHttpHeaders = {};
      for (const [name, value] of Object.entries(answer.headers)) {
        if (!HOP_BY_HOP.has(name) && value !== undefined) out[name] = value;
      }
      res.writeHead(status, out);
      answer.pipe(res);
      answer.on('end', () => {
        finished = true;
        end();
      });
      answer.on('error', () => fail(502));
    });
    req.pipe(upstream);
    res.on('close', () => {
      if (!finished) {
        // The client went away: the request to the target ends with it.
        finished = true;
        end();
        upstream.destroy();
      }
    });
  }

  #elbError(res: ServerResponse, status: 502 | 503 | 504): void {
    this.#count('HTTPCode_ELB_5XX_Count');
    this.#count(`HTTPCode_ELB_${status}_Count`);
    const title = STATUS_TEXT[status] ?? String(status);
    const body = `<html>\r\n<head><title>${title}</title></head>\r\n<body>\r\n<center><h1>${title}</h1></center>\r\n</body>\r\n</html>\r\n`;
    res.writeHead(status, {
      server: 'awselb/2.0',
      'content-type': 'text/html',
      'content-length': String(Buffer.byteLength(body)),
    });
    res.end(body);
  }
}

function targetMetric(status: number): CountMetric {
  if (status >= 500) return 'HTTPCode_Target_5XX_Count';
  if (status >= 400) return 'HTTPCode_Target_4XX_Count';
  if (status >= 300) return 'HTTPCode_Target_3XX_Count';
  return 'HTTPCode_Target_2XX_Count';
}
