import Foundation

/// A lesson: its front matter and its steps (prose, cells, checks, exercises), in order.
public struct Lesson {
    /// The file it came from.
    public var file: URL
    /// The number in its file name (`03-overfitting.md` is 3); 0 when the name has none.
    public var number: Int
    /// The rest of the file name (`overfitting`).
    public var slug: String
    public var frontMatter: LessonFrontMatter
    public var steps: [LessonStep]
    /// The `#`/`##` headings in order, with the step each starts at and its minutes.
    public var sections: [LessonSection] = []

    public var title: String { frontMatter.title }

    /// Indexes of the steps that are check blocks.
    public var checkSteps: [Int] { steps.indices.filter { if case .check = steps[$0].content { return true } else { return false } } }
}

/// The YAML between the `---` lines at the top of a lesson.
public struct LessonFrontMatter: Equatable {
    public var title: String
    /// About how long the lesson takes.
    public var minutes: Int
    /// What the learner will be able to do.
    public var objectives: [String]
    /// What the lesson needs from earlier ones (`pretrained: base`).
    public var needs: [LessonNeed]

    public init(title: String, minutes: Int, objectives: [String], needs: [LessonNeed] = []) {
        self.title = title
        self.minutes = minutes
        self.objectives = objectives
        self.needs = needs
    }
}

/// Something a lesson needs, written `kind: name` (`pretrained: base`).
public struct LessonNeed: Equatable, CustomStringConvertible {
    public var kind: String
    public var name: String

    public init(kind: String, name: String) {
        self.kind = kind
        self.name = name
    }

    public var description: String { "\(kind): \(name)" }
}

/// One stop on the way through a lesson: `next` moves from one to the next.
public struct LessonStep {
    public enum Content {
        /// Markdown text to read.
        case prose(String)
        /// A `> **Try it:** ...` exercise, shown apart.
        case tryIt(String)
        /// A ```` ```tunelab ```` cell: commands, each with its line in the file.
        case cell([LessonCommand])
        /// A ```` ```check ```` block.
        case check(CheckBlock)
        /// A `> **Try it:**` quote followed by an ```` ```exercise ```` block: a task with
        /// its own checks, a ladder of hints and a solution the learner can reveal.
        case exercise(Exercise)
        /// A ```` ```predict ```` block: a guess the learner types before the next cell runs.
        case predict(Prediction)
        /// The `> **Takeaways**` box that ends a lesson: one item per line.
        case takeaways([String])
    }

    public var content: Content
    /// The line in the file where the step starts (1-based).
    public var line: Int

    public var kindName: String {
        switch content {
        case .prose: return "text"
        case .tryIt: return "exercise"
        case .cell: return "cell"
        case .check: return "check"
        case .exercise: return "exercise"
        case .predict: return "prediction"
        case .takeaways: return "takeaways"
        }
    }
}

/// A command of a cell and the line it is on.
public struct LessonCommand: Equatable {
    public var text: String
    public var line: Int

    public init(text: String, line: Int) {
        self.text = text
        self.line = line
    }
}

/// A check block: conditions that must all hold, and hints for when one does not.
public struct CheckBlock {
    public struct Condition {
        public var expression: CheckExpression
        public var line: Int
    }

    public var conditions: [Condition]
    public var hints: [String]
    public var line: Int
}
