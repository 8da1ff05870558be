import Taro from '@tarojs/taro';

export const wechatLoginAvailable: boolean = true;

/** A fresh `wx.login` code: each sign-in needs its own (the server refuses one used before). */
export async function wechatLoginCode(): Promise<string> {
  const { code } = await Taro.login({ timeout: 10_000 });
  if (!code) throw new Error('wx.login answered without a code');
  return code;
}
