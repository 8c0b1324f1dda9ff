import { textInfo, type DataSet, type FieldInfo } from './dataset';

/**
 * A tiny corpus for word embeddings. Three families of words share their contexts — royalty (king,
 * queen, prince, princess), animals (cat, dog, kitten, puppy) and numbers (one … five) — and gender
 * pairs recur in parallel sentences, so after training the nearest neighbours (and, faintly,
 * king − man + woman ≈ queen) show what the vectors learned.
 */
export const TINY_CORPUS: readonly string[] = [
  'the king rules the kingdom from the castle',
  'the queen rules the kingdom from the castle',
  'the prince will rule the kingdom one day',
  'the princess will rule the kingdom one day',
  'the king is a man and the queen is a woman',
  'the prince is a boy and the princess is a girl',
  'a man wears a crown when he is king',
  'a woman wears a crown when she is queen',
  'the king and the queen live in the castle',
  'the prince and the princess live in the castle',
  'the boy will grow into a man',
  'the girl will grow into a woman',
  'the king spoke to the man',
  'the queen spoke to the woman',
  'the cat chases the mouse in the garden',
  'the dog chases the ball in the garden',
  'the kitten is a young cat',
  'the puppy is a young dog',
  'the cat sleeps on the warm mat',
  'the dog sleeps on the warm mat',
  'the kitten plays with the ball',
  'the puppy plays with the ball',
  'a dog barks and a cat meows',
  'a puppy barks and a kitten meows',
  'the cat and the dog are pets',
  'the kitten and the puppy are pets',
  'one and one make two',
  'two and two make four',
  'one and two make three',
  'two and three make five',
  'one and four make five',
  'count one two three four five',
  'three cats and two dogs',
  'four kittens and five puppies',
  'the king has two castles',
  'the queen has three crowns',
  'five dogs chase one cat',
  'one cat chases four mice',
];

/** Lower-case words: runs of letters, digits and apostrophes. */
export function tokenizeSentence(sentence: string): string[] {
  return sentence.toLowerCase().match(/[\p{L}\p{N}\p{M}']+/gu) ?? [];
}

export function textFields(sentences: readonly string[]): Record<string, FieldInfo> {
  return { text: textInfo(sentences.map(tokenizeSentence)) };
}

/** The corpus as token lists in one field, `text`. */
export function textData(sentences: readonly string[]): DataSet {
  return { fields: { text: { kind: 'text', sentences: sentences.map(tokenizeSentence) } }, input: 'text' };
}
