public enum Port0Version {
    /// Shown by `--version` and stamped into every table's comment.
    public static let current = "0.1.0"
}
