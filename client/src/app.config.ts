// WeChat follows the system's dark mode ("darkmode" with theme.json: its navigation bar and window colours); the
// web follows prefers-color-scheme in CSS alone.
const weappWindow = {
  backgroundTextStyle: '@bgTextStyle',
  backgroundColor: '@bgColor',
  navigationBarBackgroundColor: '@navBgColor',
  navigationBarTitleText: 'Tandem',
  navigationBarTextStyle: '@navTxtStyle',
} as const;
const webWindow = {
  backgroundTextStyle: 'light',
  backgroundColor: '#f5f6f8',
  navigationBarBackgroundColor: '#ffffff',
  navigationBarTitleText: 'Tandem',
  navigationBarTextStyle: 'black',
} as const;

export default defineAppConfig({
  // The room list comes first: a signed-in user lands there; otherwise it sends them to sign-in.
  pages: ['pages/rooms/index', 'pages/signin/index', 'pages/chat/index', 'pages/profile/index', 'pages/search/index'],
  ...(process.env.TARO_ENV === 'weapp'
    ? {
        darkmode: true,
        themeLocation: 'theme.json',
        window: weappWindow,
        // wx.onNeedPrivacyAuthorization works on base libraries before 2023-10-17 only with this (platform/privacy).
        __usePrivacyCheck__: true,
      }
    : // No slide between pages on the web: the room shows at once (and the bench times it without a 300 ms slide).
      { window: webWindow, animation: false }),
});
