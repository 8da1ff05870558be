import type { Message } from '@tandem/protocol';
import { publicUser, replyColumns, replyFields, userOf } from '../rows';
import type { MessageState } from '../rows';
import type { AppendResult, NewMessage } from '../types';
import { escapeText, unescapeText } from './text-codec';

/** Sees every batch of appends: how many, and how long its round trip took (ms). */
export type BatchObserver = (calls: number, ms: number) => void;

/** Runs `append_messages` on one batch (escaped items) and resolves with its outcomes, in order. */
export type RunBatch = (items: BatchItem[]) => Promise<Outcome[]>;

export interface BatchItem {
  roomId: string;
  senderId: string;
  clientId: string;
  text: string;
  createdAt: number;
  /** The stored JSON of the quote and of the mentioned ids (../rows.ts `replyColumns`), escaped; null for none. */
  reply: string | null;
  mentions: string | null;
}

/** What `append_messages` answers for one item (see append-function.ts); strings still escaped. */
export type Outcome =
  | { ok: true; created: true; id: string; seq: number }
  | ({ ok: true; created: false } & StoredMessage)
  | { ok: false; code: string; message: string };

interface StoredMessage {
  id: string;
  roomId: string;
  seq: number;
  clientId: string;
  senderId: string;
  senderNickname: string;
  senderAvatarVersion: number | null;
  text: string;
  createdAt: number;
  reply: string | null;
  mentions: string | null;
  /** The message's changes since it was stored (`015_resend_changes`): null for none. */
  editedAt: number | null;
  state: MessageState | null;
  changeSeq: number | null;
}

interface Pending {
  input: NewMessage;
  resolve(result: AppendResult): void;
  reject(error: Error): void;
}

/** A store failure reported by PostgreSQL for one append; handlers turn it into `INTERNAL`. */
export class AppendError extends Error {
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
    this.name = 'AppendError';
  }
}

const escapeOrNull = (text: string | null) => (text === null ? null : escapeText(text));
const unescapeOrNull = (text: string | null) => (text === null ? null : unescapeText(text));

const toItem = (input: NewMessage): BatchItem => {
  const { reply, mentions } = replyColumns(input);
  return {
    roomId: escapeText(input.roomId),
    senderId: escapeText(input.sender.id),
    clientId: escapeText(input.clientId),
    text: escapeText(input.text),
    createdAt: input.createdAt,
    reply: escapeOrNull(reply),
    mentions: escapeOrNull(mentions),
  };
};

function toResult(input: NewMessage, outcome: Outcome): AppendResult {
  if (!outcome.ok) throw new AppendError(outcome.message, outcome.code);
  if (outcome.created) {
    const { roomId, clientId, sender, text, createdAt } = input;
    const { reply, mentions } = replyColumns(input);
    const message: Message = {
      id: outcome.id,
      roomId,
      seq: outcome.seq,
      clientId,
      sender: publicUser(sender),
      text,
      createdAt,
      ...replyFields(reply, mentions),
    };
    return { message, created: true };
  }
  const message: Message = {
    id: unescapeText(outcome.id),
    roomId: unescapeText(outcome.roomId),
    seq: outcome.seq,
    clientId: unescapeText(outcome.clientId),
    sender: userOf(unescapeText(outcome.senderId), unescapeText(outcome.senderNickname), outcome.senderAvatarVersion),
    text: unescapeText(outcome.text),
    createdAt: outcome.createdAt,
    ...replyFields(unescapeOrNull(outcome.reply), unescapeOrNull(outcome.mentions)),
    ...(outcome.editedAt ? { editedAt: outcome.editedAt } : {}),
    ...(outcome.state ? { state: outcome.state } : {}),
    ...(outcome.changeSeq ? { changeSeq: outcome.changeSeq } : {}),
  };
  return { message, created: false };
}

/**
 * Group commit: appends called while no batch is in flight leave together once the current turn of the event loop
 * ends; appends called while one is in flight wait and leave together after it. Each batch is one call of
 * `append_messages`: one round trip, one transaction. A promise resolves only after its batch committed, in call
 * order, so the seqs of one room resolve in increasing order. If the round trip fails (lost connection, timeout),
 * every append of the batch rejects: none is acked, and a resend with the same clientId is idempotent.
 */
export class AppendBatcher {
  private queue: Pending[] = [];
  private inFlight: Promise<void> | undefined;
  private scheduled = false;

  constructor(
    private readonly run: RunBatch,
    private readonly onBatch: BatchObserver = () => undefined,
  ) {}

  append(input: NewMessage): Promise<AppendResult> {
    return new Promise((resolve, reject) => {
      this.queue.push({ input, resolve, reject });
      if (!this.inFlight && !this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  /** Resolves once every append called so far has settled. */
  async drain(): Promise<void> {
    while (this.inFlight || this.queue.length > 0) {
      if (!this.inFlight) this.flush();
      await this.inFlight;
    }
  }

  private flush(): void {
    this.scheduled = false;
    if (this.inFlight || this.queue.length === 0) return;
    const batch = this.queue;
    this.queue = [];
    this.inFlight = this.send(batch).finally(() => {
      this.inFlight = undefined;
      if (this.queue.length > 0) this.flush();
    });
  }

  private async send(batch: Pending[]): Promise<void> {
    const started = performance.now();
    let outcomes: Outcome[];
    try {
      outcomes = await this.run(batch.map((pending) => toItem(pending.input)));
      if (outcomes.length !== batch.length) throw new Error(`append_messages answered ${outcomes.length} outcomes`);
    } catch (error) {
      for (const pending of batch) pending.reject(error instanceof Error ? error : new Error(String(error)));
      return;
    }
    this.onBatch(batch.length, performance.now() - started);
    batch.forEach((pending, index) => {
      try {
        pending.resolve(toResult(pending.input, outcomes[index] as Outcome));
      } catch (error) {
        pending.reject(error as Error);
      }
    });
  }
}
