export default definePageConfig({ navigationBarTitleText: '搜索消息', enablePullDownRefresh: false });
