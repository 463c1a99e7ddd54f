export { defaultQuestionMatcherModel } from './default-matcher-model.js';
export { defaultMatcherL2, trainDefaultEncoderMatcherModel, trainDefaultQuestionMatcher } from './default-matcher-training.js';
export { EncoderRetrieverBuilder, type EncoderKnowledgeRetriever } from './encoder-retriever.js';
export { createKnowledgeRetriever, type KnowledgeRetrieverOptions, type ScoredKnowledgeHit } from './knowledge-retriever.js';
export { type PairFeatureName, pairFeatureNames } from './pair-features.js';
export {
  createQuestionMatcher,
  type LabelledPair,
  QuestionMatcher,
  type QuestionMatcherModel,
  type QuestionMatcherOptions,
  type TrainQuestionMatcherOptions,
  trainQuestionMatcher,
} from './question-matcher.js';
export {
  createReplyRetriever,
  type DialoguePair,
  ReplyRetriever,
  type ReplyRetrieverOptions,
  replySignalNames,
  type SuggestedReply,
} from './reply-retriever.js';
export type { KnowledgeDocument, KnowledgeHit, KnowledgeRetriever, SyncKnowledgeRetriever } from './types.js';
