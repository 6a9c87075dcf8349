import Foundation

/// Finds the nearest valid name for a misspelt one ("did you mean `min_trl`?").
public enum Suggestions {
  /// The candidate closest to `word` by edit distance, if it is close enough to be a likely typo.
  ///
  /// Words longer than ``ConfigLimits/maxSuggestionLength`` get none: no valid name is that long,
  /// and the distance costs the product of the two lengths.
  public static func nearest(to word: String, in candidates: some Sequence<String>) -> String? {
    let limit = ConfigLimits.maxSuggestionLength
    guard word.utf8.count <= limit * 4, word.count <= limit else { return nil }
    let target = Array(word.lowercased())
    var best: (name: String, distance: Int)?
    for candidate in candidates where candidate.utf8.count <= limit * 16 {
      let distance = editDistance(target, Array(candidate.lowercased()))
      if let current = best, current.distance <= distance { continue }
      best = (candidate, distance)
    }
    guard let best else { return nil }
    if best.distance <= max(2, min(target.count, best.name.count) / 3) { return best.name }
    // A prefix or a containment is a likely slip as well (`min` for `min_trl`).
    if best.name.lowercased().contains(word.lowercased()) && word.count >= 3 { return best.name }
    return nil
  }

  /// Levenshtein distance with adjacent transpositions counted as one edit.
  public static func editDistance(_ a: [Character], _ b: [Character]) -> Int {
    if a.isEmpty { return b.count }
    if b.isEmpty { return a.count }
    var previousPrevious = [Int](repeating: 0, count: b.count + 1)
    var previous = Array(0...b.count)
    var current = [Int](repeating: 0, count: b.count + 1)
    for i in 1...a.count {
      current[0] = i
      for j in 1...b.count {
        let cost = a[i - 1] == b[j - 1] ? 0 : 1
        current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
        if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
          current[j] = min(current[j], previousPrevious[j - 2] + 1)
        }
      }
      (previousPrevious, previous, current) = (previous, current, previousPrevious)
    }
    return previous[b.count]
  }
}
