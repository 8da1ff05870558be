import net from 'node:net';

export interface FaultProxyOptions {
  /** Where connections are forwarded. */
  targetPort: number;
  targetHost?: string;
  /** Listening address; port 0 (the default) picks a free port. */
  host?: string;
  port?: number;
}

export interface FaultProxy {
  readonly port: number;
  /** `http://host:port`, for clients. */
  readonly url: string;
  /** Client connections open right now. */
  readonly openConnections: number;
  /** Connections accepted since start (refused ones not counted). */
  readonly acceptedConnections: number;
  /** Destroys every open connection at once; with `downMs`, also refuses new ones for that long. */
  cut(downMs?: number): void;
  /** Holds every byte in both directions for `ms` without closing anything: a stalled link. */
  stall(ms: number): void;
  /** Delays every chunk by `ms` in each direction (order kept). 0 turns it off. */
  setDelay(ms: number): void;
  /** Points new connections at another port, e.g. after a server restart. */
  retarget(port: number, host?: string): void;
  close(): Promise<void>;
}

interface Link {
  client: net.Socket;
  upstream: net.Socket;
  pumps: Pump[];
}

/**
 * One direction of a link: queues chunks so delays and stalls keep their order. A clean close (FIN) travels the
 * same way, after the last chunk, as it would on a real network.
 */
class Pump {
  private readonly queue: { chunk: Buffer; readyAt: number }[] = [];
  private timer: NodeJS.Timeout | undefined;
  private ending = false;

  constructor(
    private readonly to: net.Socket,
    private readonly state: { delayMs: number; stalledUntil: number },
  ) {}

  push(chunk: Buffer): void {
    this.queue.push({ chunk, readyAt: Date.now() + this.state.delayMs });
    this.run();
  }

  run(): void {
    if (this.timer) return;
    const now = Date.now();
    if (this.state.stalledUntil > now) {
      this.schedule(this.state.stalledUntil - now);
      return;
    }
    while (this.queue.length > 0) {
      const head = this.queue[0]!;
      if (head.readyAt > now) {
        this.schedule(head.readyAt - now);
        return;
      }
      this.queue.shift();
      if (!this.to.destroyed) this.to.write(head.chunk);
    }
    if (this.ending && !this.to.destroyed) this.to.end();
  }

  /** The sending side closed cleanly: close the receiving side once every queued chunk is through. */
  end(): void {
    this.ending = true;
    this.run();
  }

  stop(): void {
    clearTimeout(this.timer);
    this.queue.length = 0;
  }

  private schedule(ms: number): void {
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.run();
    }, ms);
  }
}

export async function createFaultProxy(options: FaultProxyOptions): Promise<FaultProxy> {
  let target = { port: options.targetPort, host: options.targetHost ?? '127.0.0.1' };
  const state = { delayMs: 0, stalledUntil: 0 };
  let downUntil = 0;
  let accepted = 0;
  const links = new Set<Link>();

  const destroy = (link: Link) => {
    if (!links.delete(link)) return;
    for (const pump of link.pumps) pump.stop();
    link.client.destroy();
    link.upstream.destroy();
  };

  // Half-open sockets: a side that closes cleanly still receives what was on its way to it (see Pump.end).
  const server = net.createServer({ allowHalfOpen: true }, (client) => {
    if (Date.now() < downUntil) {
      client.destroy();
      return;
    }
    accepted += 1;
    client.setNoDelay(true);
    const upstream = net.connect({ port: target.port, host: target.host, allowHalfOpen: true });
    upstream.setNoDelay(true);
    const link: Link = { client, upstream, pumps: [new Pump(upstream, state), new Pump(client, state)] };
    links.add(link);
    const [toUpstream, toClient] = link.pumps as [Pump, Pump];
    client.on('data', (chunk: Buffer) => toUpstream.push(chunk));
    upstream.on('data', (chunk: Buffer) => toClient.push(chunk));
    client.on('end', () => toUpstream.end());
    upstream.on('end', () => toClient.end());
    let cleanlyClosed = 0;
    for (const side of [client, upstream]) {
      side.on('error', () => destroy(link));
      side.on('close', (hadError) => {
        cleanlyClosed += 1;
        if (hadError || cleanlyClosed === 2) destroy(link);
      });
    }
  });

  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const address = server.address() as net.AddressInfo;

  return {
    port: address.port,
    url: `http://${host}:${address.port}`,
    get openConnections() {
      return links.size;
    },
    get acceptedConnections() {
      return accepted;
    },
    cut(downMs = 0) {
      downUntil = Math.max(downUntil, Date.now() + downMs);
      for (const link of [...links]) destroy(link);
    },
    stall(ms) {
      state.stalledUntil = Math.max(state.stalledUntil, Date.now() + ms);
    },
    setDelay(ms) {
      state.delayMs = ms;
    },
    retarget(port, newHost) {
      target = { port, host: newHost ?? target.host };
    },
    close() {
      for (const link of [...links]) destroy(link);
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
