// enableShareAppMessage: the page answers WeChat's onShareAppMessage (its forward card carries an invite).
export default definePageConfig({ navigationBarTitleText: 'Tandem', enableShareAppMessage: true });
