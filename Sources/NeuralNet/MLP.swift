/// A multilayer perceptron: hidden layers with one activation, a linear output layer.
///
/// The network only describes shapes and parameter offsets; the values live in a
/// `ParameterSet` (shared with other networks of the same model) and the
/// activations in an `MLPWorkspace` sized for one batch size.
public struct MLP: Codable, Sendable, Equatable {
    /// Layers from input to output.
    public let layers: [Dense]

    /// Input width.
    public var inputSize: Int { layers.first?.inputs ?? 0 }
    /// Output width.
    public var outputSize: Int { layers.last?.outputs ?? 0 }

    /// Lays out `inputSize -> hidden... -> outputSize` in `layout`.
    public init(inputSize: Int, hidden: [Int], outputSize: Int, activation: Activation, layout: inout ParameterLayout) {
        var sizes = [inputSize]
        sizes.append(contentsOf: hidden)
        sizes.append(outputSize)
        var built: [Dense] = []
        for l in 0..<(sizes.count - 1) {
            let isOutput = l == sizes.count - 2
            built.append(Dense(inputs: sizes[l], outputs: sizes[l + 1], activation: isOutput ? .identity : activation,
                               layout: &layout))
        }
        layers = built
    }

    /// Initialises hidden layers with `hidden` and the output layer with `output`.
    public func initialize(_ parameters: ParameterSet, hidden: WeightInit, output: WeightInit, rng: inout Xoshiro256StarStar) {
        for (l, layer) in layers.enumerated() {
            layer.initialize(parameters, scheme: l == layers.count - 1 ? output : hidden, rng: &rng)
        }
    }

    /// Runs the batch `input[batch x inputSize]` through the network. Outputs
    /// of every layer stay in `workspace` for `backward`; the result is
    /// `workspace.output` (`batch x outputSize`).
    @inline(__always)
    public func forward(_ parameters: ParameterSet, input: UnsafePointer<Float>, workspace ws: MLPWorkspace) {
        var x = input
        for l in 0..<layers.count {
            let y = ws.outputs[l].pointer
            layers[l].forward(parameters, input: x, batch: ws.batch, output: y)
            x = UnsafePointer(y)
        }
    }

    /// Back-propagates `workspace.outputGradient` (fill it with dL/doutput
    /// first; it is overwritten) and accumulates parameter gradients.
    /// `input` must be the same pointer given to `forward`. When `inputGradient`
    /// is given, dL/dinput is written there.
    @inline(__always)
    public func backward(_ parameters: ParameterSet, input: UnsafePointer<Float>, workspace ws: MLPWorkspace,
                         inputGradient: UnsafeMutablePointer<Float>? = nil) {
        var l = layers.count - 1
        while l >= 0 {
            let x = l == 0 ? input : UnsafePointer(ws.outputs[l - 1].pointer)
            let gx: UnsafeMutablePointer<Float>? = l == 0 ? inputGradient : ws.gradients[l - 1].pointer
            layers[l].backward(parameters, input: x, output: ws.outputs[l].pointer, gradOutput: ws.gradients[l].pointer,
                               batch: ws.batch, gradInput: gx)
            l -= 1
        }
    }
}

/// Preallocated activations and gradients of one `MLP` for one batch size, so
/// forward and backward passes never allocate.
public final class MLPWorkspace {
    /// Rows per call.
    public let batch: Int
    /// Output of each layer (`batch x layer.outputs`).
    public let outputs: [FloatBuffer]
    /// Gradient wrt each layer's output.
    public let gradients: [FloatBuffer]

    /// Allocates buffers for `batch` rows of `network`.
    public init(network: MLP, batch: Int) {
        self.batch = batch
        outputs = network.layers.map { FloatBuffer(count: batch * $0.outputs) }
        gradients = network.layers.map { FloatBuffer(count: batch * $0.outputs) }
    }

    /// Final layer output, `batch x outputSize`.
    public var output: UnsafeMutablePointer<Float> { outputs[outputs.count - 1].pointer }
    /// Where the caller writes dL/d(final output) before `backward`.
    public var outputGradient: UnsafeMutablePointer<Float> { gradients[gradients.count - 1].pointer }
    /// Output of the last hidden layer (the "latent" features), or nil for a single-layer net.
    public var lastHidden: UnsafeMutablePointer<Float>? { outputs.count >= 2 ? outputs[outputs.count - 2].pointer : nil }
}
