import { Text, View } from '@tarojs/components';
import { Tag } from '@nutui/nutui-react-taro';
import type { EventCard } from '@member/shared';
import { eventPhase, feeText, myStatusTag, PHASE_TAGS, seatsText, venueText } from '../../utils/events';
import { cardTimeText } from '../../utils/event-sessions';
import { EventPoster } from './EventPoster';

/** One event in 活动 and 我的活动: thumb, title, time, venue, fee, seats, status tag. */
export function EventCardView({ event, onOpen, now }: { event: EventCard; onOpen: () => void; now: number }) {
  const phase = eventPhase(event, now);
  const tag = PHASE_TAGS[phase];
  const mine = myStatusTag(event.myStatus);
  const open = phase === 'OPEN' || phase === 'FULL' || phase === 'NOT_STARTED';
  return (
    <View className="event-card" aria-role="link" onClick={onOpen}>
      <EventPoster
        className="event-card__thumb"
        shape="thumb"
        src={event.thumbUrl ?? event.coverUrl}
        alt={event.title}
      />
      <View className="event-card__body">
        <Text className="event-card__title">{event.title}</Text>
        <Text className="event-card__line">{cardTimeText(event)}</Text>
        <Text className="event-card__line event-card__venue">{venueText(event)}</Text>
        <View className="event-card__foot">
          <Text className="event-card__fee">{feeText(event)}</Text>
          {open && (
            <Text className={`event-card__seats ${event.seatsLeft <= 0 ? 'event-card__seats--full' : ''}`}>
              {seatsText(event)}
            </Text>
          )}
        </View>
        <View className="event-card__tags">
          <Tag type={tag.tone} plain={tag.tone === 'default'}>
            {tag.text}
          </Tag>
          {mine && <Tag type={mine.tone}>{mine.text}</Tag>}
        </View>
      </View>
    </View>
  );
}
