import { useState } from 'react';
import Taro from '@tarojs/taro';
import { View } from '@tarojs/components';
import { NavBar } from '@nutui/nutui-react-taro';
import '@nutui/nutui-react-taro/dist/es/packages/navbar/style/css';
import { HOME_URL, isTabPage } from './shell';
import './NavBack.scss';

/** Back when there is a page to go back to; a page opened directly goes home instead. */
function goBack(): void {
  if (Taro.getCurrentPages().length > 1) void Taro.navigateBack();
  else void Taro.reLaunch({ url: HOME_URL });
}

/**
 * H5 stands in for WeChat's native navigation bar on pages that are not tabs: the page title and a back
 * control (the browser shell has no other way back). Read once: a hidden page must keep its own title.
 */
export function NavBack() {
  const [page] = useState(() => {
    const current = Taro.getCurrentInstance();
    const config = current.page?.config as { navigationBarTitleText?: string } | undefined;
    return { tab: isTabPage(current.router?.path), title: config?.navigationBarTitleText ?? '' };
  });
  if (page.tab) return null;
  return (
    <NavBar
      className="mp-navback"
      back={
        <View id="nav-back" className="mp-navback__back" aria-label="返回" aria-role="button">
          <View className="mp-navback__chevron" />
        </View>
      }
      onBackClick={goBack}
    >
      {page.title}
    </NavBar>
  );
}
