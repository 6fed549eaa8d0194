import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  defaultAudience,
  mayDeclare,
  mayLink,
  mayPost,
  maySteer,
  nextReminderAt,
  type ReminderState,
} from './crisis.js';

const T0 = new Date('2026-04-01T00:00:00Z');
const at = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);

const base: ReminderState = {
  crisisEndedAt: null,
  intervalMinutes: 60,
  reportStatus: 'submitted',
  linkedAt: at(0),
  lastRemindedAt: null,
  lastUpdateAt: null,
};

describe('nextReminderAt', () => {
  it('is one interval after the link when nothing else happened', () => {
    assert.deepEqual(nextReminderAt(base), at(60));
  });

  it('counts from the latest of link, reminder and the originator’s update', () => {
    assert.deepEqual(nextReminderAt({ ...base, lastRemindedAt: at(60) }), at(120));
    assert.deepEqual(nextReminderAt({ ...base, lastRemindedAt: at(60), lastUpdateAt: at(90) }), at(150));
    assert.deepEqual(
      nextReminderAt({ ...base, lastUpdateAt: at(-30) }),
      at(60),
      'an update from before the link does not shorten the first wait',
    );
  });

  it('follows the interval as it is now', () => {
    assert.deepEqual(nextReminderAt({ ...base, intervalMinutes: 15, lastRemindedAt: at(60) }), at(75));
  });

  it('stops once the crisis has ended or the report is resolved or closed', () => {
    assert.equal(nextReminderAt({ ...base, crisisEndedAt: at(10) }), null);
    assert.equal(nextReminderAt({ ...base, reportStatus: 'resolved' }), null);
    assert.equal(nextReminderAt({ ...base, reportStatus: 'closed' }), null);
    assert.notEqual(nextReminderAt({ ...base, reportStatus: 'under_analysis' }), null);
  });
});

describe('crisis permissions', () => {
  const coordinator = { organizationKind: 'coordinator' as const, organizationId: 'nco' };
  const ministry = { organizationKind: 'ministry' as const, organizationId: 'fsa' };
  const operator = { organizationKind: 'operator' as const, organizationId: 'bank' };

  it('lets only the coordinator’s analysts and above declare', () => {
    assert.equal(mayDeclare({ ...coordinator, role: 'analyst' }), true);
    assert.equal(mayDeclare({ ...coordinator, role: 'admin' }), true);
    assert.equal(mayDeclare({ ...coordinator, role: 'reporter' }), false);
    assert.equal(mayDeclare({ ...ministry, role: 'admin' }), false);
    assert.equal(mayDeclare({ ...operator, role: 'admin' }), false);
  });

  it('lets only the declaring coordinator end a crisis or change its interval', () => {
    assert.equal(maySteer({ ...coordinator, role: 'analyst' }, { originatorOrgId: 'nco' }), true);
    assert.equal(
      maySteer({ ...coordinator, role: 'analyst' }, { originatorOrgId: 'other-coordinator' }),
      false,
    );
    assert.equal(maySteer({ ...ministry, role: 'admin' }, { originatorOrgId: 'nco' }), false);
  });

  it('lets reporters link their own reports and analysts any report they see', () => {
    assert.equal(mayLink({ ...operator, role: 'reporter' }, true), true);
    assert.equal(mayLink({ ...operator, role: 'reporter' }, false), false);
    assert.equal(mayLink({ ...ministry, role: 'analyst' }, false), true);
    assert.equal(mayLink({ ...operator, role: 'viewer' }, true), false);
  });

  it('keeps situation statements to the coordinator', () => {
    assert.equal(mayPost({ ...coordinator, role: 'analyst' }, 'situation'), true);
    assert.equal(mayPost({ ...ministry, role: 'admin' }, 'situation'), false);
    assert.equal(mayPost({ ...operator, role: 'reporter' }, 'update'), true);
    assert.equal(mayPost({ ...operator, role: 'viewer' }, 'note'), false);
  });
});

describe('defaultAudience', () => {
  it('addresses the sectors and their ministries, or all CI when no sector is named', () => {
    assert.deepEqual(defaultAudience(['finance'], ['fsa-id', 'fsa-id']), [
      { kind: 'sector', sectorCode: 'finance' },
      { kind: 'organization', organizationId: 'fsa-id' },
    ]);
    assert.deepEqual(defaultAudience([], []), [{ kind: 'all_ci' }]);
  });
});
