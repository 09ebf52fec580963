import ArgumentParser

/// `offload`: solve, check and benchmark computation-offloading instances.
@main
struct Offload: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "offload",
        abstract: "Computation offloading for LEO-satellite and edge networks with digital twins and semantic communication.",
        subcommands: [GenerateCommand.self, SolveCommand.self, CheckCommand.self, CompareCommand.self, BoundCommand.self,
                      ExportMILPCommand.self, TrainCommand.self, EvaluateCommand.self, BenchCommand.self])
}
