export default definePageConfig({
  navigationBarTitleText: '会员活动',
  enablePullDownRefresh: true,
  backgroundTextStyle: 'dark',
  onReachBottomDistance: 80,
});
