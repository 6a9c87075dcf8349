import Foundation
import RoadshowKernel

/// An expert-review assignment problem (评审分配): every achievement wants `reviewsPerItem`
/// distinct reviewers; a reviewer takes at most their capacity; a blocked pair (conflict of
/// interest) is never assigned.
///
/// Objective (the one of `../shared/bench/peer_assign.py`): assign as many reviews as possible;
/// among those, minimise `mismatchCost` for each review outside the reviewer's fields plus a convex
/// load cost per reviewer (0 for the first half of the capacity, 1 for the next 30 %, 2 for the
/// rest), so field matches come first and load is balanced.
public struct ReviewAssignmentProblem: Sendable, Hashable {
  /// One achievement to review.
  public struct Item: Sendable, Hashable {
    /// Its id.
    public var id: String
    /// Its industry field, if any.
    public var field: String?
    /// Indices of the reviewers in conflict with it.
    public var blocked: [Int]

    /// Creates an item.
    public init(id: String, field: String?, blocked: [Int] = []) {
      self.id = id
      self.field = field
      self.blocked = blocked
    }
  }

  /// One reviewer.
  public struct Reviewer: Sendable, Hashable {
    /// Their id.
    public var id: String
    /// The fields they review in.
    public var fields: Set<String>
    /// The most reviews they take.
    public var capacity: Int

    /// Creates a reviewer.
    public init(id: String, fields: Set<String>, capacity: Int) {
      self.id = id
      self.fields = fields
      self.capacity = capacity
    }
  }

  /// The achievements.
  public var items: [Item]
  /// The reviewers.
  public var reviewers: [Reviewer]
  /// Distinct reviewers wanted per achievement.
  public var reviewsPerItem: Int
  /// Cost of one review outside the reviewer's fields.
  public var mismatchCost: Int

  /// Creates a problem.
  public init(items: [Item], reviewers: [Reviewer], reviewsPerItem: Int, mismatchCost: Int = 10) {
    self.items = items
    self.reviewers = reviewers
    self.reviewsPerItem = reviewsPerItem
    self.mismatchCost = mismatchCost
  }

  /// The problem of assigning `achievements` (each with its field) to `experts`, conflicts of
  /// interest from ``ConflictIndex``.
  public init(
    achievements: [(parties: ReviewParties, field: String?)], experts: [Expert], reviewsPerItem: Int,
    mismatchCost: Int = 10
  ) {
    let conflicts = ConflictIndex(experts: experts)
    self.init(
      items: achievements.map {
        Item(id: $0.parties.achievement.rawValue, field: $0.field, blocked: conflicts.blocked($0.parties))
      },
      reviewers: experts.map { Reviewer(id: $0.id, fields: Set($0.fields), capacity: max(0, $0.capacity)) },
      reviewsPerItem: reviewsPerItem, mismatchCost: mismatchCost)
  }

  /// The load cost of a reviewer's capacity in three pieces: (units, cost per unit).
  static func loadSteps(capacity: Int) -> [(units: Int, cost: Int)] {
    let first = capacity / 2
    let second = capacity * 8 / 10 - first
    return [(first, 0), (second, 1), (capacity - first - second, 2)]
  }
}

/// An achievement that did not get all its reviewers, and why.
public struct ShortItem: Sendable, Hashable, Codable {
  /// Why an achievement is short of reviewers.
  public enum Reason: String, Sendable, Hashable, Codable {
    /// Fewer reviewers without a conflict than wanted.
    case conflicts
    /// The pool's capacity ran out.
    case capacity
  }

  /// The achievement's id.
  public var id: String
  /// Reviewers assigned.
  public var assigned: Int
  /// Reviewers without a conflict in the pool.
  public var eligible: Int
  /// Why.
  public var reason: Reason
}

/// An assignment and its quality, proven against bounds.
public struct ReviewAssignmentResult: Sendable, Hashable {
  /// Reviewer indices per item, in item order.
  public var reviewers: [[Int]]
  /// Reviews assigned.
  public var assigned: Int
  /// Reviews wanted (items × reviews per item).
  public var needed: Int
  /// The most reviews any assignment can make: the capacity of a minimum cut, computed apart
  /// from the flow (equal to ``assigned`` when the assignment is maximal).
  public var assignableBound: Int
  /// Reviews inside the reviewer's fields.
  public var fieldMatches: Int
  /// The objective: mismatch costs plus load costs.
  public var cost: Int
  /// A lower bound on the cost of any assignment of ``assigned`` reviews, from the dual
  /// (the node potentials): equal to ``cost`` when the assignment is optimal.
  public var lowerBound: Int
  /// Reviews per reviewer.
  public var load: [Int]
  /// Items short of reviewers.
  public var short: [ShortItem]
  /// Items with the same field and the same conflicts, solved as one (the size of the network).
  public var classes: Int
  /// Shortest-path phases of the solver.
  public var phases: Int

  /// Relative distance of the cost to the lower bound, 0 when proven optimal.
  public var gap: Double { cost > 0 ? Double(cost - lowerBound) / Double(cost) : 0 }

  /// Whether the assignment is proven optimal: maximal (no cut smaller) and at the least cost.
  public var isOptimal: Bool { assigned == assignableBound && cost == lowerBound }

  /// The largest load relative to capacity.
  public func maximumLoadRatio(_ problem: ReviewAssignmentProblem) -> Double {
    var ratio = 0.0
    for (index, reviewer) in problem.reviewers.enumerated() where reviewer.capacity > 0 {
      ratio = max(ratio, Double(load[index]) / Double(reviewer.capacity))
    }
    return ratio
  }
}

/// Assigns reviewers to achievements exactly, as a minimum-cost flow.
///
/// Items with the same field and the same blocked reviewers form a class; the network is source →
/// class (capacity k × size) → reviewer (capacity size, cost 0 or `mismatchCost`) → sink (the three
/// load pieces). A class's flow splits back over its items round robin, so each item gets distinct
/// reviewers: a reviewer's flow from a class never exceeds the class's size. The flow is solved by
/// the primal–dual method: shortest paths with potentials (Dijkstra), then a maximum flow on the
/// arcs of zero reduced cost (Dinic), until the sink is unreachable. The result carries a dual
/// lower bound and a cut bound computed from the final potentials and residual network.
public enum ReviewAssigner {
  /// Solves `problem`.
  public static func assign(_ problem: ReviewAssignmentProblem) -> ReviewAssignmentResult {
    let k = max(0, problem.reviewsPerItem)
    let m = problem.reviewers.count
    // Classes of items.
    var fieldIndex: [String: Int] = [:]
    for reviewer in problem.reviewers {
      for field in reviewer.fields where fieldIndex[field] == nil { fieldIndex[field] = fieldIndex.count }
    }
    struct ClassKey: Hashable {
      var field: Int
      var blocked: [Int]
    }
    var classOf: [ClassKey: Int] = [:]
    var members: [[Int]] = []
    var classKeys: [ClassKey] = []
    for (index, item) in problem.items.enumerated() {
      let key = ClassKey(
        field: item.field.flatMap { fieldIndex[$0] } ?? -1,
        blocked: item.blocked.filter { $0 >= 0 && $0 < m }.sorted())
      if let found = classOf[key] {
        members[found].append(index)
      } else {
        classOf[key] = members.count
        members.append([index])
        classKeys.append(key)
      }
    }
    var matches = [Bool](repeating: false, count: max(1, fieldIndex.count) * max(1, m))
    for (j, reviewer) in problem.reviewers.enumerated() {
      for field in reviewer.fields { if let f = fieldIndex[field] { matches[f * m + j] = true } }
    }
    let classes = members.count
    var network = FlowNetwork(nodes: classes + m + 2)
    let source = 0
    let sink = classes + m + 1
    var classArcs: [Int] = []  // first arc of each class's reviewer arcs, and the end of the last
    for c in 0..<classes {
      network.addArc(from: source, to: 1 + c, capacity: k * members[c].count, cost: 0)
    }
    var allowed = [Bool](repeating: true, count: m)
    for c in 0..<classes {
      let key = classKeys[c]
      for j in key.blocked { allowed[j] = false }
      classArcs.append(network.arcCount)
      for j in 0..<m where allowed[j] {
        let match = key.field >= 0 && matches[key.field * m + j]
        network.addArc(
          from: 1 + c, to: 1 + classes + j, capacity: min(members[c].count, problem.reviewers[j].capacity),
          cost: match ? 0 : problem.mismatchCost)
      }
      for j in key.blocked { allowed[j] = true }
    }
    classArcs.append(network.arcCount)
    for (j, reviewer) in problem.reviewers.enumerated() {
      for step in ReviewAssignmentProblem.loadSteps(capacity: reviewer.capacity) where step.units > 0 {
        network.addArc(from: 1 + classes + j, to: sink, capacity: step.units, cost: step.cost)
      }
    }
    let solved = network.solve(source: source, sink: sink)
    // Split each class's flow over its items.
    var reviewers = [[Int]](repeating: [], count: problem.items.count)
    var load = [Int](repeating: 0, count: m)
    var fieldMatches = 0
    var assigned = 0
    for c in 0..<classes {
      let size = members[c].count
      var slot = 0
      let end = classArcs[c + 1]
      var arc = classArcs[c]
      while arc < end {
        let flow = network.flow(arc)
        if flow > 0 {
          let j = network.head(arc) - 1 - classes
          for _ in 0..<flow {
            reviewers[members[c][slot % size]].append(j)
            slot += 1
          }
          load[j] += flow
          assigned += flow
          if network.cost(arc) == 0 { fieldMatches += flow }
        }
        arc += 2
      }
    }
    var short: [ShortItem] = []
    for (index, item) in problem.items.enumerated() where reviewers[index].count < k {
      let eligible = m - Set(item.blocked.filter { $0 >= 0 && $0 < m }).count
      short.append(
        ShortItem(
          id: item.id, assigned: reviewers[index].count, eligible: eligible,
          reason: eligible < k ? .conflicts : .capacity))
    }
    for index in reviewers.indices { reviewers[index].sort() }
    return ReviewAssignmentResult(
      reviewers: reviewers, assigned: assigned, needed: problem.items.count * k, assignableBound: solved.cut,
      fieldMatches: fieldMatches, cost: solved.cost, lowerBound: solved.lowerBound, load: load, short: short,
      classes: classes, phases: solved.phases)
  }
}

/// A residual network for the primal–dual minimum-cost flow: arcs stored in pairs (an arc and its
/// reverse at `arc ^ 1`), adjacency in compressed rows built once before solving.
struct FlowNetwork {
  private(set) var nodes: Int
  private var tails: [Int32] = []
  private var heads: [Int32] = []
  private var capacities: [Int32] = []
  private var originals: [Int32] = []
  private var costs: [Int32] = []

  init(nodes: Int) { self.nodes = nodes }

  var arcCount: Int { heads.count }

  mutating func addArc(from tail: Int, to head: Int, capacity: Int, cost: Int) {
    let capacity = Int32(clamping: capacity)
    tails.append(Int32(tail))
    heads.append(Int32(head))
    capacities.append(capacity)
    originals.append(capacity)
    costs.append(Int32(cost))
    tails.append(Int32(head))
    heads.append(Int32(tail))
    capacities.append(0)
    originals.append(0)
    costs.append(Int32(-cost))
  }

  func flow(_ arc: Int) -> Int { Int(originals[arc] - capacities[arc]) }
  func head(_ arc: Int) -> Int { Int(heads[arc]) }
  func cost(_ arc: Int) -> Int { Int(costs[arc]) }

  struct Solution {
    var flow: Int
    var cost: Int
    var lowerBound: Int
    var cut: Int
    var phases: Int
  }

  mutating func solve(source: Int, sink: Int) -> Solution {
    let arcs = heads.count
    var start = [Int](repeating: 0, count: nodes + 1)
    for arc in 0..<arcs { start[Int(tails[arc]) + 1] += 1 }
    for node in 0..<nodes { start[node + 1] += start[node] }
    var fill = start
    var adjacency = [Int32](repeating: 0, count: arcs)
    for arc in 0..<arcs {
      let tail = Int(tails[arc])
      adjacency[fill[tail]] = Int32(arc)
      fill[tail] += 1
    }
    var potential = [Int](repeating: 0, count: nodes)
    var distance = [Int](repeating: .max, count: nodes)
    var level = [Int](repeating: -1, count: nodes)
    var next = [Int](repeating: 0, count: nodes)
    var queue = [Int](repeating: 0, count: nodes)
    var path: [Int] = []
    var totalFlow = 0
    var phases = 0
    var reached = [Bool](repeating: false, count: nodes)
    while true {
      // Shortest reduced-cost distances from the source (Dijkstra with a binary heap).
      for node in 0..<nodes { distance[node] = .max }
      distance[source] = 0
      var heap = Heap()
      heap.push(0, source)
      while let (d, u) = heap.pop() {
        if d > distance[u] { continue }
        let pu = potential[u]
        for index in start[u]..<start[u + 1] {
          let arc = Int(adjacency[index])
          guard capacities[arc] > 0 else { continue }
          let v = Int(heads[arc])
          let candidate = d + Int(costs[arc]) + pu - potential[v]
          if candidate < distance[v] {
            distance[v] = candidate
            heap.push(candidate, v)
          }
        }
      }
      guard distance[sink] != .max else {
        for node in 0..<nodes { reached[node] = distance[node] != .max }
        break
      }
      phases += 1
      let bound = distance[sink]
      for node in 0..<nodes { potential[node] += min(distance[node], bound) }
      // Maximum flow on the arcs of zero reduced cost (Dinic).
      while true {
        for node in 0..<nodes { level[node] = -1 }
        level[source] = 0
        var head = 0
        var tail = 0
        queue[tail] = source
        tail += 1
        while head < tail {
          let u = queue[head]
          head += 1
          for index in start[u]..<start[u + 1] {
            let arc = Int(adjacency[index])
            let v = Int(heads[arc])
            guard capacities[arc] > 0, level[v] < 0, Int(costs[arc]) + potential[u] - potential[v] == 0 else {
              continue
            }
            level[v] = level[u] + 1
            queue[tail] = v
            tail += 1
          }
        }
        guard level[sink] >= 0 else { break }
        for node in 0..<nodes { next[node] = start[node] }
        path.removeAll(keepingCapacity: true)
        var u = source
        while true {
          if u == sink {
            var bottleneck = Int32.max
            for arc in path { bottleneck = min(bottleneck, capacities[arc]) }
            var firstSaturated = -1
            for (position, arc) in path.enumerated() {
              capacities[arc] -= bottleneck
              capacities[arc ^ 1] += bottleneck
              if firstSaturated < 0 && capacities[arc] == 0 { firstSaturated = position }
            }
            totalFlow += Int(bottleneck)
            path.removeLast(path.count - max(0, firstSaturated))
            u = path.last.map { Int(heads[$0]) } ?? source
            continue
          }
          var advanced = false
          while next[u] < start[u + 1] {
            let arc = Int(adjacency[next[u]])
            let v = Int(heads[arc])
            if capacities[arc] > 0, level[v] == level[u] + 1, Int(costs[arc]) + potential[u] - potential[v] == 0 {
              path.append(arc)
              u = v
              advanced = true
              break
            }
            next[u] += 1
          }
          if advanced { continue }
          if u == source { break }
          level[u] = -1
          let arc = path.removeLast()
          u = Int(tails[arc])
          next[u] += 1
        }
      }
    }
    var cost = 0
    var negative = 0
    var cut = 0
    for arc in stride(from: 0, to: arcs, by: 2) {
      let tail = Int(tails[arc])
      let head = Int(heads[arc])
      cost += Int(costs[arc]) * Int(originals[arc] - capacities[arc])
      let reduced = Int(costs[arc]) + potential[tail] - potential[head]
      if reduced < 0 { negative += Int(originals[arc]) * -reduced }
      if reached[tail] && !reached[head] { cut += Int(originals[arc]) }
    }
    let lowerBound = totalFlow * (potential[sink] - potential[source]) - negative
    return Solution(flow: totalFlow, cost: cost, lowerBound: lowerBound, cut: cut, phases: phases)
  }
}

/// A binary min-heap of (key, node).
private struct Heap {
  private var keys: [Int] = []
  private var values: [Int] = []

  mutating func push(_ key: Int, _ value: Int) {
    keys.append(key)
    values.append(value)
    var child = keys.count - 1
    while child > 0 {
      let parent = (child - 1) / 2
      guard keys[parent] > keys[child] else { break }
      keys.swapAt(parent, child)
      values.swapAt(parent, child)
      child = parent
    }
  }

  mutating func pop() -> (Int, Int)? {
    guard let key = keys.first, let value = values.first else { return nil }
    let last = keys.count - 1
    keys.swapAt(0, last)
    values.swapAt(0, last)
    keys.removeLast()
    values.removeLast()
    var parent = 0
    while true {
      let left = 2 * parent + 1
      let right = left + 1
      var smallest = parent
      if left < keys.count && keys[left] < keys[smallest] { smallest = left }
      if right < keys.count && keys[right] < keys[smallest] { smallest = right }
      guard smallest != parent else { break }
      keys.swapAt(parent, smallest)
      values.swapAt(parent, smallest)
      parent = smallest
    }
    return (key, value)
  }
}
