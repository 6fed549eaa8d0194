import {
  AnswerFollowUpBody,
  AskFollowUpBody,
  CommentBody,
  FollowUp,
  FollowUpList,
  FollowUpParams,
  ReportParams,
  StageReportBody,
  StageReportResult,
  TimelineEntry,
} from '@cipx/contracts';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyPluginCallback } from 'fastify';
import { authorize, requireViewer } from '../identity/index.js';
import type { ReportsThreadService } from './reports-thread.service.js';
import { errors, originOf, security } from './reports.routes.js';

/** `/reports/:id/follow-ups`, `/comments`, `/stage-reports`: what the parties write on a report. */
export function reportsThreadRoutes(thread: ReportsThreadService): FastifyPluginCallback {
  return (instance, _options, done) => {
    const app = instance.withTypeProvider<TypeBoxTypeProvider>();

    app.get(
      '/reports/:id/follow-ups',
      {
        schema: {
          tags: ['reports'],
          summary:
            'Follow-up questions and their answers, oldest first (on the anonymized route the relay answers under a pseudonym)',
          security,
          params: ReportParams,
          response: { 200: FollowUpList, ...errors },
        },
      },
      async (request) => {
        const viewer = requireViewer(request);
        authorize(viewer, { scope: 'reports:read' });
        return thread.listFollowUps(viewer, request.params.id, originOf(request));
      },
    );

    app.post(
      '/reports/:id/follow-ups',
      {
        schema: {
          tags: ['reports'],
          summary:
            'Ask the reporter a question (coordinator and ministry analysts who received the report); goes through the relay on the anonymized route',
          security,
          params: ReportParams,
          body: AskFollowUpBody,
          response: { 201: FollowUp, ...errors },
        },
      },
      async (request, reply) => {
        const viewer = requireViewer(request);
        authorize(viewer, { role: 'analyst', scope: 'reports:write' });
        const followUp = await thread.askFollowUp(
          viewer,
          request.params.id,
          request.body.question,
          originOf(request),
        );
        return reply.code(201).send(followUp);
      },
    );

    app.post(
      '/reports/:id/follow-ups/:followUpId/answer',
      {
        schema: {
          tags: ['reports'],
          summary: 'Answer a follow-up question, once (the originator’s reporters and above)',
          security,
          params: FollowUpParams,
          body: AnswerFollowUpBody,
          response: { 200: FollowUp, ...errors },
        },
      },
      async (request) => {
        const viewer = requireViewer(request);
        authorize(viewer, { role: 'reporter', scope: 'reports:write' });
        return thread.answerFollowUp(
          viewer,
          request.params.id,
          request.params.followUpId,
          request.body.answer,
          originOf(request),
        );
      },
    );

    app.post(
      '/reports/:id/comments',
      {
        schema: {
          tags: ['reports'],
          summary: 'Comment on a report (its originator’s reporters, its recipients’ analysts)',
          security,
          params: ReportParams,
          body: CommentBody,
          response: { 201: TimelineEntry, ...errors },
        },
      },
      async (request, reply) => {
        const viewer = requireViewer(request);
        authorize(viewer, { role: 'reporter', scope: 'reports:write' });
        const entry = await thread.addComment(
          viewer,
          request.params.id,
          request.body.text,
          originOf(request),
        );
        return reply.code(201).send(entry);
      },
    );

    app.post(
      '/reports/:id/stage-reports',
      {
        schema: {
          tags: ['reports'],
          summary:
            'File a stage report (early warning, notification, final …): a timeline entry that meets that stage’s deadlines',
          security,
          params: ReportParams,
          body: StageReportBody,
          response: { 201: StageReportResult, ...errors },
        },
      },
      async (request, reply) => {
        const viewer = requireViewer(request);
        authorize(viewer, { role: 'reporter', scope: 'reports:write' });
        const result = await thread.addStageReport(
          viewer,
          request.params.id,
          request.body.stage,
          request.body.text,
          originOf(request),
        );
        return reply.code(201).send(result);
      },
    );
    done();
  };
}
