import ArgumentParser
import Foundation
import OffloadScenarios

struct GenerateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate", abstract: "Write a generated instance file from a preset.")

    enum Preset: String, ExpressibleByArgument, CaseIterable {
        case leo
        case basestation
    }

    @Option(help: "Scenario preset: leo (000 §4.1) or basestation (001 Table II).")
    var preset: Preset = .leo

    @Option(help: "Number of devices.")
    var users: Int?

    @Option(help: "Number of LEO satellites (leo preset).")
    var satellites: Int = 5

    @Option(help: "Number of slots.")
    var slots: Int?

    @Option(help: "Generator seed.")
    var seed: UInt64 = 1

    @Option(help: "Instance name.")
    var name: String?

    @Option(name: .shortAndLong, help: "Output file (stdout when omitted).")
    var output: String?

    func validate() throws {
        if let users, users < 1 { throw ValidationError("--users must be at least 1 (got \(users))") }
        if satellites < 1 { throw ValidationError("--satellites must be at least 1 (got \(satellites))") }
        if let slots, slots < 1 { throw ValidationError("--slots must be at least 1 (got \(slots))") }
    }

    func run() throws {
        try reportingErrors {
            var instance: Instance
            switch preset {
            case .leo:
                instance = Presets.leo(name: name ?? "leo", users: users ?? 50, satellites: satellites,
                                       slots: slots ?? 20, seed: seed)
            case .basestation:
                instance = Presets.dtSyncBaseStation(seed: seed, users: users ?? 6, slots: slots ?? 25)
                if let name { instance.name = name }
            }
            try instance.validate()
            let text = try encodeJSON(instance) + "\n"
            if let output { try write(text, to: output) } else { print(text, terminator: "") }
        }
    }
}
