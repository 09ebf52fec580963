import OffloadModel

/// The seeds of a comparison, all derived from one base seed (`offload compare --seed`).
///
/// Episode `e` is the instance expanded with `instanceSeed(episode: e)`, the same for every method (common
/// random numbers: identical tasks, channels and visibility). Method seed `k` seeds the solvers' own
/// randomness (Random, GA). Each (episode, method seed) pair is one paired sample. The two seed families come
/// from different streams of the base generator, so no solver ever shares a random stream with the scenario
/// generator even when the numbers are small.
public struct EpisodePlan: Codable, Hashable, Sendable {
    public var baseSeed: UInt64
    public var episodes: Int
    public var methodSeedCount: Int

    public init(baseSeed: UInt64, episodes: Int, methodSeedCount: Int) {
        self.baseSeed = baseSeed
        self.episodes = episodes
        self.methodSeedCount = methodSeedCount
    }

    /// Stream tags of the two seed families.
    static let instanceStream: UInt64 = 0x4550_4953_0000_0000 // "EPIS"
    static let methodStream: UInt64 = 0x4D45_5448_0000_0000   // "METH"

    /// Generator seed of episode `e`.
    public func instanceSeed(episode e: Int) -> UInt64 {
        var g = SeededGenerator(seed: baseSeed).derived(EpisodePlan.instanceStream &+ UInt64(e))
        return g.next()
    }

    /// Seed of the methods' own randomness in repetition `k`.
    public func methodSeed(_ k: Int) -> UInt64 {
        var g = SeededGenerator(seed: baseSeed).derived(EpisodePlan.methodStream &+ UInt64(k))
        return g.next()
    }

    public var instanceSeeds: [UInt64] { (0..<episodes).map { instanceSeed(episode: $0) } }
    public var methodSeeds: [UInt64] { (0..<methodSeedCount).map(methodSeed) }
    /// Paired samples per method: episodes x method seeds.
    public var samplesPerMethod: Int { episodes * methodSeedCount }
}
