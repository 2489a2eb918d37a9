import { useState } from 'react';
import { Text, View } from '@tarojs/components';
import { Button, Input, Popup, SafeArea } from '@nutui/nutui-react-taro';
import { showSuccess } from '../../components/feedback';
import { errorMessage } from '../../services/api-error';
import { staffApi } from '../../services/api';
import { PIN_LENGTH, pinProblem } from './pin';

/** A manager sets or changes the PIN they approve clerks' bills with (the current one when there is one). */
export function PinSheet(props: { visible: boolean; pinSet: boolean; onDone: () => void; onClose: () => void }) {
  const { visible, pinSet, onDone, onClose } = props;
  const [current, setCurrent] = useState('');
  const [pin, setPin] = useState('');
  const [again, setAgain] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const save = async () => {
    const problem = (pinSet && !/^\d{6}$/.test(current) ? '请输入当前确认密码' : null) ?? pinProblem(pin, again);
    if (problem) return setError(problem);
    setBusy(true);
    setError(null);
    try {
      await staffApi.setPin({ pin, ...(pinSet ? { currentPin: current } : {}) });
      setCurrent('');
      setPin('');
      setAgain('');
      showSuccess('确认密码已保存');
      onDone();
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  const field = (id: string, placeholder: string, value: string, onChange: (v: string) => void) => (
    <Input
      id={id}
      className="staff__input"
      type="password"
      maxLength={PIN_LENGTH}
      placeholder={placeholder}
      value={value}
      onChange={onChange}
    />
  );

  return (
    <Popup visible={visible} position="bottom" round closeable title="店长确认密码" onClose={onClose}>
      <View id="pin-sheet" className="staff__form">
        <Text className="staff__tip">店员收款超出单笔或每小时上限时，由您在店员手机上输入此密码确认</Text>
        {pinSet && field('pin-current', '当前密码', current, setCurrent)}
        {field('pin-new', `新密码（${PIN_LENGTH} 位数字）`, pin, setPin)}
        {field('pin-again', '再次输入新密码', again, setAgain)}
        {error && <Text className="staff__error">{error}</Text>}
        <Button id="pin-save" type="primary" block loading={busy} onClick={() => void save()}>
          保存
        </Button>
        <SafeArea position="bottom" />
      </View>
    </Popup>
  );
}
