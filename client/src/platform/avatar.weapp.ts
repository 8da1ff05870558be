import Taro from '@tarojs/taro';

/** The mini program: WeChat's `<button open-type="chooseAvatar">` chooses (see avatar.ts for the web). */
export const avatarPicker: 'file' | 'wechat' = 'wechat';

/** Not used here: the avatar button chooses. */
export function pickAvatarFile(): Promise<ArrayBuffer | null> {
  return Promise.resolve(null);
}

/** Reads the temporary file `chooseAvatar` gave (a `wxfile://` or `http://tmp/` path) into memory. */
export function readChosenAvatar(path: string): Promise<ArrayBuffer> {
  return new Promise((resolve, reject) => {
    Taro.getFileSystemManager().readFile({
      filePath: path,
      success: ({ data }) =>
        typeof data === 'string' ? reject(new Error('readFile answered text, not bytes')) : resolve(data),
      fail: (error) => reject(new Error(error.errMsg)),
    });
  });
}

/** WeChat's nickname input: it offers the user's WeChat name above the keyboard (content-checked since 2.24.4). */
export const nicknameInputType: 'text' | 'nickname' = 'nickname';
