import { Module } from '@nestjs/common';
import { NoticesModule } from '../notices/notices.module';
import { TiersModule } from '../tiers/tiers.module';
import { AdminSurveysController } from './admin-surveys.controller';
import { AdminSurveysService } from './admin-surveys.service';
import { EventSurveys } from './event-surveys';
import { FeedbackRequestsJob } from './feedback-requests.job';
import { AdminFollowUpTasksController, StaffFollowUpTasksController } from './follow-up-tasks.controller';
import { FollowUpTasksService } from './follow-up-tasks.service';
import { MemberSurveysController } from './member-surveys.controller';
import { MemberSurveysService } from './member-surveys.service';
import { SurveyAudience } from './survey-audience';
import { SurveyResultsService } from './survey-results.service';
import { SurveysRepository } from './surveys.repository';

/**
 * Surveys (问卷): event feedback after check-in (rating, tags, comment, operators' questions), NPS surveys
 * sent to a segment, results per event, per store and per survey, and the follow-up tasks low ratings open
 * for a store. Events are read through the events module's EventDirectory.
 */
@Module({
  imports: [TiersModule, NoticesModule],
  controllers: [
    MemberSurveysController,
    AdminSurveysController,
    AdminFollowUpTasksController,
    StaffFollowUpTasksController,
  ],
  providers: [
    SurveysRepository,
    EventSurveys,
    SurveyAudience,
    MemberSurveysService,
    AdminSurveysService,
    SurveyResultsService,
    FollowUpTasksService,
    FeedbackRequestsJob,
  ],
})
export class SurveysModule {}
