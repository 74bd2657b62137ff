/// How a file is shown, from its extension: inline image, audio or video player, or download.
struct MediaType {
    enum Kind { case image, audio, video, download }
    var kind: Kind
    var mime: String

    private static let table: [String: MediaType] = [
        "png": .init(kind: .image, mime: "image/png"), "jpg": .init(kind: .image, mime: "image/jpeg"),
        "jpeg": .init(kind: .image, mime: "image/jpeg"), "gif": .init(kind: .image, mime: "image/gif"),
        "webp": .init(kind: .image, mime: "image/webp"), "avif": .init(kind: .image, mime: "image/avif"),
        // SVG is offered as a download: an SVG opened directly can run script.
        "svg": .init(kind: .download, mime: "image/svg+xml"),
        "mp3": .init(kind: .audio, mime: "audio/mpeg"), "m4a": .init(kind: .audio, mime: "audio/mp4"),
        "ogg": .init(kind: .audio, mime: "audio/ogg"), "wav": .init(kind: .audio, mime: "audio/wav"),
        "mp4": .init(kind: .video, mime: "video/mp4"), "webm": .init(kind: .video, mime: "video/webm"),
        "mov": .init(kind: .video, mime: "video/quicktime"),
        "pdf": .init(kind: .download, mime: "application/pdf"), "csv": .init(kind: .download, mime: "text/csv"),
        "txt": .init(kind: .download, mime: "text/plain"),
    ]

    static func of(_ fileName: String) -> MediaType {
        let ext = fileName.split(separator: ".").last.map { $0.lowercased() } ?? ""
        return table[ext] ?? MediaType(kind: .download, mime: "application/octet-stream")
    }
}

/// File sizes as people read them, in the client's number format.
enum ByteSize {
    static func format(_ bytes: Int, localizer: Localizer) -> String {
        switch bytes {
        case ..<1024: return "\(localizer.number(Double(bytes))) B"
        case ..<(1024 * 1024): return "\(localizer.number((Double(bytes) / 1024).rounded())) KB"
        default: return "\(localizer.number((Double(bytes) / 1_048_576 * 10).rounded() / 10)) MB"
        }
    }
}
