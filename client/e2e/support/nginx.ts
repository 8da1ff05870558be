import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import tls from 'node:tls';
import { REPO_ROOT } from './paths';

/**
 * Debian's nginx as an unprivileged-style child process: its own prefix directory (config, pid, logs, temp files)
 * and the committed template deploy/nginx/tandem.conf rendered into it, so the tested config is the documented one.
 */

export const TEMPLATE = path.join(REPO_ROOT, 'deploy', 'nginx', 'tandem.conf');
const NGINX = process.env.NGINX_PATH ?? '/usr/sbin/nginx';
const INSTALL = 'apt-get install -y nginx openssl';

/** Fails (never skips) with how to install what is missing. */
export function requireNginxAndOpenssl(): void {
  if (spawnSync(NGINX, ['-v'], { stdio: 'ignore' }).status !== 0) {
    throw new Error(
      `nginx is missing (${NGINX} does not run). The front-proxy tests need Debian's nginx: ${INSTALL} ` +
        '(.ci/run does it), or set NGINX_PATH.',
    );
  }
  if (spawnSync('openssl', ['version'], { stdio: 'ignore' }).status !== 0) {
    throw new Error(`The openssl command is missing; the front-proxy tests make their certificate with it: ${INSTALL}`);
  }
}

/**
 * A self-signed certificate for 127.0.0.1 and localhost, valid for a day, made with the openssl command: the same
 * OpenSSL nginx links against, and no npm dependency for something a deployment does with certbot instead.
 */
export function makeCertificate(dir: string): { certificate: string; key: string; pem: string } {
  const certificate = path.join(dir, 'cert.pem');
  const key = path.join(dir, 'key.pem');
  const args = ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1'];
  args.push('-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost');
  args.push('-keyout', key, '-out', certificate);
  const result = spawnSync('openssl', args, { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`openssl could not make a certificate:\n${result.stderr}`);
  return { certificate, key, pem: fs.readFileSync(certificate, 'utf8') };
}

/** The template with every `${TANDEM_*}` placeholder filled; a placeholder without a value is an error. */
export function renderTemplate(template: string, values: Record<string, string>): string {
  return template.replace(/\$\{(TANDEM_[A-Z0-9_]+)\}/g, (_match, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`${path.relative(REPO_ROOT, TEMPLATE)} has a new placeholder: ${name}`);
    return value;
  });
}

/** What Debian's /etc/nginx/nginx.conf provides around the template, with every path inside `dir`. */
function mainConfig(dir: string, siteFile: string): string {
  const temp = (name: string) => path.join(dir, name);
  return `worker_processes 1;
pid ${temp('nginx.pid')};
error_log ${temp('error.log')} info;
events { worker_connections 1024; }
http {
  # Which node answered each request: the tests check stickiness with it.
  log_format tandem_test '$status $upstream_addr "$request"';
  access_log ${temp('access.log')} tandem_test;
  client_body_temp_path ${temp('client_body')};
  proxy_temp_path ${temp('proxy')};
  fastcgi_temp_path ${temp('fastcgi')};
  uwsgi_temp_path ${temp('uwsgi')};
  scgi_temp_path ${temp('scgi')};
  include ${siteFile};
}
`;
}

/** One line of the test's access log. */
export interface ProxiedRequest {
  status: number;
  /** `127.0.0.1:<port>` of the node that answered, `-` when none did (the redirect); several when nginx retried. */
  upstream: string;
  /** `GET /path?query HTTP/1.1` */
  request: string;
}

export interface RunningNginx {
  /** error.log so far, for failure messages. */
  log(): string;
  /** Every request nginx has finished, in order (a websocket is logged once it closes). */
  requests(): ProxiedRequest[];
  stop(): Promise<void>;
}

/** Renders the template into `dir`, starts nginx in the foreground and resolves once its TLS port answers. */
export async function startNginx(dir: string, values: Record<string, string>, httpsPort: number) {
  const siteFile = path.join(dir, 'tandem.conf');
  fs.writeFileSync(siteFile, renderTemplate(fs.readFileSync(TEMPLATE, 'utf8'), values));
  const configFile = path.join(dir, 'nginx.conf');
  fs.writeFileSync(configFile, mainConfig(dir, siteFile));
  // Run as root, nginx's workers drop to `nobody`: they must reach the temp directories inside `dir`.
  fs.chmodSync(dir, 0o755);
  const errorLog = path.join(dir, 'error.log');
  const args = ['-p', dir, '-c', configFile, '-e', errorLog, '-g', 'daemon off;'];
  const child = spawn(NGINX, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const log = () => output + (fs.existsSync(errorLog) ? fs.readFileSync(errorLog, 'utf8') : '');
  const requests = () => readAccessLog(path.join(dir, 'access.log'));
  const running: RunningNginx = { log, requests, stop: () => stopProcess(child) };
  const deadline = Date.now() + 10_000;
  while (!(await answersTls(httpsPort))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      await running.stop();
      throw new Error(`nginx did not start (${NGINX} ${args.join(' ')}):\n${log()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return running;
}

function readAccessLog(file: string): ProxiedRequest[] {
  if (!fs.existsSync(file)) return [];
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => {
      const match = /^(\d+) (.+?) "(.*)"$/.exec(line);
      if (!match) throw new Error(`unexpected access log line: ${line}`);
      return { status: Number(match[1]), upstream: match[2] ?? '', request: match[3] ?? '' };
    });
}

function answersTls(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = tls.connect({ host: '127.0.0.1', port, rejectUnauthorized: false }, () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    // SIGTERM is nginx's fast shutdown: open connections are closed, not drained.
    child.kill('SIGTERM');
  });
}
