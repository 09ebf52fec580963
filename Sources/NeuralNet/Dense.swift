/// A fully connected layer `y = act(x W + b)` over a whole minibatch.
///
/// `W` is stored `inputs x outputs` row-major at `weightOffset` of a
/// `ParameterSet`, `b` (`outputs`) at `biasOffset`. Rows of `x`/`y` are samples.
public struct Dense: Codable, Sendable, Equatable {
    /// Input width, output width, activation and where W and b live in the parameter vector.
    public let inputs: Int
    public let outputs: Int
    public let activation: Activation
    public let weightOffset: Int
    public let biasOffset: Int

    /// Reserves this layer's parameters in `layout`.
    public init(inputs: Int, outputs: Int, activation: Activation, layout: inout ParameterLayout) {
        self.inputs = inputs
        self.outputs = outputs
        self.activation = activation
        weightOffset = layout.reserve(inputs * outputs)
        biasOffset = layout.reserve(outputs)
    }

    /// Writes initial weights (biases zero) into `parameters`.
    public func initialize(_ parameters: ParameterSet, scheme: WeightInit, rng: inout Xoshiro256StarStar) {
        let w: [Float]
        switch scheme {
        case .orthogonal(let gain): w = Initializer.orthogonal(inputs: inputs, outputs: outputs, gain: gain, rng: &rng)
        case .scaledUniform(let scale): w = Initializer.scaledUniform(inputs: inputs, outputs: outputs, scale: scale, rng: &rng)
        }
        let p = parameters.values.pointer
        for i in 0..<w.count { p[weightOffset + i] = w[i] }
        for o in 0..<outputs { p[biasOffset + o] = 0 }
    }

    /// `y[batch x outputs] = act(x[batch x inputs] W + b)`.
    @inline(__always)
    public func forward(_ parameters: ParameterSet, input x: UnsafePointer<Float>, batch: Int, output y: UnsafeMutablePointer<Float>) {
        let p = parameters.values.pointer
        let bias = p + biasOffset
        for r in 0..<batch { (y + r * outputs).update(from: bias, count: outputs) }
        GEMM.multiply(m: batch, n: outputs, k: inputs, a: x, lda: inputs, b: p + weightOffset, ldb: outputs,
                      beta: 1, c: y, ldc: outputs)
        activation.apply(y, count: batch * outputs)
    }

    /// Back-propagates `gradOutput` (dL/dy, overwritten with dL/d(pre-activation)).
    /// Accumulates dL/dW and dL/db into `parameters.gradients`, and writes dL/dx
    /// into `gradInput` when given.
    @inline(__always)
    public func backward(_ parameters: ParameterSet, input x: UnsafePointer<Float>, output y: UnsafePointer<Float>,
                         gradOutput g: UnsafeMutablePointer<Float>, batch: Int,
                         gradInput: UnsafeMutablePointer<Float>?) {
        activation.backward(output: y, grad: g, count: batch * outputs)
        let grads = parameters.gradients.pointer
        // dW += x^T g
        GEMM.multiply(transA: true, m: inputs, n: outputs, k: batch, a: x, lda: inputs, b: g, ldb: outputs,
                      beta: 1, c: grads + weightOffset, ldc: outputs)
        // db += column sums of g
        addColumnSums(g, rows: batch, columns: outputs, into: grads + biasOffset)
        if let gx = gradInput {
            // dx = g W^T
            GEMM.multiply(transB: true, m: batch, n: inputs, k: outputs, a: g, lda: outputs,
                          b: parameters.values.pointer + weightOffset, ldb: outputs, beta: 0, c: gx, ldc: inputs)
        }
    }
}

/// `dst[c] += sum_r src[r * columns + c]`.
@inline(__always)
func addColumnSums(_ src: UnsafePointer<Float>, rows: Int, columns: Int, into dst: UnsafeMutablePointer<Float>) {
    var c = 0
    while c + 16 <= columns {
        var acc = UnsafeRawPointer(dst + c).loadUnaligned(as: SIMD16<Float>.self)
        for r in 0..<rows { acc += UnsafeRawPointer(src + r * columns + c).loadUnaligned(as: SIMD16<Float>.self) }
        UnsafeMutableRawPointer(dst + c).storeBytes(of: acc, as: SIMD16<Float>.self)
        c += 16
    }
    while c < columns {
        var acc = dst[c]
        for r in 0..<rows { acc += src[r * columns + c] }
        dst[c] = acc
        c += 1
    }
}
