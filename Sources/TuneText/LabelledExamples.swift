/// A dataset's examples as a collection of `LabelledExample`, each made when it is read
/// from the dataset's columns (its text copied out of the shared byte buffer).
///
/// It reads like an array (`for e in ds.examples`, `ds.examples[i]`, `.map`, `.prefix`)
/// but holds no array of structs. Positions run from 0 to `count` - 1. Code that loops
/// over many examples and needs only a text or a class index can skip the struct:
/// `LabelledDataset.text(at:)` and `.labelIndex(at:)`.
public struct LabelledExamples: RandomAccessCollection, Equatable, Sendable {
    /// The storage, shared with the dataset (copy on write: no copy is made here).
    let columns: ExampleColumns
    /// The label names the class indices point into.
    let labels: [String]

    public var startIndex: Int { 0 }
    public var endIndex: Int { columns.count }
    public var indices: Range<Int> { 0..<columns.count }

    public subscript(position: Int) -> LabelledExample {
        LabelledExample(
            text: columns.text(at: position), label: labels[columns.labelIndex(at: position)],
            line: columns.line(at: position))
    }
}
