import { Text, View } from '@tarojs/components';
import { Button, Empty } from '@nutui/nutui-react-taro';
import '@nutui/nutui-react-taro/dist/es/packages/empty/style/css';
import './StateBlock.scss';

interface StateAction {
  text: string;
  onClick: () => void;
  primary?: boolean;
}

const GLYPHS = { empty: '空', network: '!', error: '!' } as const;

/**
 * NutUI's Empty with our own small drawn mark instead of its default pictures (those load from a
 * third-party CDN): an empty list always offers a next step; errors say what happened and offer 重新加载.
 */
export function StateBlock(props: {
  id?: string;
  status?: 'empty' | 'network' | 'error';
  title: string;
  description?: string;
  actions: StateAction[];
}) {
  const status = props.status ?? 'empty';
  return (
    <View id={props.id} className={`state-block state-block--${status}`}>
      <Empty
        size="small"
        status={status}
        image={
          <View className="state-block__mark" aria-hidden>
            <Text>{GLYPHS[status]}</Text>
          </View>
        }
        title={props.title}
        description={props.description ?? ''}
      >
        {/* Our own buttons: Empty's `actions` is typed as returning a function in 3.0.20. */}
        <View className="state-block__actions">
          {props.actions.map((a) => (
            <Button
              key={a.text}
              type="primary"
              fill={a.primary === false ? 'outline' : 'solid'}
              size="small"
              onClick={a.onClick}
            >
              {a.text}
            </Button>
          ))}
        </View>
      </Empty>
    </View>
  );
}
