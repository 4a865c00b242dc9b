extension DatasetReader {
    /// The data formats `load` reads: each one's name (what `load … format NAME`
    /// takes), the extensions that mean it, and which reader reads it. The one
    /// list of formats: the reader, the `format` option of `load`, completion,
    /// the load diagnostics and the README read it.
    ///
    /// ```swift
    /// _ = DatasetReader.Format(extension: "ZSAV")    // .sav
    /// _ = DatasetReader.Format(name: "ndjson")       // .ndjson
    /// _ = DatasetReader.Format.dta.family            // .readStat
    /// ```
    public enum Format: String, Sendable, CaseIterable {
        case csv, tsv, json, ndjson
        /// SPSS: `.sav` and its zlib-compressed form `.zsav`.
        case sav
        /// Stata.
        case dta
        /// SAS data sets.
        case sas7bdat
        /// SAS transport (XPORT, versions 5 and 8).
        case xpt

        /// Which reader reads it.
        public enum Family: Sendable {
            /// ``DelimitedReader``: CSV, TSV.
            case delimited
            /// ``JSONReader``: JSON, NDJSON.
            case json
            /// ``ReadStatReader``: the statistics packages' files, through ReadStat.
            case readStat
        }

        public var family: Family {
            switch self {
            case .csv, .tsv: return .delimited
            case .json, .ndjson: return .json
            case .sav, .dta, .sas7bdat, .xpt: return .readStat
            }
        }

        /// The extensions that mean this format, the first the usual one.
        public var extensions: [String] {
            switch self {
            case .csv: return ["csv"]
            case .tsv: return ["tsv", "tab"]
            case .json: return ["json"]
            case .ndjson: return ["ndjson", "jsonl"]
            case .sav: return ["sav", "zsav"]
            case .dta: return ["dta"]
            case .sas7bdat: return ["sas7bdat"]
            case .xpt: return ["xpt"]
            }
        }

        /// What it is, for help and completion.
        public var summary: String {
            switch self {
            case .csv: return "comma-separated values (RFC 4180)"
            case .tsv: return "tab-separated values"
            case .json: return "a JSON array of objects"
            case .ndjson: return "one JSON object per line"
            case .sav: return "SPSS data file (.sav, .zsav)"
            case .dta: return "Stata data file"
            case .sas7bdat: return "SAS data set"
            case .xpt: return "SAS transport file (XPORT)"
            }
        }

        /// Its name in a sentence: "Stata" in "not to Stata files".
        public var title: String {
            switch self {
            case .csv, .tsv, .json, .ndjson: return rawValue.uppercased()
            case .sav: return "SPSS"
            case .dta: return "Stata"
            case .sas7bdat: return "SAS"
            case .xpt: return "SAS transport"
            }
        }

        /// The format for a file extension (case-insensitive), if supported.
        public init?(extension ext: String) {
            let lowered = ext.lowercased()
            guard let format = Self.allCases.first(where: { $0.extensions.contains(lowered) }) else { return nil }
            self = format
        }

        /// The format of the file at `path`, by its extension.
        init?(path: String) {
            self.init(extension: DatasetReader.fileExtension(of: path))
        }

        /// The format `load … format NAME` names (case-insensitive), if any.
        public init?(name: String) {
            self.init(rawValue: name.lowercased())
        }

        /// Every extension ``init(extension:)`` accepts.
        public static let extensions = allCases.flatMap { $0.extensions }

        /// Every name ``init(name:)`` accepts, in order.
        public static let names = allCases.map { $0.rawValue }
    }
}
