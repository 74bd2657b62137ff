/// A published file: shown inline (image), in a player (audio, video) or as a download.
public struct AttachmentView: Sendable, Encodable {
    public var title: String
    public var fileName: String
    public var href: String
    public var size: String
    public var mimeType: String
    public var isImage: Bool
    public var isAudio: Bool
    public var isVideo: Bool
    public var isDownload: Bool
    /// The author gave a title (else `title` is the file name).
    public var hasTitle: Bool
    public init(title: String, fileName: String, href: String, size: String, mimeType: String,
                isImage: Bool, isAudio: Bool, isVideo: Bool) {
        self.title = title
        self.fileName = fileName
        self.href = href
        self.size = size
        self.mimeType = mimeType
        self.isImage = isImage
        self.isAudio = isAudio
        self.isVideo = isVideo
        self.isDownload = !(isImage || isAudio || isVideo)
        self.hasTitle = title != fileName
    }
}
