export default definePageConfig({
  navigationBarTitleText: '我的等级',
  enablePullDownRefresh: true,
  backgroundTextStyle: 'dark',
});
