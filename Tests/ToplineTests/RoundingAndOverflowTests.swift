import Testing
@testable import Topline

/// Issue 11, numbers: `round(x, digits)` rounds the exact binary value by
/// decimal arithmetic, for every numeric type; a number beyond ±1.8e308 is an
/// error with its position, as an integer beyond 64 bits is.
@Suite struct RoundingAndOverflowTests {
    typealias T = SessionTest

    static func session() throws -> Session {
        try T.session(["one": [T.integers("n", [1])]])
    }

    struct RoundCase: CustomTestStringConvertible, Sendable {
        var expression: String
        var result: Value
        var testDescription: String { expression }
    }

    static let rounding: [RoundCase] = [
        // Integers: negative digits round (they did nothing), the result stays an integer.
        RoundCase(expression: "round(1234, -1)", result: .integer(1230)),
        RoundCase(expression: "round(1235, -1)", result: .integer(1240)),
        RoundCase(expression: "round(-1235, -1)", result: .integer(-1240)),
        RoundCase(expression: "round(1234, -2)", result: .integer(1200)),
        RoundCase(expression: "round(1250, -2)", result: .integer(1300)),
        RoundCase(expression: "round(4, -1)", result: .integer(0)),
        RoundCase(expression: "round(1234, 2)", result: .integer(1234)),
        RoundCase(expression: "round(1234)", result: .integer(1234)),
        RoundCase(expression: "round(4000000000000000000, -19)", result: .integer(0)),
        RoundCase(expression: "round(9223372036854775807, -20)", result: .integer(0)),
        RoundCase(expression: "round(-9223372036854775807 - 1, -25)", result: .integer(0)),
        RoundCase(expression: "round(9223372036854775807, -18)", result: .integer(9_000_000_000_000_000_000)),
        // Numbers: the exact binary value decides, not x * 10^d.
        RoundCase(expression: "round(1.015 * 1000, -1)", result: .number(1010)),  // 1014.99999999999988…
        RoundCase(expression: "round(1.005, 2)", result: .number(1.0)),  // 1.00499999999999989…
        RoundCase(expression: "round(0.125, 2)", result: .number(0.13)),  // exactly half: away from zero
        RoundCase(expression: "round(-0.125, 2)", result: .number(-0.13)),
        RoundCase(expression: "round(2.5)", result: .number(3)),
        RoundCase(expression: "round(-2.5)", result: .number(-3)),
        RoundCase(expression: "round(0.49999999999999994)", result: .number(0)),
        RoundCase(expression: "round(0.1 + 0.2, 16)", result: .number(0.3)),
        RoundCase(expression: "round(0.1 + 0.2, 17)", result: .number(0.1 + 0.2)),
        RoundCase(expression: "round(123.456, 1)", result: .number(123.5)),
        RoundCase(expression: "round(123.456, -2)", result: .number(100)),
        // No clamp at ±15 digits.
        RoundCase(expression: "round(9.0e18, -19)", result: .number(1e19)),  // 0.9 × 10^19 is nearer 10^19 than 0
        RoundCase(expression: "round(4.0e18, -19)", result: .number(0)),
        RoundCase(expression: "round(9.0e18, -20)", result: .number(0)),
        RoundCase(expression: "round(123456789012345678.0, -17)", result: .number(1e17)),
        RoundCase(expression: "round(1.23456789012345678e-20, 22)", result: .number(1.23e-20)),
        RoundCase(expression: "round(5e-324, 400)", result: .number(.leastNonzeroMagnitude)),
        RoundCase(expression: "round(5e-324, 323)", result: .number(0)),
        RoundCase(expression: "round(123.456, -400)", result: .number(0)),
        RoundCase(expression: "round(1e300, 5)", result: .number(1e300)),
        RoundCase(expression: "round(1.7976931348623157e308, -300)", result: .number(1.79769313e308)),
        RoundCase(expression: "round(2.5, 9223372036854775807)", result: .number(2.5)),
        RoundCase(expression: "round(2.5, -9223372036854775807 - 1)", result: .number(0)),
        // Percents and points round in percent units, on the exact stored fraction.
        RoundCase(expression: "round(16.55%, 1)", result: .percent(0.166)),  // 0.16550000000000000821…
        RoundCase(expression: "round(14.5%, 0)", result: .percent(0.14)),  // 0.14499999999999999001…
        RoundCase(expression: "round(2.5%, 0)", result: .percent(0.03)),  // 0.025000000000000001387…
        RoundCase(expression: "round(1234%, -1)", result: .percent(12.3)),
        RoundCase(expression: "round(5.25pp, 1)", result: .points(0.052)),  // 0.052499999999999998…
        RoundCase(expression: "round(57% / 16%, 1)", result: .ratio(3.6)),  // 3.5625
        RoundCase(expression: "round(57% / 16%, 2)", result: .ratio(3.56)),
        RoundCase(expression: "round(estimate(16.25, 100), 1)", result: .percent(0.163)),
    ]

    @Test(arguments: rounding)
    func roundWorksOnTheExactValue(_ c: RoundCase) throws {
        let table = try T.table(try Self.session(), "from one | select x = \(c.expression)")
        #expect(table[0, "x"] == c.result, "\(ValueText.machine(table[0, "x"]))")
        #expect(table.columns[0].type == c.result.type)
    }

    @Test func exactDigitsOfDoubles() {
        func digits(_ x: Double) -> String {
            let (d, scale) = DecimalRounding.exactDigits(x)
            return String(decoding: d, as: UTF8.self) + "e-\(scale)"
        }
        #expect(digits(0.5) == "5e-1")
        #expect(digits(1014.9999999999999) == "10149999999999998863131622783839702606201171875e-43")
        #expect(digits(9_007_199_254_740_992) == "9007199254740992e-0")
        #expect(digits(0) == "0e-0")
        #expect(digits(1e23) == "99999999999999991611392e-0")
        #expect(digits(.leastNonzeroMagnitude).count == 751 + 6)
        #expect(String(decoding: DecimalRounding.exactDigits(.greatestFiniteMagnitude).digits, as: UTF8.self).count == 309)
    }

    /// Python's `decimal` as the oracle: `float(Decimal(x).quantize(Decimal(1).scaleb(-d), ROUND_HALF_UP))`
    /// rounds the exact binary value of x; 240 seeded cases of every magnitude,
    /// ties (`n + 0.5`, `k/1000 ± 0.0005`) and integers up to 2^62.
    static let oracle: [(x: Double, digits: Int, rounded: Double)] = [
        (3.9780415981589565e+18, -5, 3.978041598159e+18),
        (8.550456359042586e-107, 106, 1e-106),
        (4.757632362088763e-111, 109, 0.0),
        (-1.9960274489791148e+18, -17, -2e+18),
        (8.096445343671776e-259, 262, 8.096e-259),
        (-3.4464988623428654e+18, -18, -3e+18),
        (-6.195834744041418e-06, 16, -6.195834744e-06),
        (0.5562168130864866, 6, 0.556217),
        (8.42427128518532e+230, -230, 8e+230),
        (31012.5, 3, 31012.5),
        (-8.534023680088465e-05, 4, -0.0001),
        (9.956916416561992e-216, 217, 1e-215),
        (9870.25, 2, 9870.25),
        (-92200.5, 2, -92200.5),
        (-0.0019920039016301794, 2, 0.0),
        (9.16084766639627e-21, -9, 0.0),
        (944.148, 4, 944.148),
        (3.1320985758280975e+18, -17, 3.1e+18),
        (6.294549122340241e-25, 27, 6.29e-25),
        (-3.775807420524118e-21, 4, 0.0),
        (-7.308070622922786e-15, -22, 0.0),
        (-7012030784.753697, -11, 0.0),
        (1.883854675846165e+220, -220, 2e+220),
        (-120.8105, 3, -120.811),
        (-2.10293256927198e-08, -22, 0.0),
        (553.835, -2, 600.0),
        (-607.1875, -2, -600.0),
        (9.786033950203447e-08, 6, 0.0),
        (-9.74895, 0, -10.0),
        (1232.5, -2, 1200.0),
        (-5.825333806464852e+19, -7, -5.825333806465e+19),
        (202.5676871638775, 17, 202.5676871638775),
        (4.3114565627349176e+18, -1, 4.3114565627349176e+18),
        (817.2365, -1, 820.0),
        (-348.182, 0, -348.0),
        (-667.6535, 0, -668.0),
        (4.289167015175205e+18, 0, 4.289167015175205e+18),
        (-1.570855521052843e-15, -16, 0.0),
        (2.471165303411338e-06, -7, 0.0),
        (3.150986063276247e+18, 0, 3.150986063276247e+18),
        (-2.2800143469104783e+18, -12, -2.280014e+18),
        (-3.2440430758270756e+18, -11, -3.2440431e+18),
        (923.843, -3, 1000.0),
        (-46161214.394231796, -7, -50000000.0),
        (-0.009068037245235775, 1, 0.0),
        (5.721694229026519e-167, 165, 0.0),
        (-63.7175, 0, -64.0),
        (5.844402681801789e-158, 155, 0.0),
        (-5.0414205935412015, 22, -5.0414205935412015),
        (-91207.5, 2, -91207.5),
        (-0.0035528554510018797, -2, 0.0),
        (-848.099, 4, -848.099),
        (3.6777590019259966e-256, 255, 0.0),
        (-7768.5, 3, -7768.5),
        (-3.178940209431761e+18, -6, -3.178940209432e+18),
        (7269453480828652.0, -22, 0.0),
        (6.622652514452749e+87, -90, 0.0),
        (7.22490927592071e-210, 208, 0.0),
        (91.165, 1, 91.2),
        (4.577557924428768e+172, -167, 4.57756e+172),
        (37394281479.86778, -21, 0.0),
        (57623.5, 1, 57623.5),
        (-5.395567125470078e-14, 9, 0.0),
        (6.6013158798563675e+196, -195, 6.6e+196),
        (-2.6409729866634856e-12, 21, -2.640972987e-12),
        (2.0257441340680882e-128, 130, 2.03e-128),
        (1.4196729178521518e+18, -7, 1.41967291785e+18),
        (-47.9625, 4, -47.9625),
        (846.057, 3, 846.057),
        (222.8645, 0, 223.0),
        (-717.8225, 2, -717.82),
        (0.0004224355230352135, -12, 0.0),
        (-9.8701097498064e-05, -9, 0.0),
        (4.498706519392328e+18, 2, 4.498706519392328e+18),
        (8.77675, 1, 8.8),
        (-80423.5, 0, -80424.0),
        (4.148839919458858e-15, 17, 4.15e-15),
        (7.02065, -2, 0.0),
        (-150.25650000000002, 0, -150.0),
        (0.0005384262774835294, -7, 0.0),
        (671.109, -2, 700.0),
        (-9.344858021584289e+17, -4, -9.3448580215843e+17),
        (-53158.5, 4, -53158.5),
        (-1.307896147968081e+18, -12, -1.307896e+18),
        (-0.93665, 3, -0.937),
        (5.004160226467822e-138, 141, 5.004e-138),
        (-817.1085, 3, -817.109),
        (-55.226499999999994, 0, -55.0),
        (-2463944621382197.0, 19, -2463944621382197.0),
        (7.96767240907624e+50, -46, 7.9677e+50),
        (7074.05, -2, 7100.0),
        (-5734.068417207616, -17, 0.0),
        (407.595, 0, 408.0),
        (-3.0298591398121056e-16, -20, 0.0),
        (4.38013300255852e+18, -19, 0.0),
        (696.889, 3, 696.889),
        (-6.5420738558289475, 21, -6.5420738558289475),
        (-13.16, 4, -13.16),
        (-3.024832432958968e+18, -12, -3.024832e+18),
        (-1.579957949641716e+18, -3, -1.579957949641716e+18),
        (8.436233990431728e+272, -271, 8.4e+272),
        (75.9765, 4, 75.9765),
        (2.0823957252842196e-157, 162, 2.0824e-157),
        (2.7296241054675786e+208, -208, 3e+208),
        (-2.5035806340451543e+18, -3, -2.503580634045154e+18),
        (2.1045549775705052e-20, 12, 0.0),
        (3203.554328312874, 12, 3203.554328312874),
        (1.219309530484709e-206, 205, 0.0),
        (861651681.9404876, 4, 861651681.9405),
        (-6.866872195119875e+16, -4, -6.86687219512e+16),
        (1.654318894980068e+18, -6, 1.65431889498e+18),
        (1.2398914635744678e+18, -16, 1.24e+18),
        (-120.1635, -3, 0.0),
        (-66062.5, -2, -66100.0),
        (-673.832, -3, -1000.0),
        (-155.685, -1, -160.0),
        (4.9882269728843494e+210, -212, 0.0),
        (6.2352594174857165e-99, 104, 6.23526e-99),
        (2.3194233737809567e+18, 1, 2.3194233737809567e+18),
        (-1.6652152238198817e+18, -2, -1.6652152238198817e+18),
        (811.6005, 0, 812.0),
        (2.1617136784835277e+254, -255, 0.0),
        (918.5225, 2, 918.52),
        (-337.5655, 2, -337.57),
        (-542.519, -2, -500.0),
        (864.307, -1, 860.0),
        (-4.810049774065772e-15, 5, 0.0),
        (-2.2873358074243758e+18, -13, -2.28734e+18),
        (-4.2840962192416476e+18, -16, -4.28e+18),
        (195.1665, 2, 195.17),
        (-6.97455, 3, -6.975),
        (3180.25, 4, 3180.25),
        (-3.585281809906182e-21, -20, 0.0),
        (6.133634560914659e+281, -277, 6.1336e+281),
        (-602.441, -2, -600.0),
        (-638.259, 1, -638.3),
        (1.5955753716744603e-13, 21, 1.59557537e-13),
        (1.4172130004813903e+18, -7, 1.41721300048e+18),
        (3.321912782685019e+18, -13, 3.32191e+18),
        (3.731539399418682e-260, 260, 4e-260),
        (-144.45450000000002, 2, -144.45),
        (624.75, 2, 624.75),
        (-801.1875, -3, -1000.0),
        (-77.7635, 2, -77.76),
        (1.9094784188485646e+297, -295, 1.91e+297),
        (-26726.5, 3, -26726.5),
        (708.4275, -1, 710.0),
        (412.625, 4, 412.625),
        (-1.2626880062738885e+18, -7, -1.26268800627e+18),
        (515.474, -2, 500.0),
        (-20.9135, -2, 0.0),
        (7.760963343923864e+19, 17, 7.760963343923864e+19),
        (-0.053578561137653115, -1, 0.0),
        (383.6195, -1, 380.0),
        (7.683396629686701e+225, -221, 7.6834e+225),
        (470.629, 3, 470.629),
        (2.2820510825281137e-192, 192, 2e-192),
        (16.2995, 2, 16.3),
        (5226.105033672763, -22, 0.0),
        (-0.0004828847758339725, -1, 0.0),
        (5.404875167296783e+124, -119, 5.40488e+124),
        (8.463848232858266e-199, 203, 8.4638e-199),
        (9.883120056296259e-20, 2, 0.0),
        (-190.70350000000002, -1, -190.0),
        (-3.531715411249181e+18, -6, -3.531715411249e+18),
        (6.352299169029324e+17, -3, 6.35229916902932e+17),
        (1.1509764066804708e+18, -8, 1.1509764067e+18),
        (2.857504150513009e-25, 30, 2.8575e-25),
        (739.565, -2, 700.0),
        (5.449759400639356e+16, -20, 0.0),
        (-142.6735, 3, -142.673),
        (79508.4227847219, -19, 0.0),
        (9.887694472302952e+25, -27, 0.0),
        (-99.2415, 4, -99.2415),
        (9804.95, -2, 9800.0),
        (9.847295237534448e+177, -178, 1e+178),
        (265.8885, -2, 300.0),
        (248495942.60987583, -15, 0.0),
        (805.918, 2, 805.92),
        (1.5472412947063074e+71, -67, 1.5472e+71),
        (400.66949999999997, 4, 400.6695),
        (2.62129408416101e+295, -292, 2.621e+295),
        (9.50005, 4, 9.5),
        (997.8205, -1, 1000.0),
        (8.947, 1, 8.9),
        (6.249764252197865e+66, -65, 6.2e+66),
        (5.98575, 3, 5.986),
        (1.900246414028155e-16, 16, 2e-16),
        (996.269, 0, 996.0),
        (2.5681904048900073e-21, -5, 0.0),
        (11461.5, 2, 11461.5),
        (-79506079520938.94, -5, -79506079500000.0),
        (5.115763557917148e-11, 13, 5.12e-11),
        (323.5235, 4, 323.5235),
        (-7.26199769035817e+17, -9, -7.26199769e+17),
        (2960.55, 4, 2960.55),
        (60450515.32952266, 17, 60450515.32952266),
        (-68.1545, 1, -68.2),
        (-1.832036318313179e+18, -8, -1.8320363183e+18),
        (370.81850000000003, 2, 370.82),
        (4381.55, 1, 4381.6),
        (52198.5, 1, 52198.5),
        (-7.94195, -2, 0.0),
        (3.93860737699372e+18, -10, 3.93860738e+18),
        (-8.478414072074622e-08, 20, -8.478414072075e-08),
        (8170892816.115171, -5, 8170900000.0),
        (-2583.55, -1, -2580.0),
        (722.975, 0, 723.0),
        (-35510957.674272545, 14, -35510957.674272545),
        (9.18556622433585e-16, 20, 9.1856e-16),
        (803049430194.2407, -7, 803050000000.0),
        (-42.0105, 3, -42.011),
        (2.4830521705960566e+69, -67, 2.48e+69),
        (-27337.64398544336, 15, -27337.64398544336),
        (-1.0153010724623354e+18, -1, -1.0153010724623354e+18),
        (0.23005, -1, 0.0),
        (5.627792043781901e-121, 119, 0.0),
        (-5.3052547138683725e+17, -3, -5.30525471386837e+17),
        (883033299250035.6, -4, 883033299250000.0),
        (3024082.458270765, -18, 0.0),
        (5.468160905351837e+257, -259, 0.0),
        (-785.905, 3, -785.905),
        (7.981437193424579e-16, -21, 0.0),
        (-795.6345, 3, -795.635),
        (493.598, 4, 493.598),
        (3.381682393305696e+169, -166, 3.382e+169),
        (-114.445, 3, -114.445),
        (35.2845, -2, 0.0),
        (9.14976843045955e+119, -117, 9.15e+119),
        (6.118145194348175e-16, 7, 0.0),
        (6.402733551289711e+235, -233, 6.4e+235),
        (604506.8369794935, 4, 604506.837),
        (-484.6885, -1, -480.0),
        (-1.518988792736835e+18, -9, -1.518988793e+18),
        (-183.5225, 1, -183.5),
        (-84.4795, 0, -84.0),
        (-3.930013083222461e-12, -11, 0.0),
        (5.0627025155364746e-20, 15, 0.0),
        (1.1538539851127094e+18, -16, 1.15e+18),
        (-612.9915, 0, -613.0)

    ]

    @Test func agreesWithExactDecimalRounding() {
        for (x, digits, expected) in Self.oracle {
            #expect(DecimalRounding.round(x, digits: digits) == expected, "round(\(x), \(digits))")
        }
    }

    struct OverflowCase: CustomTestStringConvertible, Sendable {
        var query: String
        var id: DiagnosticID
        var message: String
        /// Where the error points.
        var at: String
        var testDescription: String { query }
    }

    static let overflows: [OverflowCase] = [
        OverflowCase(query: "from one | select x = 1e308 * 10", id: .runNumberOverflow,
                     message: "number overflow in '*': the result is beyond ±1.8e308, the range of a number", at: "1e308 * 10"),
        OverflowCase(query: "from one | select x = -1e308 - 1e308", id: .runNumberOverflow,
                     message: "number overflow in '-': the result is beyond ±1.8e308, the range of a number", at: "-1e308 - 1e308"),
        OverflowCase(query: "from one | select x = 1e300 / 1e-10", id: .runNumberOverflow,
                     message: "number overflow in '/': the result is beyond ±1.8e308, the range of a number", at: "1e300 / 1e-10"),
        OverflowCase(query: "from one | select x = 1e308% * 1000", id: .runNumberOverflow,
                     message: "number overflow in '*': the result is beyond ±1.8e308, the range of a number", at: "1e308% * 1000"),
        OverflowCase(query: "from one | select x = change(1e-300, 1e300)", id: .runNumberOverflow,
                     message: "number overflow in change(): the result is beyond ±1.8e308, the range of a number", at: "change(1e-300, 1e300)"),
        OverflowCase(query: "from one | select x = round(1.7976931348623157e308, -308)", id: .runNumberOverflow,
                     message: "number overflow in round(): the rounded value is beyond ±1.8e308", at: "round(1.7976931348623157e308, -308)"),
        OverflowCase(query: "from one | select x = round(9223372036854775807, -1)", id: .runIntegerOverflow,
                     message: "integer overflow in round(): the rounded value is beyond 64 bits", at: "round(9223372036854775807, -1)"),
        OverflowCase(query: "from one | select x = round(-9223372036854775807, -19)", id: .runIntegerOverflow,
                     message: "integer overflow in round(): the rounded value is beyond 64 bits", at: "round(-9223372036854775807, -19)"),
        OverflowCase(query: "from huge | summarize s = sum(x)", id: .runNumberOverflow,
                     message: "number overflow in sum(): the result is beyond ±1.8e308, the range of a number", at: "sum(x)"),
        OverflowCase(query: "from huge | summarize s = sum(x * 1.0) by g", id: .runNumberOverflow,
                     message: "number overflow in sum(): the result is beyond ±1.8e308, the range of a number", at: "sum(x * 1.0)"),
    ]

    static func hugeSession() throws -> Session {
        let session = try Self.session()
        session.register(try Table(columns: [
            Column(name: "x", type: .number, values: [.number(1.5e308), .number(1.6e308), .number(-1e308), .number(1.7e308)]),
            Column(name: "g", type: .integer, values: [.integer(1), .integer(1), .integer(2), .integer(2)]),
        ]), as: "huge")
        return session
    }

    @Test(arguments: overflows)
    func floatOverflowIsAnErrorAtItsPosition(_ c: OverflowCase) throws {
        let d = try T.error(try Self.hugeSession(), c.query)
        #expect(d.id == c.id)
        #expect(d.message == c.message)
        let start = try #require(T.offset(of: c.at, in: c.query))
        #expect(d.range == SourceRange(start, start + c.at.utf8.count))
    }

    @Test func averagesAndMediansOfHugeValuesStayInRange() throws {
        func close(_ v: Value, _ x: Double) -> Bool {
            guard case .number(let y) = v else { return false }
            return Swift.abs(y - x) <= x.magnitude * 1e-15
        }
        let session = try Self.hugeSession()
        let t = try T.table(session, "from huge | where x > 0 | summarize a = avg(x), m = median(x), b = avg(x * 1.0)")
        #expect(close(t[0, "a"], 1.6e308), "\(t[0, "a"])")
        #expect(close(t[0, "b"], 1.6e308), "\(t[0, "b"])")
        #expect(t[0, "m"] == .number(1.6e308))
        let even = try T.table(session, "from huge | where x > 1.55e308 | summarize m = median(x)")
        #expect(close(even[0, "m"], 1.65e308), "\(even[0, "m"])")
        // A sum that stays in range is unchanged.
        let fine = try T.table(session, "from huge | where g == 2 | summarize s = sum(x)")
        #expect(fine[0, "s"] == .number(-1e308 + 1.7e308))
    }

    @Test func divisionByZeroIsStillANullWithAWarning() throws {
        let outcome = try Self.session().run("from one | select x = n / 0, y = 1e308 * 0.5", fileName: "q.tq")
        #expect(outcome.diagnostics.map(\.id) == [.runDivisionByZero])
        #expect(outcome.tables.first?[0, "x"] == .null)
        #expect(outcome.tables.first?[0, "y"] == .number(5e307))
    }
}
