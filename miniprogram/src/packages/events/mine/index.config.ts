export default definePageConfig({
  navigationBarTitleText: '我的活动',
  enablePullDownRefresh: true,
  backgroundTextStyle: 'dark',
  onReachBottomDistance: 80,
});
