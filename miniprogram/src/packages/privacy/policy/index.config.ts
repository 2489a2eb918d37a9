export default definePageConfig({ navigationBarTitleText: '会员隐私政策' });
