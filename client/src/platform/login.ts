/**
 * WeChat's sign-in code (`wx.login`), valid for 5 minutes and exchanged by the server. Only the mini program has
 * one: here (web, tests) it is unavailable and asking for it throws.
 */
export const wechatLoginAvailable: boolean = false;

export async function wechatLoginCode(): Promise<string> {
  throw new Error('wx.login is only available in the WeChat mini program');
}
