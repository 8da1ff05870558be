/**
 * The simulated phone's name resolution: `{ 'localhost:3000': '127.0.0.1:54321' }` sends traffic for the server
 * address baked into the build (TARO_APP_SERVER_URL) to the test server, like a hosts file, so the bundle runs
 * unmodified. Unlisted hosts are contacted as written.
 */
export type Hosts = Record<string, string>;

export function routeUrl(url: string, hosts: Hosts): string {
  const match = /^(\w+:\/\/)([^/?#]+)(.*)$/.exec(url);
  if (!match) return url;
  const [, scheme, host, rest] = match;
  const target = hosts[host!];
  return target ? `${scheme}${target}${rest}` : url;
}
