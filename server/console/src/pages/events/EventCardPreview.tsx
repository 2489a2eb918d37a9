import type { EventPreview } from './event-form';
import './EventCardPreview.css';

/** The event as members see it in 活动 (poster, title, time, place, fee, seats), then its detail lines. */
export function EventCardPreview({ event }: { event: EventPreview }) {
  return (
    <div className="event-phone" data-testid="event-preview">
      <p className="event-phone__title">会员活动</p>
      <div className="event-card">
        <div className="event-card__poster">
          {event.coverUrl ? (
            <img src={event.coverUrl} alt="" data-testid="event-preview-poster" />
          ) : (
            <span className="event-card__no-poster">暂无海报</span>
          )}
          <span className="event-card__state">{event.state}</span>
        </div>
        <div className="event-card__body">
          <span className="event-card__name" title={event.title}>
            {event.title}
          </span>
          <span className="event-card__meta">{event.when}</span>
          <span className="event-card__meta" title={event.place}>
            {event.place}
          </span>
          <span className="event-card__foot">
            <span className="event-card__fee" data-testid="event-preview-fee">
              {event.fee}
            </span>
            <span className="event-card__seats" data-testid="event-preview-seats">
              {event.seats}
            </span>
          </span>
        </div>
      </div>
      <div className="event-phone__detail" data-testid="event-preview-detail">
        <span className="event-phone__detail-title">报名须知</span>
        {event.lines.map((line) => (
          <span key={line} className="event-phone__line">
            {line}
          </span>
        ))}
        {event.description && <span className="event-phone__description">{event.description}</span>}
      </div>
    </div>
  );
}
