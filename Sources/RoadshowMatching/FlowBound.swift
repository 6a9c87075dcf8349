import Foundation

/// Minimum-cost flow by the primal–dual method (Dijkstra on reduced costs, then a Dinic max flow on
/// the zero-reduced-cost arcs), stopping when no path of negative cost is left or the flow reaches
/// a cap. Small integer costs keep the number of phases at most the largest absolute cost.
struct MinCostFlow {
  private(set) var head: [Int32]
  private var next: [Int32] = []
  private var target: [Int32] = []
  private var capacity: [Int32] = []
  private var cost: [Int32] = []

  init(nodes: Int) { head = [Int32](repeating: -1, count: nodes) }

  mutating func addArc(_ from: Int, _ to: Int, capacity: Int, cost: Int) {
    for (u, v, c, k) in [(from, to, capacity, cost), (to, from, 0, -cost)] {
      target.append(Int32(v))
      self.capacity.append(Int32(clamping: c))
      self.cost.append(Int32(clamping: k))
      next.append(head[u])
      head[u] = Int32(target.count - 1)
    }
  }

  /// Sends flow from `source` to `sink` along paths of negative cost, cheapest first, at most
  /// `limit` units; returns the total cost (≤ 0). `potential` must make every arc's reduced cost
  /// non-negative at the start.
  mutating func minimise(source: Int, sink: Int, limit: Int, potential initial: [Int]) -> Int {
    let nodes = head.count
    var potential = initial
    var total = 0
    var sent = 0
    var distance = [Int](repeating: .max, count: nodes)
    var level = [Int32](repeating: -1, count: nodes)
    var cursor = [Int32](repeating: -1, count: nodes)
    var queue: [Int32] = []
    var pathArcs: [Int32] = []
    while sent < limit {
      // Dijkstra on reduced costs.
      for node in 0..<nodes { distance[node] = .max }
      distance[source] = 0
      var heap = MinHeap()
      heap.push(0, Int32(source))
      while let (d, u32) = heap.pop() {
        let u = Int(u32)
        if d > distance[u] { continue }
        var arc = head[u]
        while arc >= 0 {
          let a = Int(arc)
          if capacity[a] > 0 {
            let v = Int(target[a])
            let candidate = d + Int(cost[a]) + potential[u] - potential[v]
            if candidate < distance[v] {
              distance[v] = candidate
              heap.push(candidate, Int32(v))
            }
          }
          arc = next[a]
        }
      }
      guard distance[sink] != .max else { break }
      let reach = distance[sink]
      for node in 0..<nodes { potential[node] += min(distance[node], reach) }
      let pathCost = potential[sink] - potential[source]
      if pathCost >= 0 { break }
      // Max flow on the admissible arcs (reduced cost 0), Dinic with an explicit stack.
      while sent < limit {
        for node in 0..<nodes { level[node] = -1 }
        level[source] = 0
        queue.removeAll(keepingCapacity: true)
        queue.append(Int32(source))
        var position = 0
        while position < queue.count {
          let u = Int(queue[position])
          position += 1
          var arc = head[u]
          while arc >= 0 {
            let a = Int(arc)
            let v = Int(target[a])
            if capacity[a] > 0 && level[v] < 0 && Int(cost[a]) + potential[u] - potential[v] == 0 {
              level[v] = level[u] + 1
              queue.append(Int32(v))
            }
            arc = next[a]
          }
        }
        if level[sink] < 0 { break }
        cursor = head
        var pushed = false
        while sent < limit {
          // One augmenting path along level-increasing admissible arcs.
          pathArcs.removeAll(keepingCapacity: true)
          var u = source
          var found = false
          while true {
            if u == sink {
              found = true
              break
            }
            var advanced = false
            while cursor[u] >= 0 {
              let a = Int(cursor[u])
              let v = Int(target[a])
              if capacity[a] > 0 && level[v] == level[u] + 1 && Int(cost[a]) + potential[u] - potential[v] == 0 {
                pathArcs.append(Int32(a))
                u = v
                advanced = true
                break
              }
              cursor[u] = next[a]
            }
            if advanced { continue }
            // Dead end: retreat.
            level[u] = -1
            guard let last = pathArcs.popLast() else { break }
            u = Int(target[Int(last) ^ 1])
            cursor[u] = next[Int(last)]
          }
          if !found { break }
          var amount = limit - sent
          for a in pathArcs { amount = min(amount, Int(capacity[Int(a)])) }
          for a in pathArcs {
            capacity[Int(a)] -= Int32(amount)
            capacity[Int(a) ^ 1] += Int32(amount)
          }
          sent += amount
          total += amount * pathCost
          pushed = true
        }
        if !pushed { break }
      }
    }
    return total
  }
}

/// A binary min-heap of (key, node).
private struct MinHeap {
  private var keys: [Int] = []
  private var nodes: [Int32] = []

  mutating func push(_ key: Int, _ node: Int32) {
    keys.append(key)
    nodes.append(node)
    var child = keys.count - 1
    while child > 0 {
      let parent = (child - 1) / 2
      if keys[parent] <= keys[child] { break }
      keys.swapAt(parent, child)
      nodes.swapAt(parent, child)
      child = parent
    }
  }

  mutating func pop() -> (Int, Int32)? {
    guard let key = keys.first, let node = nodes.first else { return nil }
    let lastKey = keys.removeLast()
    let lastNode = nodes.removeLast()
    if !keys.isEmpty {
      keys[0] = lastKey
      nodes[0] = lastNode
      var parent = 0
      while true {
        let left = 2 * parent + 1
        if left >= keys.count { break }
        let right = left + 1
        let child = right < keys.count && keys[right] < keys[left] ? right : left
        if keys[parent] <= keys[child] { break }
        keys.swapAt(parent, child)
        nodes.swapAt(parent, child)
        parent = child
      }
    }
    return (key, node)
  }
}

extension CompiledSchedulingProblem {
  /// The flow relaxation: drop "one slot per meeting" and keep only how many meetings each
  /// participant can sit in (their available slots) and how many fit in the event (slots × tables).
  /// A max-weight b-matching with that cap bounds every schedule's objective from above.
  func flowBound() -> Int {
    let people = participantIDs.count
    // Nodes: 0 source, 1 sink, then each participant twice (as requester, as requested).
    var flow = MinCostFlow(nodes: 2 + 2 * people)
    var maximum = 1
    var senders = Set<Int32>()
    var receivers = Set<Int32>()
    for request in requestIDs.indices where feasibleSlots[request] > 0 {
      flow.addArc(2 + Int(from[request]), 2 + people + Int(to[request]), capacity: 1, cost: -Int(weight[request]))
      maximum = max(maximum, Int(weight[request]))
      senders.insert(from[request])
      receivers.insert(to[request])
    }
    func capacityOf(_ person: Int32) -> Int {
      (0..<slots).reduce(0) { $0 + (unavailable[Int(person) * slots + $1] ? 0 : 1) }
    }
    for person in senders.sorted() { flow.addArc(0, 2 + Int(person), capacity: capacityOf(person), cost: 0) }
    for person in receivers.sorted() { flow.addArc(2 + people + Int(person), 1, capacity: capacityOf(person), cost: 0) }
    var potential = [Int](repeating: 0, count: 2 + 2 * people)
    potential[1] = -maximum
    for person in 0..<people { potential[2 + people + person] = -maximum }
    return -flow.minimise(source: 0, sink: 1, limit: slots * tables, potential: potential)
  }
}
