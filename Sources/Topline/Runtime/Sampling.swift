/// `sample`: which rows a seed draws, by an algorithm stated here so that any
/// program can draw the same rows.
///
/// - The generator is SplitMix64 (Steele, Lea and Flood, 2014, as in Vigna's
///   reference `splitmix64.c`), its state starting at the seed's 64 bits
///   (a negative seed as two's complement).
/// - Each draw is a double in [0, 1): the generator's next output shifted
///   right by 11 bits, times 2⁻⁵³.
/// - Rows are chosen by selection sampling (Knuth, TAOCP vol. 2, §3.4.2,
///   Algorithm S): row t (from 0) of R, with m of the n rows chosen so far, is
///   chosen when (R − t) · u < n − m for the next draw u; one draw per row
///   looked at, and it stops once n rows are chosen. Every set of n rows is
///   equally likely, and the rows come out in the table's order.
///
/// `Tests/oracle/generate_duckdb_cases.py` draws samples by this description
/// in Python, and a test compares them with these.
enum Sampling {
    /// SplitMix64.
    struct Generator {
        var state: UInt64

        init(seed: Int64) { state = UInt64(bitPattern: seed) }

        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }

        /// A double in [0, 1) from the top 53 bits of the next output.
        mutating func nextUnit() -> Double { Double(next() >> 11) * 0x1p-53 }
    }

    /// `n` of the rows `0..<total`, in increasing order (all of them when `n >= total`).
    static func rows(choosing n: Int, of total: Int, seed: Int64, context: EvaluationContext) throws(Diagnostic) -> [Int] {
        guard n < total else { return Array(0..<total) }
        var generator = Generator(seed: seed)
        var chosen: [Int] = []
        chosen.reserveCapacity(n)
        var t = 0
        while chosen.count < n {
            if t & 0xFFFF == 0 { try context.checkInterrupt() }
            if Double(total - t) * generator.nextUnit() < Double(n - chosen.count) { chosen.append(t) }
            t += 1
        }
        return chosen
    }
}
