// Only the NutUI components we use: the full stylesheet would add ≈230 KB to the weapp main package.
import '@nutui/nutui-react-taro/dist/es/packages/button/style/css';
import '@nutui/nutui-react-taro/dist/es/packages/cell/style/css';
import '@nutui/nutui-react-taro/dist/es/packages/cellgroup/style/css';
import '@nutui/nutui-react-taro/dist/es/packages/datepicker/style/css';
import '@nutui/nutui-react-taro/dist/es/packages/dialog/style/css';
import '@nutui/nutui-react-taro/dist/es/packages/input/style/css';
import '@nutui/nutui-react-taro/dist/es/packages/loading/style/css';
import '@nutui/nutui-react-taro/dist/es/packages/noticebar/style/css';
import '@nutui/nutui-react-taro/dist/es/packages/picker/style/css';
import '@nutui/nutui-react-taro/dist/es/packages/popup/style/css';
import '@nutui/nutui-react-taro/dist/es/packages/safearea/style/css';
import '@nutui/nutui-react-taro/dist/es/packages/tag/style/css';
import '@nutui/nutui-react-taro/dist/es/packages/switch/style/css';
import '@nutui/nutui-react-taro/dist/es/packages/toast/style/css';
