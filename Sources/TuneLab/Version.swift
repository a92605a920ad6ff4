/// TuneLab's version, printed by `tunelab --version` and in the welcome banner.
public enum TuneLabVersion {
    public static let string = "0.1.0"
}
