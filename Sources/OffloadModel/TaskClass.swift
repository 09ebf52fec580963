/// A class of DT-synchronization task (000 §4.1: light CNN, detection, segmentation).
///
/// Per-bit cycle counts and codec parameters are not given by the seeds; the defaults
/// are documented calibration choices (docs/MODEL.md, "Calibration").
public struct TaskClass: Codable, Hashable, Sendable {
    /// Human-readable name, e.g. "light-cnn".
    public var name: String
    /// Cycles per input bit when the task runs on the device (`lambda_u`, 000 (7)).
    public var deviceCyclesPerBit: Double
    /// Cycles per bit of the server's input when it runs on a server (`lambda_l`, 000 (20)).
    public var serverCyclesPerBit: Double
    /// Semantic encoder cycles per raw bit at `mu = 1` (`w_enc`, 001 (7)-(8)).
    public var encoderCyclesPerBit: Double
    /// Semantic decoder cycles per raw bit at `mu = 1` (`w_dec`, 001 (14)).
    public var decoderCyclesPerBit: Double
    /// Encoder exponent `x`: encoding cycles scale as `mu^(-x)` (001 (7), x = 1.2).
    public var encoderExponent: Double
    /// Decoder exponent `y`: decoding cycles scale as `mu^(1-y)` (001 (14), y = 1.5).
    public var decoderExponent: Double
    /// Accuracy of the task on raw data (`eps_max(c)`), in [0, 1].
    public var maxAccuracy: Double
    /// Accuracy exponent `a_c`: `eps = eps_max * mu^a` (003 (9), power law in `mu`).
    public var accuracyExponent: Double

    public init(name: String, deviceCyclesPerBit: Double, serverCyclesPerBit: Double,
                encoderCyclesPerBit: Double, decoderCyclesPerBit: Double,
                encoderExponent: Double = 1.2, decoderExponent: Double = 1.5,
                maxAccuracy: Double, accuracyExponent: Double) {
        self.name = name
        self.deviceCyclesPerBit = deviceCyclesPerBit
        self.serverCyclesPerBit = serverCyclesPerBit
        self.encoderCyclesPerBit = encoderCyclesPerBit
        self.decoderCyclesPerBit = decoderCyclesPerBit
        self.encoderExponent = encoderExponent
        self.decoderExponent = decoderExponent
        self.maxAccuracy = maxAccuracy
        self.accuracyExponent = accuracyExponent
    }
}

/// The numbers of a task class the formulas use, without the name: a plain value the hot loops
/// can copy without reference counting.
public struct TaskCost: Hashable, Sendable {
    public var deviceCyclesPerBit: Double
    public var serverCyclesPerBit: Double
    public var encoderCyclesPerBit: Double
    public var decoderCyclesPerBit: Double
    public var encoderExponent: Double
    public var decoderExponent: Double
    public var maxAccuracy: Double
    public var accuracyExponent: Double
}

extension TaskClass {
    /// This class's formula parameters.
    public var cost: TaskCost {
        TaskCost(deviceCyclesPerBit: deviceCyclesPerBit, serverCyclesPerBit: serverCyclesPerBit,
                 encoderCyclesPerBit: encoderCyclesPerBit, decoderCyclesPerBit: decoderCyclesPerBit,
                 encoderExponent: encoderExponent, decoderExponent: decoderExponent,
                 maxAccuracy: maxAccuracy, accuracyExponent: accuracyExponent)
    }
}
