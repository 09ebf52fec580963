import ArgumentParser
import OffloadModel
import OffloadScenarios

/// Options shared by commands that read an instance.
struct InstanceOptions: ParsableArguments {
    @Argument(help: "Instance file (JSON, see instances/schema.json).")
    var instance: String

    @Option(name: .customLong("instance-seed"),
            help: "Expand a generated instance with this seed instead of the one in the file.")
    var instanceSeed: UInt64?

    /// Loads, validates and expands the instance.
    func load() throws -> (Instance, Scenario) {
        let file = try JSONCoding.load(Instance.self, path: instance)
        let scenario = try file.scenario(seed: instanceSeed)
        return (file, scenario)
    }

    /// The seed the scenario was expanded with (nil for explicit instances).
    func effectiveSeed(_ file: Instance) -> UInt64? { file.isGenerated ? (instanceSeed ?? file.seed) : nil }
}
