// Discord's markup in a person's message turned into what a reader sees: `<@123>` → `@Mia`,
// `<@&456>` → `@Moderators`, `<#789>` → `#tavern`, `<:wave:1>` → `:wave:`, `</cast add:1>` → `/cast add`.
// The model reads names, not snowflakes, and the director matches persona names in this text.

export interface MentionNames {
  /** A user's display name (a persona's name for a persona's own bot). */
  user(id: string): string | undefined;
  role(id: string): string | undefined;
  channel(id: string): string | undefined;
}

export function plainText(content: string, names: MentionNames): string {
  return content
    .replace(/<@!?(\d+)>/g, (_, id: string) => `@${names.user(id) ?? 'someone'}`)
    .replace(/<@&(\d+)>/g, (_, id: string) => `@${names.role(id) ?? 'a role'}`)
    .replace(/<#(\d+)>/g, (_, id: string) => `#${names.channel(id) ?? 'a channel'}`)
    .replace(/<a?:(\w+):\d+>/g, ':$1:')
    .replace(/<\/([^:<>]+):\d+>/g, '/$1');
}

/** How many attachment names a note lists before "and N more". */
const MAX_NAMED_ATTACHMENTS = 3;

/** A short note for files and stickers, which the model cannot see: "[attached: map.png, notes.pdf]". */
export function attachmentNote(fileNames: readonly string[], stickerNames: readonly string[] = []): string {
  const parts: string[] = [];
  if (fileNames.length > 0) {
    const named = fileNames.slice(0, MAX_NAMED_ATTACHMENTS).join(', ');
    const more = fileNames.length - MAX_NAMED_ATTACHMENTS;
    parts.push(`[attached: ${named}${more > 0 ? ` and ${more} more` : ''}]`);
  }
  if (stickerNames.length > 0) parts.push(`[sticker: ${stickerNames.join(', ')}]`);
  return parts.join(' ');
}
