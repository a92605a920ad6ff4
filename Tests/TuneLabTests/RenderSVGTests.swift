import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
import TuneLab

/// Collects element names and attributes while parsing.
final class SVGCollector: NSObject, XMLParserDelegate {
    var elements: [(name: String, attributes: [String: String])] = []
    var text = ""

    func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
                qualifiedName qName: String?, attributes attributeDict: [String: String] = [:]) {
        elements.append((elementName, attributeDict))
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        text += string
    }
}

@Suite struct RenderSVGTests {
    func parse(_ svg: String) -> (ok: Bool, collector: SVGCollector) {
        let parser = XMLParser(data: Data(svg.utf8))
        let collector = SVGCollector()
        parser.delegate = collector
        return (parser.parse(), collector)
    }

    let train: [Double] = (0..<30).map { (step: Int) -> Double in 2 * exp(-Double(step) / 8) + 0.4 }
    let valid: [Double] = (0..<30).map { (step: Int) -> Double in
        let drift = 0.001 * Double(step * step)
        return 2 * exp(-Double(step) / 8) + 0.6 + drift
    }

    @Test func parsesAsXMLWithOnePolylinePerSeries() {
        var valid = self.valid
        valid[3] = .nan
        let plot = LinePlot(series: [.init(name: "train", values: train), .init(name: "valid", values: valid)],
                            title: "Loss", xLabel: "epoch", yLabel: "loss", markers: [.init(x: 12, label: "best epoch")])
        let svg = SVGPlot(plot: plot).render()
        #expect(svg.hasPrefix("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg"))
        let (ok, collector) = parse(svg)
        #expect(ok)
        #expect(collector.elements.first?.name == "svg")
        let polylines = collector.elements.filter { $0.name == "polyline" }
        #expect(polylines.count == 2)
        #expect(polylines.map { $0.attributes["data-series"] } == ["train", "valid"])
        // The NaN point is skipped: 29 points for "valid", 30 for "train".
        let pointCounts = polylines.map { $0.attributes["points"]!.split(separator: " ").count }
        #expect(pointCounts == [30, 29])
        #expect(collector.elements.filter { $0.name == "line" && $0.attributes["class"] == "marker" }.count == 1)
        for text in ["Loss", "epoch", "loss", "best epoch", "train", "valid"] {
            #expect(collector.text.contains(text))
        }
    }

    @Test func monotoneSeriesHasMonotoneCoordinates() {
        let plot = LinePlot(series: [.init(name: "train", values: train)])
        let (_, collector) = parse(SVGPlot(plot: plot, width: 400, height: 300).render())
        let points = collector.elements.first { $0.name == "polyline" }!.attributes["points"]!
            .split(separator: " ").map { pair in pair.split(separator: ",").map { Double($0)! } }
        // x grows left to right; a decreasing loss has growing SVG y (downwards).
        #expect(zip(points, points.dropFirst()).allSatisfy { $0[0] < $1[0] && $0[1] <= $1[1] })
        #expect(points.allSatisfy { $0[0] >= 0 && $0[0] <= 400 && $0[1] >= 0 && $0[1] <= 300 })
    }

    @Test func labelsAreEscaped() {
        let hostile = "a < b & \"c\" > 'd' \u{1B}[31mred\u{1B}[0m \u{01}"
        let plot = LinePlot(series: [.init(name: hostile, values: [1, 2, 3])], title: hostile, xLabel: "<x>", yLabel: "&y")
        let svg = SVGPlot(plot: plot).render()
        let (ok, collector) = parse(svg)
        #expect(ok)
        #expect(collector.text.contains("a < b & \"c\" > 'd' red "))
        #expect(collector.text.contains("<x>") && collector.text.contains("&y"))
        #expect(!svg.contains("\u{1B}") && !svg.contains("\u{01}"))
        #expect(SVGPlot.escape("<&>\"'") == "&lt;&amp;&gt;&quot;&apos;")
    }

    @Test func logAxisTicksMatchTheTerminalPlot() {
        let rates = (0..<13).map { pow(10, -6 + Double($0) * 0.5) }
        let plot = LinePlot(series: [try! .init(name: "loss", x: rates, y: rates.map { 2 + log10($0) / 10 })],
                            xScale: .logarithmic)
        let (ok, collector) = parse(SVGPlot(plot: plot).render())
        #expect(ok)
        let axis = PlotAxis(covering: rates, scale: .logarithmic, tickCount: 6)
        for label in axis.tickLabels { #expect(collector.text.contains(label)) }
        #expect(axis.tickLabels.contains("1e-6"))
    }
}
