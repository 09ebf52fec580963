import Foundation
import Testing
@testable import GLPK

private final class Box: @unchecked Sendable {
    var results: [Double?] = []
    let lock = NSLock()
}

@Test func twoThreadsSolveAtOnce() throws {
    #expect(GLPKEnvironment.isThreadLocal)
    let models = [hardKnapsack(items: 40, seed: 1), hardKnapsack(items: 40, seed: 2)]
    let expected = try models.map { try $0.solveMIP().objective }
    let box = Box()
    let group = DispatchGroup()
    for model in models {
        group.enter()
        let thread = Thread {
            for _ in 0..<5 {
                let value = try? model.solveMIP().objective
                box.lock.lock()
                box.results.append(value)
                box.lock.unlock()
            }
            group.leave()
        }
        thread.start()
    }
    group.wait()
    #expect(box.results.count == 10)
    for value in box.results { #expect(value == expected[0] || value == expected[1]) }
    #expect(box.results.filter { $0 == expected[0] }.count >= 5)
}
