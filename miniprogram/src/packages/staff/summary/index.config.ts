export default definePageConfig({
  navigationBarTitleText: '今日交班',
  enablePullDownRefresh: true,
  backgroundTextStyle: 'dark',
});
