import Foundation
import TuneCheckpoint
import TuneEngine

/// Reading a BERT model's settings and weights out of its files.
extension PretrainedModelFiles {
    /// config.json, decoded and validated, checked against vocab.txt's line count.
    public func bertConfiguration() throws -> BERTConfiguration {
        let source = displayName(of: Self.configurationName)
        let configuration = try BERTConfiguration(json: data(of: Self.configurationName), source: source)
        let lineCount = try vocabularyTokens().count
        guard lineCount == configuration.vocabularySize else {
            throw PretrainedModelError.vocabularySizeMismatch(
                vocabularyFile: displayName(of: Self.vocabularyName), lineCount: lineCount,
                configurationFile: source, vocabularySize: configuration.vocabularySize)
        }
        return configuration
    }

    /// The weights, opened (and their header validated) by the safetensors reader.
    /// Its errors name the file as `displayName(of: "model.safetensors")`.
    public func weightsFile() throws -> SafetensorsFile {
        try SafetensorsFile(data: data(of: Self.weightsName), source: displayName(of: Self.weightsName))
    }

    /// The longest input for sentence embeddings (sentence_bert_config.json's
    /// `max_seq_length`; 256 for MiniLM), or nil when the file is absent.
    public func sentenceMaximumLength() throws -> Int? {
        guard let data = contents[Self.sentenceSettingsName] else { return nil }
        struct Settings: Decodable {
            var maximumLength: Int
            enum CodingKeys: String, CodingKey { case maximumLength = "max_seq_length" }
        }
        let source = displayName(of: Self.sentenceSettingsName)
        let settings: Settings
        do {
            settings = try JSONDecoder().decode(Settings.self, from: data)
        } catch {
            throw PretrainedModelError.invalidJSON(file: source, reason: BERTConfiguration.explain(error))
        }
        guard settings.maximumLength >= 2 else {
            throw PretrainedModelError.invalidConfiguration(
                file: source, field: "max_seq_length", value: String(settings.maximumLength), accepts: "at least 2")
        }
        return settings.maximumLength
    }

    /// Checks that 1_Pooling/config.json, when present, asks for mean pooling alone.
    public func checkMeanPooling() throws {
        guard let data = contents[Self.poolingName] else { return }
        let source = displayName(of: Self.poolingName)
        let object: [String: Any]
        do {
            guard let parsed = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
                throw PretrainedModelError.invalidJSON(file: source, reason: "the top level must be an object")
            }
            object = parsed
        } catch let error as PretrainedModelError {
            throw error
        } catch {
            throw PretrainedModelError.invalidJSON(file: source, reason: "not valid JSON")
        }
        let modes = object.keys.filter { $0.hasPrefix("pooling_mode_") && (object[$0] as? Bool) == true }.sorted()
        guard modes == ["pooling_mode_mean_tokens"] else {
            throw PretrainedModelError.unsupportedPooling(
                file: source, found: modes.isEmpty ? "not set" : modes.joined(separator: " + "))
        }
    }
}
