export default defineAppConfig({
  pages: ['pages/home/index', 'pages/mall/index', 'pages/card/index', 'pages/mine/index'],
  subPackages: [
    {
      root: 'packages/staff',
      pages: [
        'redeem/index',
        'scan/index',
        'member/index',
        'purchase/index',
        'refund/index',
        'summary/index',
        'coupon/index',
        'pickup/index',
        'checkin/index',
        'followups/index',
      ],
    },
    {
      root: 'packages/points',
      pages: ['history/index', 'tier/index'],
    },
    {
      root: 'packages/privacy',
      pages: ['center/index', 'policy/index', 'delete/index'],
    },
    {
      root: 'packages/coupons',
      pages: ['center/index', 'mine/index', 'detail/index', 'gift/index'],
    },
    {
      root: 'packages/wallet',
      pages: ['index/index', 'result/index', 'history/index'],
    },
    {
      root: 'packages/mall',
      pages: ['detail/index', 'result/index', 'orders/index'],
    },
    {
      root: 'packages/events',
      pages: ['list/index', 'detail/index', 'mine/index', 'feedback/index', 'survey/index'],
    },
    {
      root: 'packages/notices',
      // 服务通知 is the H5 demo's view of the WeChat sandbox's inbox: no such page in the WeChat build.
      pages: ['settings/index', ...(process.env.TARO_ENV === 'h5' ? ['inbox/index'] : [])],
    },
  ],
  window: {
    backgroundTextStyle: 'dark',
    backgroundColor: '#ededed',
    navigationBarBackgroundColor: '#ededed',
    navigationBarTitleText: '会员中心',
    navigationBarTextStyle: 'black',
  },
  tabBar: {
    color: '#7f7f7f',
    selectedColor: '#07c160',
    backgroundColor: '#f7f7f7',
    borderStyle: 'black',
    list: [
      {
        pagePath: 'pages/home/index',
        text: '首页',
        iconPath: 'assets/tab/home.png',
        selectedIconPath: 'assets/tab/home-active.png',
      },
      {
        pagePath: 'pages/mall/index',
        text: '商城',
        iconPath: 'assets/tab/mall.png',
        selectedIconPath: 'assets/tab/mall-active.png',
      },
      {
        pagePath: 'pages/card/index',
        text: '会员码',
        iconPath: 'assets/tab/card.png',
        selectedIconPath: 'assets/tab/card-active.png',
      },
      {
        pagePath: 'pages/mine/index',
        text: '我的',
        iconPath: 'assets/tab/mine.png',
        selectedIconPath: 'assets/tab/mine-active.png',
      },
    ],
  },
});
