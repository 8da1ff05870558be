export default definePageConfig({ navigationBarTitleText: 'Tandem' });
