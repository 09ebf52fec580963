import CGLPK

/// What a node heuristic sees: the LP relaxation at the current branch-and-bound node.
public struct NodeInfo {
    /// LP values of all columns (0-based, original column order).
    public let lpValues: [Double]
    /// LP objective at this node (with constant).
    public let lpObjective: Double
    /// Depth of the node (0 = root).
    public let depth: Int
    /// Nodes created so far.
    public let nodeCount: Int
    /// Objective of the current incumbent, nil if none yet; a candidate must beat it.
    public let incumbentObjective: Double?
}

/// Called at every node whose LP solution is fractional (GLPK's `GLP_IHEUR` event, on the
/// solving thread, synchronously). Return a full integer-feasible column vector to offer
/// it as incumbent, or nil. Candidates are checked for feasibility in Swift, because
/// `glp_ios_heur_sol` checks integrality and improvement only.
public typealias NodeHeuristic = (NodeInfo) -> [Double]?

/// State shared with GLPK's branch-and-cut callback through `glp_iocp.cb_info`.
final class SearchContext {
    let model: ValidatedModel
    let isMinimization: Bool
    let deadline: Double?
    let nodeLimit: Int?
    let tolerance: Double
    let heuristic: NodeHeuristic?
    var pendingInitial: [Double]?

    /// Proven bound, tightened on every callback (the search tree is gone afterwards).
    var bestBound: Double?
    var rootLPObjective: Double?
    var nodeCount = 0
    var stopReason: StopReason?
    var accepted = 0
    var rejected = 0
    private var buffer: [Double]

    init(model: ValidatedModel, deadline: Double?, nodeLimit: Int?, tolerance: Double,
         initial: [Double]?, heuristic: NodeHeuristic?) {
        self.model = model
        self.isMinimization = model.problem.sense == .minimize
        self.deadline = deadline
        self.nodeLimit = nodeLimit
        self.tolerance = tolerance
        self.pendingInitial = initial
        self.heuristic = heuristic
        self.buffer = [Double](repeating: 0, count: model.problem.columns.count + 1)
    }

    func tighten(bound: Double) {
        // GLPK marks "no bound yet" with +-DBL_MAX.
        guard bound.isFinite, abs(bound) < Double.greatestFiniteMagnitude else { return }
        if let current = bestBound {
            bestBound = isMinimization ? max(current, bound) : min(current, bound)
        } else {
            bestBound = bound
        }
    }

    func handle(_ tree: OpaquePointer) {
        let reason = glp_ios_reason(tree)
        var active: Int32 = 0, alive: Int32 = 0, total: Int32 = 0
        glp_ios_tree_size(tree, &active, &alive, &total)
        nodeCount = Int(total)
        // The minimum (maximum) local bound over active nodes never decreases (increases).
        let best = glp_ios_best_node(tree)
        if best != 0 { tighten(bound: glp_ios_node_bound(tree, best)) }
        let current = glp_ios_curr_node(tree)
        if reason == GLP_IROWGEN && rootLPObjective == nil && current != 0 && glp_ios_node_level(tree, current) == 0 {
            rootLPObjective = glp_get_obj_val(glp_ios_get_prob(tree))
        }
        if reason == GLP_IHEUR && current != 0 {
            runHeuristics(tree, node: current)
        }
        if let deadline, monotonicSeconds() >= deadline {
            stop(tree, .timeLimit)
        } else if let nodeLimit, reason == GLP_ISELECT, nodeCount > nodeLimit {
            // Checked only when the next node is chosen, so the root is always processed.
            stop(tree, .nodeLimit)
        }
    }

    private func stop(_ tree: OpaquePointer, _ reason: StopReason) {
        if stopReason == nil { stopReason = reason }
        glp_ios_terminate(tree)
    }

    private func runHeuristics(_ tree: OpaquePointer, node: Int32) {
        if let initial = pendingInitial {
            pendingInitial = nil
            offer(initial, tree)
        }
        guard let heuristic else { return }
        let prob = glp_ios_get_prob(tree)
        let n = model.problem.columns.count
        var values = [Double](repeating: 0, count: n)
        for j in 0..<n { values[j] = glp_get_col_prim(prob, Int32(j + 1)) }
        let info = NodeInfo(lpValues: values, lpObjective: glp_get_obj_val(prob),
                            depth: Int(glp_ios_node_level(tree, node)), nodeCount: nodeCount,
                            incumbentObjective: glp_mip_status(prob) == GLP_FEAS ? glp_mip_obj_val(prob) : nil)
        if let candidate = heuristic(info) { offer(candidate, tree) }
    }

    private func offer(_ candidate: [Double], _ tree: OpaquePointer) {
        guard model.violation(of: candidate, tolerance: tolerance) == nil else {
            rejected += 1
            return
        }
        let snapped = model.snapped(candidate)
        for j in 0..<snapped.count { buffer[j + 1] = snapped[j] }
        if glp_ios_heur_sol(tree, buffer) == 0 { accepted += 1 } else { rejected += 1 }
    }
}

/// The C entry point; recovers the context from `info` without retaining it (the solve
/// call keeps it alive for the duration of `glp_intopt`).
let searchCallback: @convention(c) (OpaquePointer?, UnsafeMutableRawPointer?) -> Void = { tree, info in
    guard let tree, let info else { return }
    Unmanaged<SearchContext>.fromOpaque(info).takeUnretainedValue().handle(tree)
}
