import type { AsyncOptions } from './callbacks';
import { fail, ok, settle } from './callbacks';
import type { ModuleSystem } from './loader';
import type { Scheduler } from './scheduler';

type PrivacyResolve = (option: { event?: string; buttonId?: string }) => void;
type PrivacyListener = (resolve: PrivacyResolve, info: { referrer: string }) => void;

/** What a `<button open-type="chooseAvatar">` tap does once the privacy gate let it through. */
export type AvatarOutcome = { path: string } | { refused: string };

/**
 * WeChat's privacy gate and the user's avatar choice, as the docs describe them. A privacy-protected component (the
 * chooseAvatar button) waits for consent: until the user agreed, WeChat calls the app's
 * `onNeedPrivacyAuthorization` listener with a `resolve` and holds the component. `{ event: 'agree' }` counts only
 * with the `buttonId` of an `agreePrivacyAuthorization` button the user has tapped; `disagree` makes the component
 * fail. Without a listener WeChat shows its own dialog, which this simulation refuses to guess: it fails loudly.
 * The chosen picture is the bytes the test says the user picks, kept as a temporary file that
 * `getFileSystemManager().readFile` reads.
 */
export class ProfileMedia {
  private listener: PrivacyListener | undefined;
  private consented = false;
  private readonly tappedAgreeButtons = new Set<string>();
  private readonly files = new Map<string, Uint8Array>();
  private picked: Uint8Array | undefined;
  private fileCount = 0;
  /** Every `resolve` answer the app gave, in order (`exposureAuthorization`, `agree`, `disagree`). */
  readonly privacyAnswers: string[] = [];

  constructor(
    private readonly scheduler: Scheduler,
    private readonly realm: ModuleSystem['realm'],
  ) {}

  /** The picture the user picks at the next chooseAvatar (album, camera or its WeChat avatar). */
  userPicks(bytes: Uint8Array): void {
    this.picked = bytes;
  }

  agreeButtonTapped(id: string): void {
    this.tappedAgreeButtons.add(id);
  }

  /** A tap on a chooseAvatar button: through the privacy gate, then the picked picture (or a refusal). */
  chooseAvatar(done: (outcome: AvatarOutcome) => void): void {
    const choose = () => {
      if (!this.picked) return done({ refused: 'chooseAvatar:fail cancel' });
      const path = `http://tmp/avatar-${++this.fileCount}.png`;
      this.files.set(path, this.picked);
      done({ path });
    };
    if (this.consented) return choose();
    if (!this.listener) throw new Error('a privacy-protected component was used without onNeedPrivacyAuthorization');
    let settled = false;
    const resolve: PrivacyResolve = ({ event, buttonId }) => {
      this.privacyAnswers.push(String(event));
      if (settled || event === 'exposureAuthorization') return;
      settled = true;
      if (event === 'agree' && buttonId !== undefined && this.tappedAgreeButtons.has(buttonId)) {
        this.consented = true;
        choose();
      } else {
        done({ refused: 'chooseAvatar:fail privacy permission is not authorized' });
      }
    };
    this.scheduler.deliver(() => this.listener?.(resolve, { referrer: '' }));
  }

  apis() {
    return {
      onNeedPrivacyAuthorization: (listener: PrivacyListener) => {
        this.listener = listener;
      },
      openPrivacyContract: (options: AsyncOptions = {}) => settle(this.scheduler, options, ok('openPrivacyContract')),
      getFileSystemManager: () => ({
        readFile: (options: AsyncOptions & { filePath: string; encoding?: string }) => {
          const bytes = this.files.get(options.filePath);
          if (!bytes) return settle(this.scheduler, options, fail('readFile', `no such file "${options.filePath}"`));
          const data = new this.realm.ArrayBuffer(bytes.length);
          new this.realm.Uint8Array(data).set(bytes);
          settle(this.scheduler, options, ok('readFile', { data }));
        },
      }),
    };
  }
}
