/**
 * Picking an avatar image. The web opens a file picker and reads the chosen file's bytes. The mini program
 * (`avatar.weapp.ts`) uses WeChat's `<button open-type="chooseAvatar">`, whose callback gives a temporary file path
 * that `readChosenAvatar` reads.
 */

/** How the profile page offers the choice: a file picker here, WeChat's avatar button in the mini program. */
export const avatarPicker: 'file' | 'wechat' = 'file';

/** Opens the browser's file picker for one image; its bytes, or null when nothing was chosen. */
export function pickAvatarFile(): Promise<ArrayBuffer | null> {
  return new Promise((resolve) => {
    const input = document.createElement('input');
    input.type = 'file';
    input.accept = 'image/*';
    input.style.display = 'none';
    const done = (bytes: ArrayBuffer | null) => {
      input.remove();
      resolve(bytes);
    };
    input.addEventListener('change', () => {
      const file = input.files?.[0];
      if (!file) return done(null);
      file.arrayBuffer().then(done, (error: unknown) => {
        console.warn('[avatar] the chosen file cannot be read', error);
        done(null);
      });
    });
    input.addEventListener('cancel', () => done(null));
    document.body.appendChild(input);
    input.click();
  });
}

/** The bytes of a file WeChat's avatar button chose; the web never gets such a path. */
export function readChosenAvatar(_path: string): Promise<ArrayBuffer> {
  return Promise.reject(new Error('chooseAvatar is a mini program feature'));
}

/** The name field's type: WeChat's `nickname` input offers the user's WeChat name; the web has a plain one. */
export const nicknameInputType: 'text' | 'nickname' = 'text';
