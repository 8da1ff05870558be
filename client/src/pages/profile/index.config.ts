export default definePageConfig({ navigationBarTitleText: 'Tandem', enablePullDownRefresh: false });
