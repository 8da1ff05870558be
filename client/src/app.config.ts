export default defineAppConfig({
  // The room list comes first: a signed-in user lands there; otherwise it sends them to sign-in.
  pages: ['pages/rooms/index', 'pages/signin/index', 'pages/chat/index'],
  window: {
    backgroundTextStyle: 'light',
    backgroundColor: '#f5f6f8',
    navigationBarBackgroundColor: '#ffffff',
    navigationBarTitleText: 'Tandem',
    navigationBarTextStyle: 'black',
  },
});
