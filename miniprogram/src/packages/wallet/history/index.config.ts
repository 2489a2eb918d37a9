export default definePageConfig({
  navigationBarTitleText: '储值记录',
  enablePullDownRefresh: true,
  backgroundTextStyle: 'dark',
  onReachBottomDistance: 80,
});
