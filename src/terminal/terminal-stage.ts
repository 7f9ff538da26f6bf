// The `Stage` port for the terminal: a persona's reply printed as `Name: text`, each persona in its own
// colour, and a "… is typing" line while it composes. A terminal cannot change what it printed, so an
// edited reply (an alternative picked, a regenerate) is printed again, marked "(edited)". Admin notices
// are printed too. Troupe's own words are in the playground's language (LOCALE); persona text as written.
import type { Writable } from 'node:stream';
import type { Persona } from '../core/persona.js';
import type { AdminNotices, PostedMessage, Stage } from '../core/ports.js';
import { hashString } from '../core/random.js';
import type { Message } from '../core/text.js';
import { t, translate } from '../i18n/i18n.js';

const COLOURS = [36, 35, 33, 32, 34, 91, 96, 95, 93, 92] as const;

export interface TerminalStageOptions {
  /** ANSI colours; off when the output is not a terminal. */
  colour: boolean;
  /** The language of Troupe's own words: typing, edits and admin notices (LOCALE). @defaultValue English */
  locale?: string;
}

export class TerminalStage implements Stage, AdminNotices {
  private nextId = 1;

  constructor(
    private readonly out: Writable,
    private readonly options: TerminalStageOptions,
  ) {}

  name(persona: Persona): string {
    if (!this.options.colour) return persona.name;
    const colour = COLOURS[hashString(persona.id) % COLOURS.length]!;
    return `\u001b[1;${colour}m${persona.name}\u001b[0m`;
  }

  dim(text: string): string {
    return this.options.colour ? `\u001b[2m${text}\u001b[0m` : text;
  }

  async typing(_channelId: string, persona: Persona): Promise<void> {
    this.out.write(`${this.dim(t(this.options.locale, 'playground.typing', { name: persona.name }))}\n`);
  }

  async post(_channelId: string, persona: Persona, chunks: string[]): Promise<PostedMessage> {
    const messageIds: string[] = [];
    for (const chunk of chunks) {
      const id = `term-${this.nextId++}`;
      messageIds.push(id);
      this.out.write(`${this.name(persona)}: ${chunk}\n`);
    }
    return { messageIds };
  }

  async edit(
    _channelId: string,
    persona: Persona,
    messageIds: string[],
    chunks: string[],
  ): Promise<PostedMessage> {
    const ids = chunks.map((_, i) => messageIds[i] ?? `term-${this.nextId++}`);
    chunks.forEach((chunk, i) => {
      const mark = i === 0 ? ` ${this.dim(t(this.options.locale, 'playground.edited'))}` : '';
      this.out.write(`${this.name(persona)}${mark}: ${chunk}\n`);
    });
    return { messageIds: ids };
  }

  async notify(_channelId: string, text: Message): Promise<void> {
    this.out.write(`! ${translate(this.options.locale, text)}\n`);
  }
}
