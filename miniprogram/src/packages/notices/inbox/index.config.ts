export default definePageConfig({
  navigationBarTitleText: '服务通知',
  enablePullDownRefresh: true,
  backgroundTextStyle: 'dark',
});
