export default definePageConfig({
  navigationBarTitleText: '储值',
  enablePullDownRefresh: true,
  backgroundTextStyle: 'dark',
});
