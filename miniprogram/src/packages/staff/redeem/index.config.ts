export default definePageConfig({ navigationBarTitleText: '绑定店员' });
