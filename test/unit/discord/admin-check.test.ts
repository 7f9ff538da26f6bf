// Who may change the scene: Manage Server (Administrator included) or a configured role; which uses of
// a command need it.
import type { Interaction } from 'discord.js';
import { PermissionFlagsBits, PermissionsBitField } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { isTroupeAdmin } from '../../../src/discord/admin-check.js';
import { adminAlways, adminFor, adminNever } from '../../../src/discord/slash-command.js';
import { allowedMentions } from '../../../src/discord/discord-stage.js';

const interaction = (permissions: bigint, roles: string[]): Interaction =>
  ({ memberPermissions: new PermissionsBitField(permissions), member: { roles } }) as unknown as Interaction;

describe('isTroupeAdmin', () => {
  it('GIVEN Manage Server or Administrator THEN yes', () => {
    expect(isTroupeAdmin(interaction(PermissionFlagsBits.ManageGuild, []), [])).toBe(true);
    expect(isTroupeAdmin(interaction(PermissionFlagsBits.Administrator, []), [])).toBe(true);
  });

  it('GIVEN a configured role THEN yes; another role or none THEN no', () => {
    expect(isTroupeAdmin(interaction(0n, ['123']), ['123'])).toBe(true);
    expect(isTroupeAdmin(interaction(PermissionFlagsBits.SendMessages, ['456']), ['123'])).toBe(false);
    expect(isTroupeAdmin(interaction(0n, []), [])).toBe(false);
  });
});

describe('needsAdmin', () => {
  it('GIVEN adminFor some subcommands THEN those, and every modal and button, need an admin', () => {
    const needs = adminFor(['add', 'remove']);
    expect(needs({ subcommand: 'add' })).toBe(true);
    expect(needs({ subcommand: 'list' })).toBe(false);
    expect(needs({ customId: 'cast:anything' })).toBe(true);
    expect(adminAlways()).toBe(true);
    expect(adminNever()).toBe(false);
  });
});

describe('allowedMentions', () => {
  it('GIVEN user pings off or on THEN nobody, or users only; never everyone or roles', () => {
    expect(allowedMentions(false)).toEqual({ parse: [] });
    expect(allowedMentions(true)).toEqual({ parse: ['users'] });
  });
});
