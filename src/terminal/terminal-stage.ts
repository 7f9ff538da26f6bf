// The `Stage` port for the terminal: a persona's reply printed as `Name: text`, each persona in its own
// colour, and a "… is typing" line while it composes.
import type { Writable } from 'node:stream';
import type { Persona } from '../core/persona.js';
import type { PostedMessage, Stage } from '../core/ports.js';
import { hashString } from '../core/random.js';

const COLOURS = [36, 35, 33, 32, 34, 91, 96, 95, 93, 92] as const;

export interface TerminalStageOptions {
  /** ANSI colours; off when the output is not a terminal. */
  colour: boolean;
}

export class TerminalStage implements Stage {
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
    this.out.write(`${this.dim(`… ${persona.name} is typing`)}\n`);
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
}
