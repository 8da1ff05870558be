import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startCluster } from '../../test/support/cluster';
import { freePort } from '../../test/support/server';
import type { RunningServer } from '../../test/support/server';
import { makeCertificate, requireNginxAndOpenssl, startNginx } from './nginx';
import type { ProxiedRequest, RunningNginx } from './nginx';

/**
 * A deployment in miniature, as docs/deploy.md describes it: 2 nodes of the built server sharing one fresh
 * PostgreSQL database, one Redis key prefix and one TOKEN_SECRET (test/support/cluster.ts), trusting X-Forwarded-For
 * from loopback, behind nginx terminating TLS with a certificate made for this run.
 */
export interface FrontProxy {
  /** `https://127.0.0.1:<port>`: nginx's TLS side. */
  url: string;
  /** `http://127.0.0.1:<port>`: nginx's plain side, which only redirects. */
  httpUrl: string;
  /** The certificate (PEM) nginx serves; Node clients trust it as their only CA. */
  certificate: string;
  nodes: RunningServer[];
  /** Every request nginx has finished, with the node that answered it. */
  requests(): ProxiedRequest[];
  /**
   * Index in `nodes` of the node that answered the request whose request line holds `marker`, once nginx has logged
   * it (it logs after answering); -1 if no node did.
   */
  nodeThatAnswered(marker: string): Promise<number>;
  /** nginx's error log, for failure messages. */
  nginxLog(): string;
  stop(): Promise<void>;
}

export interface FrontProxyOptions {
  /** Served by the nodes at `/` (the H5 build); none by default. */
  webRoot?: string;
}

export async function startFrontProxy(options: FrontProxyOptions = {}): Promise<FrontProxy> {
  requireNginxAndOpenssl();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tandem-nginx-'));
  const cleanups: (() => Promise<void>)[] = [async () => fs.rmSync(dir, { recursive: true, force: true })];
  const stop = async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  };
  try {
    const { certificate, key, pem } = makeCertificate(dir);
    // nginx reaches the nodes from loopback: only it may say who the client is.
    const cluster = await startCluster(2, { webRoot: options.webRoot, env: { TRUST_PROXY: 'loopback' } });
    cleanups.push(() => cluster.dispose());
    const nodes = cluster.nodes.filter((node): node is RunningServer => node !== null);
    const [httpPort, httpsPort] = [await freePort(), await freePort()];
    const nginx: RunningNginx = await startNginx(
      dir,
      {
        TANDEM_SERVER_NAME: '127.0.0.1 localhost',
        TANDEM_HTTP_PORT: String(httpPort),
        TANDEM_HTTPS_PORT: String(httpsPort),
        TANDEM_CERTIFICATE: certificate,
        TANDEM_CERTIFICATE_KEY: key,
        TANDEM_NODE_1: `127.0.0.1:${nodes[0]?.port}`,
        TANDEM_NODE_2: `127.0.0.1:${nodes[1]?.port}`,
      },
      httpsPort,
    );
    cleanups.push(() => nginx.stop());
    return {
      url: `https://127.0.0.1:${httpsPort}`,
      httpUrl: `http://127.0.0.1:${httpPort}`,
      certificate: pem,
      nodes,
      requests: nginx.requests,
      nodeThatAnswered: async (marker) => {
        const deadline = Date.now() + 5000;
        let entry = nginx.requests().find((logged) => logged.request.includes(marker));
        while (!entry && Date.now() < deadline) {
          await new Promise((resolve) => setTimeout(resolve, 20));
          entry = nginx.requests().find((logged) => logged.request.includes(marker));
        }
        if (!entry) throw new Error(`nginx logged no request with ${marker} within 5 s`);
        // After a failed attempt nginx lists every node it tried; the last one answered.
        const upstream = entry.upstream.split(', ').pop();
        return nodes.findIndex((node) => upstream === `127.0.0.1:${node.port}`);
      },
      nginxLog: nginx.log,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
