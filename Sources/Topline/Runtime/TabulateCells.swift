/// A banner table's input as cells instead of rows: each cell stands for the rows that share its
/// row-variable value, banner value and stratum, with their count, Σw and Σw² — what a database
/// returns for `tabulate` on an attached table (`GROUP BY GROUPING SETS`), so that no respondent's
/// row crosses the wire. ``Tabulate`` adds a cell's sums where it would add a row's.
///
/// The table beside it holds one row per cell: the row variables and the banners. A cell of one
/// row variable has the others null (it is no category of theirs); a cell of one banner has the
/// other banners null and is no part of the Total (`inTotal` false); the Total's cells have every
/// banner null. A numeric row variable's cells also say whether their rows have a value and carry
/// its mean's Σwx, Σw²x and Σw²x² (``means``); a multiple-response set's, whether their rows
/// answered it and each of its columns' Σw and Σw² where chosen (``sets``).
///
/// On a design whose units are rows (weights only, or strata without clusters) the sums per stratum
/// give the figures (``BannerStatistics``). On a design with clusters each cell lies in one
/// last-stage unit, and `design` has the cells as its rows (each weighing its Σw, in its unit at
/// every stage): a row's linearised value w(a − θ)/W adds up over a cell's rows to
/// (Σwa − θΣw)/W, which is the cell's own as a row of value Σwa/Σw, so ``DesignVariance`` gives
/// the same variance from the cells as from the rows. On replicate weights `design` has the cells
/// as its rows too, each weighing its Σw_r under replicate r: a share's θ_r = Σw_r·a/Σw_r adds up
/// the same over cells as over rows, since a is constant within a cell, and R's `degf` comes from
/// the cells' cross products of replicate weights (``ReplicateWeights/CellCrossProducts``). A mean's
/// a = x is not constant within a cell, so its θ_r = Σw_r·x/Σw_r takes a second block of rows in
/// `design`, one per cell weighing Σw·x (Σw_r·x under replicate r): its estimand has a = 0, b = 1 on
/// the cells and a = 1, b = 0 on that block (``MeanSums/replicateRows``), and θ_r = Σ(Σw_r·x)/ΣΣw_r
/// over the column's cells, as over its rows. A set's column the same, with Σw_r where chosen.
struct TabulateCells: Sendable {
    /// The rows, Σw and Σw² (unweighted: the rows, twice), stratum and Total flag of each cell.
    var rows: [Int]
    var weight: [Double]
    var weightSquared: [Double]
    var stratum: [Int]
    var inTotal: [Bool]
    /// The design the cells were summed under (its first stage's n_h and 1 − f_h; with clusters, the
    /// design whose rows are the cells); nil unweighted.
    var design: DesignFrame?
    /// For each numeric row variable (by its place in `tabulate`): its sums per cell.
    var means: [Int: MeanSums] = [:]

    /// For each multiple-response set (by its place in `tabulate`): its sums per cell.
    var sets: [Int: SetSums] = [:]

    /// A multiple-response set's cells: its columns' names (its categories), whether the cell's rows
    /// answered any of them (they are in its base), and per column the Σw and Σw² of the rows that chose it.
    struct SetSums: Sendable {
        let labels: [String]
        var answered: [Bool] = []
        var weight: [[Double]]
        var weightSquared: [[Double]]
        /// On replicate weights, where each column's block of rows of Σw where chosen begins in the design.
        var replicateRows: [Int] = []

        init(labels: [String]) {
            self.labels = labels
            weight = labels.map { _ in [] }
            weightSquared = weight
        }

        mutating func append(answered a: Bool, chosen: [(weight: Double, weightSquared: Double)]) {
            answered.append(a)
            for (j, sums) in chosen.enumerated() {
                weight[j].append(sums.weight)
                weightSquared[j].append(sums.weightSquared)
            }
        }
    }

    /// A numeric row variable's cells: whether their rows have a value (they are in its base), and
    /// the Σwx, Σw²x and Σw²x² of its mean.
    struct MeanSums: Sendable {
        var valued: [Bool] = []
        var weighted: [Double] = []
        var squared: [Double] = []
        var squaredTwice: [Double] = []
        /// On replicate weights, where the block of rows of Σw·x begins in the design (cell k's is this + k).
        var replicateRows: Int?

        mutating func append(valued v: Bool, weighted a: Double, squared b: Double, squaredTwice c: Double) {
            valued.append(v)
            weighted.append(a)
            squared.append(b)
            squaredTwice.append(c)
        }
    }

    /// Whether the sums are not enough: on a design whose units are rows, a stratum with rows in the
    /// table has a single unit (and variance), which the lonely-PSU rules of ``DesignVariance`` settle
    /// from the rows. (With clusters the cells are the design's rows, and those rules apply to them.)
    var needsRows: Bool {
        guard design?.replicates == nil, let stage = design?.stages.first, stage.unitOfRow == nil else { return false }
        let touched = Set(stratum)
        return touched.contains { stage.unitCount[$0] < 2 && stage.correction[$0] >= 0.0000001 }
    }
}
