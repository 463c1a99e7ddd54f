import type { DenseVectorCache } from '../../embedding/dense-vectors.js';
import { type QuestionMatcher, type QuestionMatcherModel, trainQuestionMatcher } from './question-matcher.js';
import { seedTrainingPairs } from './seed-pairs.js';

/**
 * L2 penalty of the default weights. Cross-validation on the seed rows
 * favours weaker penalties (0.3 to 1), but those folds share questions and
 * the weaker penalties put a large weight on single-character overlap, which
 * scored greetings such as 你好 as matches against the demo store's FAQ. At 3
 * every overlap weight is positive except a near-zero BM25 weight.
 */
export const defaultMatcherL2 = 3;

/**
 * Fits the default question-matcher weights: the rows are
 * `seedTrainingPairs()` (hand-written seed pairs, surface variants and
 * unrelated pairs drawn with a fixed seed), the feature corpus is those rows'
 * questions, and the L2 penalty is `defaultMatcherL2`. No public evaluation
 * data is involved. `scripts/fit-question-matcher.ts` prints the result as
 * `default-matcher-model.ts`.
 */
export function trainDefaultQuestionMatcher(): QuestionMatcher {
  const pairs = seedTrainingPairs();
  return trainQuestionMatcher(pairs, {
    includeSeedCorpus: false,
    l2: defaultMatcherL2,
    trainedOn: `seedTrainingPairs(): ${pairs.length} pairs built from the hand-written seed pairs, L2 ${defaultMatcherL2}`,
  });
}

/**
 * Fits default weights that include the `encoder_cosine` feature of the
 * encoder behind `vectors`, on the same seed rows and penalty as
 * `trainDefaultQuestionMatcher`. The seed questions are added to `vectors`.
 */
export async function trainDefaultEncoderMatcherModel(vectors: DenseVectorCache): Promise<QuestionMatcherModel> {
  const pairs = seedTrainingPairs();
  await vectors.add(pairs.flatMap((pair) => [pair.a, pair.b]));
  const matcher = trainQuestionMatcher(pairs, {
    includeSeedCorpus: false,
    denseVectors: vectors,
    l2: defaultMatcherL2,
    trainedOn: `seedTrainingPairs() with ${vectors.encoder.name}: ${pairs.length} pairs, L2 ${defaultMatcherL2}`,
  });
  return matcher.model;
}
