/** The mini program names its sessions itself: `wx.request`'s User-Agent does not say WeChat on every platform. */
export const deviceLabel: string | undefined = 'WeChat';
