// DefaultNormalizeScore: scales raw scores so that the highest becomes `maxPriority`; with
// `reverse`, the highest raw score becomes 0 (TaintToleration counts *bad* taints).
//
// Reference: pkg/scheduler/framework/plugins/helper/normalize_score.go.
import type { NodeScore } from "../../framework/interface";

//> default-normalize-score
export function defaultNormalizeScore(maxPriority: number, reverse: boolean, scores: NodeScore[]): null {
  let maxCount = 0;
  for (const s of scores) if (s.score > maxCount) maxCount = s.score;
  if (maxCount === 0) {
    if (reverse) for (const s of scores) s.score = maxPriority;
    return null;
  }
  for (const s of scores) {
    let score = Math.trunc((maxPriority * s.score) / maxCount);
    if (reverse) score = maxPriority - score;
    s.score = score;
  }
  return null;
}
//< default-normalize-score
