import type { ChatSocket } from '../../platform/socket';

/** What the parts of one connection runtime share: its socket, which connection it is on, and who is signed in. */
export interface Link {
  readonly socket: ChatSocket;
  /** Bumped at every disconnect: work begun on an older connection can tell. */
  generation(): number;
  ownId(): string | null;
}
