/// Physical constants used by the model, in SI units.
public enum PhysicalConstants {
    /// Speed of light in vacuum, m/s (000 (23) uses it for round-trip propagation).
    public static let speedOfLight = 299_792_458.0
    /// Thermal noise power spectral density at 290 K, W/Hz (-174 dBm/Hz).
    public static let thermalNoiseDensity = 1.380649e-23 * 290.0
}

/// Decibel helpers; instance files state gains and noise in dB, the model works in linear units.
public enum Decibel {
    /// Linear power ratio of a value in dB.
    @inlinable public static func toLinear(_ dB: Double) -> Double { pow10(dB / 10) }
    /// Watts of a value in dBm.
    @inlinable public static func dBmToWatts(_ dBm: Double) -> Double { pow10((dBm - 30) / 10) }
    /// dB of a linear power ratio.
    @inlinable public static func fromLinear(_ x: Double) -> Double { 10 * log10(x) }
    @inlinable static func pow10(_ x: Double) -> Double { exp(x * 2.302585092994046) }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
