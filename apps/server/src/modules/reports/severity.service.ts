import type {
  PutSeverityMappingInput,
  PutSeverityRubricInput,
  RateSeverityInput,
  ReportSeverity,
  SeverityFacts,
  SeverityLevel,
  SeverityMapping,
  SeverityRating,
  SeverityRubric,
  SeveritySuggestion,
} from '@cipx/contracts';
import { AppError } from '../../shared/app-error.js';
import type { Clock } from '../../shared/clock.js';
import type { Viewer } from '../../shared/viewer.js';
import { pseudonymousActor, type AuditEventInput, type AuditService } from '../audit/index.js';
import { reporterPseudonym } from './report.js';
import { checkThresholds, DEFAULT_RUBRIC_NOTE, SUGGESTION_LABEL, suggestSeverity } from './rubric.js';
import type { Kysely } from 'kysely';
import type { Database } from '../../platform/db/tables.js';
import {
  createSeverityRepository,
  type MappingRecord,
  type RatingRecord,
  type RubricRecord,
  type SeverityReport,
  type SeverityRepository,
} from './severity.repository.js';
import { checkMapping, currentRating, isCissSignificant, mapToCiss, mayRate, overallOf } from './severity.js';

export type SeverityAudit = Pick<AuditService, 'record' | 'flushSoon'>;

export interface RequestOrigin {
  requestId: string | null;
  ip: string | null;
}

export interface SeverityServiceDeps {
  repository: SeverityRepository;
  clock: Clock;
  audit?: SeverityAudit | undefined;
}

/** The facts a report holds that the rubric reads; the wizard sends the rest to `suggest`. */
export function factsOfReport(report: SeverityReport): SeverityFacts {
  return {
    ...(report.serviceImpact !== null ? { serviceImpact: report.serviceImpact } : {}),
    ...(report.affectedUsersEstimate !== null ? { affectedUsers: report.affectedUsersEstimate } : {}),
    ...(report.affectedPrefectures.length > 0
      ? { prefecturesAffected: report.affectedPrefectures.length }
      : {}),
  };
}

function toRubric(r: RubricRecord): SeverityRubric {
  return {
    version: r.version,
    thresholds: r.thresholds,
    note: r.note,
    active: r.active,
    createdBy: r.createdBy,
    createdAt: r.createdAt.toISOString(),
  };
}

function toMapping(m: MappingRecord): SeverityMapping {
  return {
    version: m.version,
    edition: m.edition,
    entries: [...m.entries].sort((a, b) => a.nisc - b.nisc),
    source: m.source,
    note: m.note,
    active: m.active,
    createdBy: m.createdBy,
    createdAt: m.createdAt.toISOString(),
  };
}

/**
 * A rating as this viewer may see it: the reporter of an anonymized report appears as the
 * relay, without a person, to everyone but the originator and the relay.
 */
function toRating(r: RatingRecord, report: SeverityReport): SeverityRating {
  const masked = r.raterRole === 'reporter' && report.anonymized && !report.viewerKnowsOriginator;
  return {
    id: r.id,
    reportId: r.reportId,
    basis: r.basis,
    rater: {
      organizationId: masked ? report.relayOrgId : r.raterOrgId,
      userId: masked ? null : r.raterUserId,
      role: r.raterRole,
    },
    continuity: r.continuity,
    safety: r.safety,
    trust: r.trust,
    overall: r.overall,
    cissLevel: r.cissLevel,
    cissSignificant: isCissSignificant(r.cissLevel),
    mappingVersion: r.mappingVersion,
    rationale: r.rationale,
    rubricVersion: r.rubricVersion,
    createdAt: r.createdAt.toISOString(),
  };
}

export function createSeverityService(deps: SeverityServiceDeps) {
  const { repository, clock, audit } = deps;
  let defaults: Promise<void> | undefined;

  /** The shipped rubric and mapping become version 1 the first time anything needs them. */
  function ensureDefaults(): Promise<void> {
    defaults ??= repository.insertDefaults(clock.now()).catch((error: unknown) => {
      defaults = undefined;
      throw error;
    });
    return defaults;
  }

  async function activeRubric(): Promise<RubricRecord> {
    await ensureDefaults();
    const rubric = await repository.findActiveRubric();
    if (!rubric) throw new Error('no active severity rubric');
    return rubric;
  }

  async function activeMapping(repo: SeverityRepository = repository): Promise<MappingRecord> {
    await ensureDefaults();
    const mapping = await repo.findActiveMapping();
    if (!mapping) throw new Error('no active severity mapping');
    return mapping;
  }

  function suggestionFrom(
    facts: SeverityFacts,
    rubric: RubricRecord,
    mapping: MappingRecord,
  ): SeveritySuggestion {
    const s = suggestSeverity(facts, rubric.thresholds);
    return {
      rubricVersion: rubric.version,
      label: { ...SUGGESTION_LABEL },
      continuity: s.continuity,
      safety: s.safety,
      trust: s.trust,
      overall: s.overall,
      cissLevel: mapToCiss(s.overall, mapping.entries),
    };
  }

  async function visibleReport(
    viewer: Viewer,
    reportId: string,
    repo: SeverityRepository = repository,
  ): Promise<SeverityReport> {
    const report = await repo.findVisibleReport(viewer, reportId);
    if (!report) throw new AppError('REPORT_NOT_FOUND');
    return report;
  }

  /**
   * Acts of the reporter's side on an anonymized report are recorded under a pseudonym and the
   * relay, so the audit view cannot name the reporter (DESIGN.md §4.1).
   */
  function auditEvent(
    viewer: Viewer,
    report: SeverityReport | null,
    action: string,
    targetIds: string[],
    detail: Record<string, unknown>,
    origin: RequestOrigin | undefined,
  ): AuditEventInput {
    const hideActor =
      report !== null &&
      report.anonymized &&
      report.relayOrgId !== null &&
      viewer.organizationId === report.originatorOrgId;
    return {
      action,
      actor:
        hideActor && report.relayOrgId !== null
          ? pseudonymousActor(report.relayOrgId, reporterPseudonym(report.number))
          : { userId: viewer.userId, organizationId: viewer.organizationId },
      targetType: report !== null ? 'report' : 'severity',
      targetIds,
      detail,
      requestId: origin?.requestId ?? null,
      ip: origin?.ip ?? null,
    };
  }

  /**
   * Records a rating through `repo`: the service's own (a transaction of its own) or one
   * built over a caller's transaction (a report filed in one call), which the rating joins.
   */
  async function rateWith(
    repo: SeverityRepository,
    viewer: Viewer,
    reportId: string,
    input: RateSeverityInput,
    origin: RequestOrigin | undefined,
  ): Promise<SeverityRating> {
    const report = await visibleReport(viewer, reportId, repo);
    const raterRole = mayRate(viewer, { originatorOrgId: report.originatorOrgId }, input.basis);
    if (raterRole === null) throw new AppError('FORBIDDEN');
    const rationale = input.rationale.trim();
    if (rationale === '') {
      throw new AppError('VALIDATION_FAILED', {}, [
        { field: '/body/rationale', code: 'REQUIRED', message: 'a rationale is required' },
      ]);
    }
    // The shipped rubric may not be stored yet: activeMapping() stores both defaults first.
    const mapping = await activeMapping(repo);
    if (input.rubricVersion !== undefined && !(await repo.rubricExists(input.rubricVersion))) {
      throw new AppError('VALIDATION_FAILED', {}, [
        { field: '/body/rubricVersion', code: 'UNKNOWN_VERSION', message: 'no rubric has this version' },
      ]);
    }
    const levels = {
      continuity: input.continuity as SeverityLevel,
      safety: input.safety as SeverityLevel,
      trust: input.trust as SeverityLevel,
    };
    const overall = overallOf(levels);
    const at = clock.now();
    const byOriginator = viewer.organizationId === report.originatorOrgId;
    const rating = await repo.inTransaction(async (q, trx) => {
      await q.lockReport(report.id);
      const saved = await q.insertRating({
        reportId: report.id,
        basis: input.basis,
        raterOrgId: viewer.organizationId,
        raterUserId: viewer.userId,
        raterRole,
        ...levels,
        overall,
        cissLevel: mapToCiss(overall, mapping.entries),
        mappingVersion: mapping.version,
        rationale,
        rubricVersion: input.rubricVersion ?? null,
        createdAt: at,
      });
      const current = currentRating(await q.listRatings(report.id));
      if (current) await q.setReportSeverity(report.id, { overall: current.overall, basis: current.basis });
      const entryId = await q.appendSeverityEntry(report.id, {
        at,
        actorUserId: viewer.userId,
        actorOrgId: viewer.organizationId,
        actorLabel: null,
        byOriginator,
        detail: {
          ratingId: saved.id,
          basis: saved.basis,
          raterRole,
          continuity: saved.continuity,
          safety: saved.safety,
          trust: saved.trust,
          overall: saved.overall,
          cissLevel: saved.cissLevel,
          rationale,
        },
      });
      await audit?.record(
        auditEvent(
          viewer,
          report,
          'severity.rate',
          [report.id, saved.id, entryId],
          {
            basis: saved.basis,
            raterRole,
            overall: saved.overall,
            cissLevel: saved.cissLevel,
          },
          origin,
        ),
        trx,
      );
      return saved;
    });
    return toRating(rating, report);
  }

  return {
    /** CIPX's suggestion for the facts, with the reasons and the CISS level it maps to. */
    async suggest(facts: SeverityFacts): Promise<SeveritySuggestion> {
      const [rubric, mapping] = [await activeRubric(), await activeMapping()];
      return suggestionFrom(facts, rubric, mapping);
    },

    /**
     * Records a rating of a report the viewer may see. Provisional: the reporter's
     * organization, ministries, CEPTOARs and the coordinator; final: the coordinator's
     * analysts and above. The report's current level (final beats provisional) and a
     * `severity_rated` timeline entry are written in the same transaction.
     */
    async rate(
      viewer: Viewer,
      reportId: string,
      input: RateSeverityInput,
      origin?: RequestOrigin,
    ): Promise<SeverityRating> {
      const rating = await rateWith(repository, viewer, reportId, input, origin);
      audit?.flushSoon();
      return rating;
    },

    /**
     * The same rating inside the caller's transaction `trx` (filing in one call): nothing is
     * kept if the transaction rolls back. Call `ready` before opening the transaction.
     */
    async rateInTransaction(
      trx: Kysely<Database>,
      viewer: Viewer,
      reportId: string,
      input: RateSeverityInput,
      origin?: RequestOrigin,
    ): Promise<SeverityRating> {
      return rateWith(createSeverityRepository(trx), viewer, reportId, input, origin);
    },

    /** Stores the shipped rubric and mapping if they are not yet (outside any caller's transaction). */
    ready: ensureDefaults,

    /** The rating history (newest first), the current rating and the rubric's suggestion. */
    async getReportSeverity(
      viewer: Viewer,
      reportId: string,
      origin?: RequestOrigin,
    ): Promise<ReportSeverity> {
      const report = await visibleReport(viewer, reportId);
      const ratings = await repository.listRatings(report.id);
      const current = currentRating(ratings);
      const suggestion = suggestionFrom(factsOfReport(report), await activeRubric(), await activeMapping());
      await audit?.record(
        auditEvent(viewer, report, 'severity.read', [report.id, ...ratings.map((r) => r.id)], {}, origin),
      );
      return {
        reportId: report.id,
        current: current
          ? {
              ratingId: current.id,
              overall: current.overall,
              basis: current.basis,
              cissLevel: current.cissLevel,
            }
          : null,
        ratings: ratings.map((r) => toRating(r, report)).reverse(),
        suggestion,
      };
    },

    async getRubric(): Promise<SeverityRubric> {
      return toRubric(await activeRubric());
    },

    /** A new rubric version becomes the active one; ratings keep the version they used. */
    async putRubric(
      viewer: Viewer,
      input: PutSeverityRubricInput,
      origin?: RequestOrigin,
    ): Promise<SeverityRubric> {
      const errors = checkThresholds(input.thresholds);
      if (errors.length > 0) throw new AppError('VALIDATION_FAILED', {}, errors);
      await ensureDefaults();
      const rubric = await repository.inTransaction(async (q, trx) => {
        const saved = await q.insertRubricVersion(
          {
            thresholds: input.thresholds,
            note: input.note ?? { ...DEFAULT_RUBRIC_NOTE },
            createdBy: viewer.userId,
          },
          clock.now(),
        );
        await audit?.record(
          auditEvent(
            viewer,
            null,
            'severity.rubric.update',
            [String(saved.version)],
            { version: saved.version },
            origin,
          ),
          trx,
        );
        return saved;
      });
      audit?.flushSoon();
      return toRubric(rubric);
    },

    async getMapping(): Promise<SeverityMapping> {
      return toMapping(await activeMapping());
    },

    async putMapping(
      viewer: Viewer,
      input: PutSeverityMappingInput,
      origin?: RequestOrigin,
    ): Promise<SeverityMapping> {
      const errors = checkMapping(input.entries);
      if (errors.length > 0) throw new AppError('VALIDATION_FAILED', {}, errors);
      await ensureDefaults();
      const mapping = await repository.inTransaction(async (q, trx) => {
        const saved = await q.insertMappingVersion({ ...input, createdBy: viewer.userId }, clock.now());
        await audit?.record(
          auditEvent(
            viewer,
            null,
            'severity.mapping.update',
            [String(saved.version)],
            {
              version: saved.version,
              entries: saved.entries,
            },
            origin,
          ),
          trx,
        );
        return saved;
      });
      audit?.flushSoon();
      return toMapping(mapping);
    },
  };
}

export type SeverityService = ReturnType<typeof createSeverityService>;
