import { describe, it, expect } from 'vitest';
import { decideConfirmation } from '../../../plugin/transport/confirm-flow';
import type { ConfirmationRequest } from '../../../protocol';

const req = (risk: ConfirmationRequest['risk']): ConfirmationRequest => ({
  token: 't',
  prompt: 'Flush redis?',
  risk,
  expires_at: '',
  target: '',
  action: '',
});

describe('confirmation decisions', () => {
  it('control: asks on a TTY, resends with --yes, refuses without either', () => {
    expect(decideConfirmation(req('control'), { interactive: true, yes: false, confirmTarget: null }, 'c').kind).toBe(
      'ask-yes-no',
    );
    expect(decideConfirmation(req('control'), { interactive: false, yes: true, confirmTarget: null }, 'c').kind).toBe(
      'resend',
    );
    const refused = decideConfirmation(req('control'), { interactive: false, yes: false, confirmTarget: null }, 'c');
    expect(refused).toMatchObject({ kind: 'refuse' });
    expect((refused as { message: string }).message).toMatch(/--yes/);
  });
  it('destructive: --yes is not enough; typed name on a TTY; --confirm must name the target', () => {
    expect(
      decideConfirmation(req('destructive'), { interactive: false, yes: true, confirmTarget: null }, 'web').kind,
    ).toBe('refuse');
    expect(
      decideConfirmation(req('destructive'), { interactive: true, yes: true, confirmTarget: null }, 'web'),
    ).toMatchObject({ kind: 'ask-typed', target: 'web' });
    expect(
      decideConfirmation(req('destructive'), { interactive: false, yes: false, confirmTarget: 'web' }, 'web').kind,
    ).toBe('resend');
    expect(
      decideConfirmation(req('destructive'), { interactive: false, yes: false, confirmTarget: 'db' }, 'web').kind,
    ).toBe('refuse');
    expect(
      decideConfirmation(
        { ...req('destructive'), target: 'redis' } as ConfirmationRequest,
        { interactive: false, yes: false, confirmTarget: 'redis' },
        'web',
      ).kind,
    ).toBe('resend');
  });
});
