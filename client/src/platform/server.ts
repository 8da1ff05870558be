/** Where the chat server is. The web build is served by the server itself, so it uses its own origin. */
export function getServerUrl(): string {
  return typeof location !== 'undefined' && location.origin ? location.origin : 'http://localhost:3000';
}
