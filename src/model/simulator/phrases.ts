// The simulator's phrase pools, one set per temperament. Replies are assembled from an opener, a
// reaction to the line being answered, an optional action in parentheses and a closing; every pool
// entry is distinct, so different picks always give different texts.
import type { Tone } from './read-scene.js';

export interface PhrasePools {
  openers: readonly string[];
  /** `{cue}` is replaced by a word from the line being answered. */
  reactions: readonly string[];
  /** Used when the answered line offers no usable word. */
  bareReactions: readonly string[];
  actions: readonly string[];
  closings: readonly string[];
}

export const PHRASES: Readonly<Record<Tone, PhrasePools>> = {
  playful: {
    openers: ['Oh?', 'Ha!', 'Well, well.', 'Heh.', 'Look at that.', 'Ooh.'],
    reactions: [
      '{cue}, huh? I had a feeling.',
      'so it is {cue} now?',
      'you really went with {cue}?',
      '{cue}... bold choice.',
      'talking about {cue} again?',
    ],
    bareReactions: ['you have my attention.', 'that was almost clever.', 'I saw that coming.'],
    actions: [
      '(grins)',
      '(leans in, eyes sparkling)',
      '(taps the table twice)',
      '(raises an eyebrow)',
      '(smirks)',
    ],
    closings: [
      'Go on, I am listening.',
      "Bet you didn't see that coming.",
      'Try to keep up.',
      'Your move.',
      'I am only half joking.',
      'Admit it, you missed me.',
    ],
  },
  grumpy: {
    openers: ['Hmph.', 'Ugh.', 'Seriously?', 'Tch.', 'Oh, great.', 'Fine.'],
    reactions: [
      '{cue}? Of course it is.',
      'not {cue} again.',
      'spare me the {cue} talk.',
      '{cue}. Wonderful. Just wonderful.',
      'who even cares about {cue}?',
    ],
    bareReactions: ['I was hoping for quiet.', 'that is not my problem.', 'you done yet?'],
    actions: ['(crosses arms)', '(rolls eyes)', '(sighs loudly)', '(mutters under breath)', '(glares)'],
    closings: [
      'Wake me when it is over.',
      'Do not expect applause.',
      'Whatever.',
      'Make it quick.',
      'I have better things to do.',
      'Not that anyone asked me.',
    ],
  },
  gentle: {
    openers: ['Oh,', 'Mm.', 'Ah,', 'Um,', 'Hey,', 'Oh my,'],
    reactions: [
      '{cue} sounds lovely.',
      'tell me more about {cue}?',
      'I have been thinking about {cue} too.',
      '{cue}... that makes me smile.',
      'is {cue} on your mind?',
    ],
    bareReactions: [
      'I am glad you said something.',
      'I am here if you need me.',
      'that is okay, take your time.',
    ],
    actions: [
      '(smiles softly)',
      '(tilts head)',
      '(fidgets with a sleeve)',
      '(nods slowly)',
      '(looks down shyly)',
    ],
    closings: [
      'Take care of yourself, okay?',
      'I will be right here.',
      'Thank you for telling me.',
      'Let us go slowly.',
      'Only if you want to.',
      'That is enough for today.',
    ],
  },
  formal: {
    openers: ['Indeed.', 'I see.', 'Very well.', 'Pardon me.', 'Quite so.', 'Certainly.'],
    reactions: [
      '{cue} deserves careful thought.',
      'on the matter of {cue}, I concur.',
      'permit me a word on {cue}.',
      '{cue} is a curious subject.',
      'regarding {cue}, I have notes.',
    ],
    bareReactions: ['shall we proceed?', 'your point is taken.', 'allow me to consider that.'],
    actions: [
      '(adjusts spectacles)',
      '(bows slightly)',
      '(folds hands)',
      '(clears throat)',
      '(straightens collar)',
    ],
    closings: [
      'I remain at your service.',
      'Let us continue, then.',
      'Do go on.',
      'That will be all for now.',
      'I trust that is clear.',
      'Shall I elaborate?',
    ],
  },
  cheerful: {
    openers: ['Yay!', 'Oh wow!', 'Hey hey!', 'Ooh!', 'Yes!', 'Whoa!'],
    reactions: [
      '{cue}? I love that!',
      'more {cue}, please!',
      '{cue} is the best idea today!',
      'we should totally do {cue}!',
      'wait, {cue}? Amazing!',
    ],
    bareReactions: ['this is so much fun!', 'I am so glad you are here!', 'count me in!'],
    actions: ['(bounces on toes)', '(claps)', '(beams)', '(spins around)', '(waves both hands)'],
    closings: [
      "Let's go!",
      'Best day ever!',
      'Tell me everything!',
      'I am so in!',
      'This is going to be great!',
      'High five!',
    ],
  },
  neutral: {
    openers: ['Hm.', 'Right.', 'Okay.', 'Well,', 'Sure.', 'I see,'],
    reactions: [
      '{cue}, you say?',
      'about {cue}, I was wondering too.',
      'so {cue} it is.',
      '{cue} is worth a thought.',
      'what about {cue}?',
    ],
    bareReactions: ['go on.', 'I am listening.', 'that is something.'],
    actions: ['(nods)', '(thinks for a moment)', '(looks up)', '(shrugs)', '(leans back)'],
    closings: [
      'What do you think?',
      'Let us see where this goes.',
      'Fair enough.',
      'Anyway.',
      'I will keep that in mind.',
      'Tell me more.',
    ],
  },
};

/** Lines for the "writes another speaker's line" quirk. */
export const INTERJECTIONS: readonly string[] = [
  'Wait, what?',
  'Hey, that is my line!',
  'Ha, good one.',
  'Hmm.',
];

/** One pool for Chinese scenes (long-term memory only supports Chinese, so its demos need it). */
export const PHRASES_ZH: PhrasePools = {
  openers: ['嗯？', '哈！', '哎呀，', '好吧，', '哦？', '唉，'],
  // `{cue}` is a clause quoted back here, not a word.
  reactions: [
    '“{cue}”？我早就猜到了。',
    '又在说“{cue}”？',
    '“{cue}”……有意思。',
    '说到“{cue}”，我也在想。',
    '“{cue}”是吧？继续说。',
  ],
  bareReactions: ['我在听呢。', '你继续说。', '这倒是挺有意思。'],
  actions: ['（笑了笑）', '（歪着头）', '（托着下巴）', '（眨眨眼）', '（耸耸肩）'],
  closings: ['你觉得呢？', '先这样吧。', '我记住了。', '别卖关子了。', '然后呢？', '真拿你没办法。'],
};
