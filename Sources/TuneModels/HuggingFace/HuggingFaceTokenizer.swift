import Foundation
import TuneText

/// TuneLab's character and word vocabularies as a `tokenizers` `tokenizer.json`, which
/// `AutoTokenizer.from_pretrained` loads, and back.
///
/// Both are a WordLevel model (a plain token → id table, the same ids as TuneLab's):
///
///     character   pre-tokenizer Split on the regex \X (one grapheme cluster, what Swift
///                 calls a Character); decoder Fuse (tokens joined with nothing)
///     word        normalizer Lowercase (when the vocabulary was built lowercased);
///                 pre-tokenizers WhitespaceSplit then Punctuation (each mark a token)
///
/// Where the two libraries differ: the Punctuation pre-tokenizer isolates ASCII symbols
/// and Unicode punctuation, TuneLab's word splitter also every other Unicode symbol
/// (€, emoji), so text with those encodes differently; and `decode` joins words with
/// single spaces, where TuneLab glues punctuation to its neighbours. Ids of ordinary
/// text are the same (the interop tests check it).
public struct HuggingFaceTokenizer {
    public static let file = "tokenizer.json"
    public static let configFile = "tokenizer_config.json"

    /// The whole `tokenizer.json` object.
    var json: [String: Any]
    /// Special tokens for tokenizer_config.json.
    var unknownToken: String?
    var paddingToken: String?
    /// The padding id, if the vocabulary has one.
    public var paddingID: Int?

    /// The `tokenizers` form of `saved`; a WordPiece vocabulary is refused here (BERT
    /// folders carry their own vocab.txt).
    public static func json(for saved: SavedTokenizer) throws -> HuggingFaceTokenizer {
        let special = [CharacterTokenizer.unknownToken, WordTokenizer.paddingToken]
        func vocabulary(_ tokens: [String]) -> [String: Int] {
            Dictionary(uniqueKeysWithValues: tokens.enumerated().map { ($0.element, $0.offset) })
        }
        func addedTokens(_ tokens: [String]) -> [[String: Any]] {
            tokens.enumerated().filter { special.contains($0.element) }.map {
                ["id": $0.offset, "content": $0.element, "single_word": false, "lstrip": false, "rstrip": false,
                 "normalized": false, "special": true]
            }
        }
        switch saved {
        case .character(let tokenizer):
            // WordLevel always names an unknown token; without [UNK] in the vocabulary an
            // unseen character is an error there too, as in TuneLab.
            let model: [String: Any] = ["type": "WordLevel", "vocab": vocabulary(tokenizer.vocabulary), "unk_token": CharacterTokenizer.unknownToken]
            return HuggingFaceTokenizer(
                json: [
                    "version": "1.0", "truncation": NSNull(), "padding": NSNull(), "normalizer": NSNull(), "post_processor": NSNull(),
                    "added_tokens": addedTokens(tokenizer.vocabulary),
                    "pre_tokenizer": ["type": "Split", "pattern": ["Regex": "\\X"], "behavior": "Isolated", "invert": false],
                    "model": model,
                    "decoder": ["type": "Fuse"],
                ],
                unknownToken: tokenizer.unknownID == nil ? nil : CharacterTokenizer.unknownToken, paddingToken: nil, paddingID: nil)
        case .word(let tokenizer):
            return HuggingFaceTokenizer(
                json: [
                    "version": "1.0", "truncation": NSNull(), "padding": NSNull(), "post_processor": NSNull(), "decoder": NSNull(),
                    "added_tokens": addedTokens(tokenizer.vocabulary),
                    "normalizer": tokenizer.lowercases ? ["type": "Lowercase"] as [String: Any] : NSNull(),
                    "pre_tokenizer": ["type": "Sequence", "pretokenizers": [
                        ["type": "WhitespaceSplit"], ["type": "Punctuation", "behavior": "Isolated"],
                    ]],
                    "model": ["type": "WordLevel", "vocab": vocabulary(tokenizer.vocabulary), "unk_token": WordTokenizer.unknownToken],
                ],
                unknownToken: WordTokenizer.unknownToken, paddingToken: WordTokenizer.paddingToken, paddingID: WordTokenizer.paddingID)
        case .wordPiece:
            throw HuggingFaceFolderError.noEquivalent(
                what: "a language model with a WordPiece tokenizer",
                reason: "GPT2LMHeadModel folders carry a tokenizer.json; export WordPiece models as BERT folders (vocab.txt)")
        }
    }

    /// Writes tokenizer.json and tokenizer_config.json into `folder`.
    func write(to folder: URL, contextLength: Int) throws {
        try HuggingFaceGPT.writeJSON(json, to: folder.appendingPathComponent(Self.file))
        var config: [String: Any] = [
            "tokenizer_class": "PreTrainedTokenizerFast",
            "model_max_length": contextLength,
            "clean_up_tokenization_spaces": false,
        ]
        if let unknownToken { config["unk_token"] = unknownToken }
        if let paddingToken { config["pad_token"] = paddingToken }
        try HuggingFaceGPT.writeJSON(config, to: folder.appendingPathComponent(Self.configFile))
    }

    /// Reads `folder`'s tokenizer.json back as TuneLab's character or word tokenizer.
    public static func load(from folder: URL) throws -> SavedTokenizer {
        let url = folder.appendingPathComponent(file)
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw HuggingFaceFolderError.missingFile(path: url.path + " (TuneLab needs the vocabulary the model was trained with)")
        }
        let json = try HuggingFaceGPT.readJSONObject(url)
        let model = json["model"] as? [String: Any] ?? [:]
        let modelType = model["type"] as? String ?? "missing"
        guard modelType == "WordLevel", let vocab = model["vocab"] as? [String: Any] else {
            throw HuggingFaceFolderError.unsupportedTokenizer(
                file: url.path,
                reason: "its model is \(modelType); TuneLab reads WordLevel vocabularies of characters or words (GPT-2's own byte-level BPE is not one of TuneLab's tokenizers)")
        }
        var byID: [Int: String] = [:]
        for (token, id) in vocab {
            guard let id = (id as? NSNumber).flatMap({ Int(exactly: $0.doubleValue) }), byID[id] == nil else {
                throw HuggingFaceFolderError.unsupportedTokenizer(file: url.path, reason: "token \(String(reflecting: token)) has a repeated or non-integer id")
            }
            byID[id] = token
        }
        guard let tokens = (0..<byID.count).map({ byID[$0] }) as [String?]?, !tokens.contains(nil) else {
            throw HuggingFaceFolderError.unsupportedTokenizer(file: url.path, reason: "its ids are not 0 ..< \(byID.count) without gaps")
        }
        let vocabulary = tokens.compactMap { $0 }
        let pre = json["pre_tokenizer"] as? [String: Any] ?? [:]
        do {
            if pre["type"] as? String == "Split", (pre["pattern"] as? [String: Any])?["Regex"] as? String == "\\X" {
                return try .character(CharacterTokenizer(vocabulary: vocabulary))
            }
            let steps = (pre["pretokenizers"] as? [[String: Any]] ?? []).compactMap { $0["type"] as? String }
            if pre["type"] as? String == "Sequence", steps == ["WhitespaceSplit", "Punctuation"] {
                let lowercase = (json["normalizer"] as? [String: Any])?["type"] as? String == "Lowercase"
                return try .word(WordTokenizer(vocabulary: vocabulary, lowercase: lowercase))
            }
        } catch {
            throw HuggingFaceFolderError.unsupportedTokenizer(file: url.path, reason: "\(error)")
        }
        throw HuggingFaceFolderError.unsupportedTokenizer(
            file: url.path,
            reason: "its pre-tokenizer is \(pre["type"] as? String ?? "none"); TuneLab reads a Split on \\X (characters) or WhitespaceSplit then Punctuation (words)")
    }
}
