import { Text, View } from '@tarojs/components';
import { Button, Input } from '@nutui/nutui-react-taro';
import { platform } from '../../platform';
import type { useCodeRedemption } from './use-code-redemption';

/** What CodeEntry reads of useCodeRedemption's state. */
type CodeEntryState = Pick<
  ReturnType<typeof useCodeRedemption>,
  'input' | 'setInput' | 'digits' | 'lookupError' | 'looking' | 'looked' | 'scan' | 'lookup'
>;

export interface CodeEntryProps {
  /** Element ids: `${idPrefix}-scan`, `-code-input`, `-lookup-error`, `-lookup`. */
  idPrefix: string;
  title: string;
  subtitle: string;
  /** 扫描券码, 扫描自提码 … */
  scanText: string;
  /** 券码, 自提码 … */
  label: string;
  length: number;
  /** Room for the separators people type (spaces, dashes) on top of `length` digits. */
  slack: number;
  /** The line under the field while there is no error: progress, or where the code is found. */
  tip: string;
  redemption: CodeEntryState;
}

/** The top of a staff page that redeems by code: the store and the task, scan, or type the code and look it up. */
export function CodeEntry({ redemption: r, ...p }: CodeEntryProps) {
  // Something is looked up: the scan button steps aside and the button looks up another code.
  const showing = r.looked !== null;
  return (
    <>
      <View className="staff__banner">
        <Text className="staff__banner-title">{p.title}</Text>
        <Text className="staff__banner-sub">{p.subtitle}</Text>
      </View>

      {!showing && (
        <View className="staff__scan">
          <Button id={`${p.idPrefix}-scan`} type="primary" size="large" block onClick={() => void r.scan()}>
            {p.scanText}
          </Button>
          {platform.kind === 'h5' && <Text className="staff__tip">浏览器演示不支持摄像头扫码，请手动输入</Text>}
        </View>
      )}

      <View className="staff__form">
        <Text className="staff__label">{p.label}</Text>
        <Input
          id={`${p.idPrefix}-code-input`}
          className="staff__input"
          type={platform.kind === 'weapp' ? 'number' : 'text'}
          maxLength={p.length + p.slack}
          placeholder={`${p.length} 位数字`}
          value={r.input}
          onChange={r.setInput}
          clearable
        />
        {r.lookupError ? (
          <Text id={`${p.idPrefix}-lookup-error`} className="staff__error">
            {r.lookupError}
          </Text>
        ) : (
          <Text className="staff__tip">{p.tip}</Text>
        )}
        <Button
          id={`${p.idPrefix}-lookup`}
          block
          type={showing ? 'default' : 'primary'}
          loading={r.looking}
          disabled={r.digits.length !== p.length}
          onClick={() => void r.lookup(r.input)}
        >
          {showing ? `查询其他${p.label}` : '查询'}
        </Button>
      </View>
    </>
  );
}
